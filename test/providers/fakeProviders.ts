/**
 * A local stand-in for the three providers, on 127.0.0.1 (port 0), answering in each one's documented
 * format (see the comments in lib/data/providers/{binance,bybit,yahoo}.ts for the documents):
 * - Binance GET /api/v3/klines: arrays oldest first, the first `limit` (default 500, max 1000) bars with open
 *   time in [startTime, endTime]; 400 { code: -1121, msg: "Invalid symbol." } for an unknown symbol.
 * - Bybit GET /v5/market/kline: { retCode, retMsg, result: { list } } with the newest `limit` (default 200)
 *   bars in [start, end], newest first; retCode 10001 for an unknown symbol.
 * - Yahoo GET /v8/finance/chart/{symbol}: weekday sessions stamped 14:30 UTC (gmtoffset -18000), every
 *   fifth session all nulls (a day Yahoo has no trade for); meta.currentTradingPeriod.regular is the
 *   listing's last session, 14:30-21:00 UTC; 404 chart.error for an unknown symbol.
 * Scripted answers (`failNext`) take precedence, to produce errors, rate limits, hangs and broken bodies.
 * Every request is recorded.
 */
import * as http from "http";
import { AddressInfo } from "net";

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** The price of the bar opening at `t`: a deterministic function of time, the reference the tests compare to. */
export function referenceBar(t: number): { open: number; high: number; low: number; close: number; volume: number } {
  const k = Math.floor(t / MINUTE);
  const open = 100 + (k % 97) * 0.25;
  const close = open + ((k % 7) - 3) * 0.125;
  return { open, high: Math.max(open, close) + 0.5, low: Math.min(open, close) - 0.5, close, volume: 1 + (k % 13) };
}

/** A series a fake provider serves: bars every `stepMs` from `from` (inclusive) to `to` (exclusive). */
export interface Listing {
  from: number;
  to: number;
}

/** A scripted answer. "hang" never answers; "reset" destroys the socket. */
export type Scripted = { status: number; body: string; headers?: Record<string, string> } | "hang" | "reset";

export interface RecordedRequest {
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

export interface FakeProviders {
  /** Base URL, e.g. http://127.0.0.1:12345 (all three providers share it; their paths differ). */
  url: string;
  requests: RecordedRequest[];
  /** Requests whose path starts with `prefix`. */
  requestsTo(prefix: string): RecordedRequest[];
  /** The next `times` requests to a path starting with `prefix` get `answer`. */
  failNext(prefix: string, answer: Scripted, times?: number): void;
  /** Symbols each provider knows, and the span it has bars for. */
  listings: Map<string, Listing>;
  /** When set, Binance answers carry X-MBX-USED-WEIGHT-1M with this value. */
  binanceUsedWeight: number | null;
  close(): Promise<void>;
}

const BYBIT_STEP: Record<string, number> = { "1": MINUTE, "3": 3 * MINUTE, "5": 5 * MINUTE, "15": 15 * MINUTE, "30": 30 * MINUTE, "60": HOUR, "120": 2 * HOUR, "240": 4 * HOUR, "360": 6 * HOUR, "720": 12 * HOUR, D: DAY, W: 7 * DAY };
const BINANCE_STEP: Record<string, number> = { "1m": MINUTE, "3m": 3 * MINUTE, "5m": 5 * MINUTE, "15m": 15 * MINUTE, "30m": 30 * MINUTE, "1h": HOUR, "2h": 2 * HOUR, "4h": 4 * HOUR, "6h": 6 * HOUR, "8h": 8 * HOUR, "12h": 12 * HOUR, "1d": DAY, "3d": 3 * DAY };

/** Open times of a listing's bars in [lo, hi] (inclusive) for a step. */
export function barTimes(listing: Listing, step: number, lo: number, hi: number): number[] {
  const out: number[] = [];
  const first = Math.max(listing.from, Math.ceil(lo / step) * step);
  for (let t = first; t <= hi && t < listing.to; t += step) out.push(t);
  return out;
}

/** Weekday session dates (00:00 UTC) of a listing in [lo, hi), and which of them Yahoo reports as nulls. */
export function yahooSessions(listing: Listing, lo: number, hi: number): { date: number; nulls: boolean }[] {
  const out: { date: number; nulls: boolean }[] = [];
  for (let d = Math.max(listing.from, Math.ceil(lo / DAY) * DAY); d < hi && d < listing.to; d += DAY) {
    const weekday = new Date(d).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    out.push({ date: d, nulls: Math.floor(d / DAY) % 5 === 0 });
  }
  return out;
}

const str = (n: number) => n.toFixed(8);

export async function startFakeProviders(): Promise<FakeProviders> {
  const requests: RecordedRequest[] = [];
  const scripted: { prefix: string; answer: Scripted }[] = [];
  const listings = new Map<string, Listing>();
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query = Object.fromEntries(url.searchParams.entries());
    requests.push({ path: url.pathname, query, headers: req.headers });
    const i = scripted.findIndex((s) => url.pathname.startsWith(s.prefix));
    if (i >= 0) {
      const { answer } = scripted.splice(i, 1)[0];
      if (answer === "hang") {
        hanging.add(res);
        return;
      }
      if (answer === "reset") {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body);
      return;
    }
    const json = (status: number, body: unknown) => {
      const weight = url.pathname === "/api/v3/klines" && fake.binanceUsedWeight !== null ? { "x-mbx-used-weight-1m": String(fake.binanceUsedWeight) } : {};
      res.writeHead(status, { "content-type": "application/json", ...weight });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/api/v3/klines") {
      const listing = listings.get(query.symbol);
      if (!listing) return json(400, { code: -1121, msg: "Invalid symbol." });
      const limit = Number(query.limit ?? 500);
      if (limit > 1000) return json(400, { code: -1130, msg: "Data sent for parameter 'limit' is not valid." });
      const step = BINANCE_STEP[query.interval];
      if (!step) return json(400, { code: -1120, msg: "Invalid interval." });
      const times = barTimes(listing, step, Number(query.startTime ?? listing.from), Number(query.endTime ?? listing.to)).slice(0, limit);
      return json(
        200,
        times.map((t) => {
          const b = referenceBar(t);
          return [t, str(b.open), str(b.high), str(b.low), str(b.close), str(b.volume), t + step - 1, "0", 10, "0", "0", "0"];
        }),
      );
    }
    if (url.pathname === "/v5/market/kline") {
      const listing = listings.get(query.symbol);
      if (!listing) return json(200, { retCode: 10001, retMsg: "params error: symbol invalid", result: {}, retExtInfo: {}, time: Date.now() });
      const limit = Number(query.limit ?? 200);
      const step = BYBIT_STEP[query.interval];
      if (!step) return json(200, { retCode: 10001, retMsg: "Invalid period!", result: {}, retExtInfo: {}, time: Date.now() });
      const times = barTimes(listing, step, Number(query.start ?? listing.from), Number(query.end ?? listing.to));
      const page = times.slice(Math.max(0, times.length - limit)).reverse();
      const list = page.map((t) => {
        const b = referenceBar(t);
        return [String(t), String(b.open), String(b.high), String(b.low), String(b.close), String(b.volume), "0"];
      });
      return json(200, { retCode: 0, retMsg: "OK", result: { category: query.category, symbol: query.symbol, list }, retExtInfo: {}, time: Date.now() });
    }
    const chart = /^\/v8\/finance\/chart\/(.+)$/.exec(url.pathname);
    if (chart) {
      const symbol = decodeURIComponent(chart[1]);
      const listing = listings.get(symbol);
      if (!listing) return json(404, { chart: { result: null, error: { code: "Not Found", description: "No data found, symbol may be delisted" } } });
      const sessions = yahooSessions(listing, Number(query.period1) * 1000 - DAY, Number(query.period2) * 1000).filter(
        (s) => s.date + 14.5 * HOUR >= Number(query.period1) * 1000 && s.date + 14.5 * HOUR < Number(query.period2) * 1000,
      );
      const quote = { open: [] as (number | null)[], high: [] as (number | null)[], low: [] as (number | null)[], close: [] as (number | null)[], volume: [] as (number | null)[] };
      for (const s of sessions) {
        const b = referenceBar(s.date);
        for (const f of ["open", "high", "low", "close", "volume"] as const) quote[f].push(s.nulls ? null : b[f]);
      }
      // The current trading period: the listing's last session, regular hours 14:30-21:00 UTC.
      const last = yahooSessions(listing, listing.from, listing.to).at(-1);
      const currentTradingPeriod = last ? { regular: { timezone: "EST", start: (last.date + 14.5 * HOUR) / 1000, end: (last.date + 21 * HOUR) / 1000, gmtoffset: -18000 } } : undefined;
      const meta = { symbol, currency: "USD", gmtoffset: -18000, exchangeTimezoneName: "America/New_York", dataGranularity: query.interval, currentTradingPeriod };
      const result: Record<string, unknown> = { meta, indicators: { quote: [quote] } };
      if (sessions.length > 0) result.timestamp = sessions.map((s) => (s.date + 14.5 * HOUR) / 1000);
      return json(200, { chart: { result: [result], error: null } });
    }
    json(404, { error: "no such path" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeProviders = {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    failNext(prefix, answer, times = 1) {
      for (let k = 0; k < times; k++) scripted.push({ prefix, answer });
    },
    listings,
    binanceUsedWeight: null,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** A sleep that records its waits and returns at once (backoff and rate-limit waits are counted, not slept). */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

