import { Table } from "../../frame";
import type { OhlcvBar as Bar } from "../../market";
import { barsTable } from "./bars";
import { Interval } from "./interval";
import { FetchBarsOptions, MarketDataProvider } from "./MarketDataProvider";
import { paginate } from "./paginate";
import { parseArrayRows, resolveRange } from "./parseFields";
import { ProviderError } from "./ProviderError";
import { ProviderTransport, TransportOptions } from "./ProviderTransport";
import { JsonResponse } from "./getJson";
import { redactUrl } from "./redactUrl";

/*
 * Bybit v5 "Get Kline" (bybit-exchange.github.io/docs/v5/market/kline) and "Rate Limit Rules"
 * (bybit-exchange.github.io/docs/v5/rate-limit):
 * - GET /v5/market/kline?category=linear&symbol&interval&start&end&limit; interval one of
 *   1,3,5,15,30,60,120,240,360,720,D,W,M; start/end in ms; limit 1..1000, default 200.
 * - Answer { retCode, retMsg, result: { category, symbol, list }, retExtInfo, time }; `list` is sorted in
 *   reverse by start time (newest first), each entry [startTime, open, high, low, close, volume, turnover],
 *   all strings. A range holding more than `limit` bars gives the newest ones, so pages walk backwards.
 * - Errors come as HTTP 200 with retCode != 0; retCode 10006 "Too many visits!" is the API rate limit, with
 *   X-Bapi-Limit-Reset-Timestamp (ms) saying when it resets. HTTP 403 "access too frequent" is an IP ban
 *   (wait at least 10 minutes). IP limit: 600 requests in any 5-second window.
 * - Public market data: no key is sent.
 */

/** The real endpoint. */
export const BYBIT_BASE_URL = "https://api.bybit.com";
/** The most klines one request returns. */
export const BYBIT_MAX_LIMIT = 1000;
/** Token bucket of the documented IP limit: 600 requests per 5 s. */
export const BYBIT_RATE_LIMIT = { capacity: 600, refillPerSecond: 120 };
/** retCode of Bybit's API rate limit. */
export const BYBIT_RATE_LIMIT_CODE = 10006;

/** quantlab interval -> Bybit's interval parameter. Bybit has no 8h and 3d bars. */
export const BYBIT_INTERVALS: Partial<Record<Interval, string>> = {
  "1m": "1",
  "3m": "3",
  "5m": "5",
  "15m": "15",
  "30m": "30",
  "1h": "60",
  "2h": "120",
  "4h": "240",
  "6h": "360",
  "12h": "720",
  "1d": "D",
  "1w": "W",
  "1M": "M",
};

/** Options of {@link bybitProvider}. */
export interface BybitOptions extends TransportOptions {
  /** API root. @default "https://api.bybit.com" */
  baseUrl?: string;
  /** Product type. @default "linear" */
  category?: "linear" | "inverse" | "spot";
  /** Bars per request, 1..1000. @default 1000 */
  limit?: number;
}

/**
 * The Bybit v5 kline adapter (USDT perpetuals by default).
 * @example
 * const bybit = bybitProvider();
 * const bars = await bybit.fetchBars("BTCUSDT", { interval: "1h", start: "2024-01-01", end: "2024-02-01" });
 */
export function bybitProvider(options: BybitOptions = {}): MarketDataProvider & { transport: ProviderTransport } {
  const name = "bybit";
  const baseUrl = (options.baseUrl ?? BYBIT_BASE_URL).replace(/\/+$/, "");
  const category = options.category ?? "linear";
  const limit = options.limit ?? BYBIT_MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > BYBIT_MAX_LIMIT) {
    throw new ProviderError(`bybit: 'limit' must be an integer in 1..${BYBIT_MAX_LIMIT}, got ${limit}`, { code: "INVALID_OPTIONS", provider: name, attempts: 0 });
  }
  const transport = new ProviderTransport(name, { rateLimit: BYBIT_RATE_LIMIT, ...options });

  async function fetchBars(symbol: string, fetchOptions: FetchBarsOptions): Promise<Table> {
    const range = resolveRange(name, fetchOptions, transport.now());
    const interval = BYBIT_INTERVALS[range.interval];
    if (interval === undefined) {
      throw new ProviderError(`bybit: has no '${range.interval}' bars; use one of ${Object.keys(BYBIT_INTERVALS).join(", ")}`, { code: "INVALID_OPTIONS", provider: name, attempts: 0 });
    }
    const bars = await paginate({
      provider: name,
      start: range.start,
      end: range.end,
      limit,
      direction: "backward",
      fetchPage: async (from, to) => {
        const query = new URLSearchParams({ category, symbol, interval, start: String(from), end: String(to), limit: String(limit) });
        const url = `${baseUrl}/v5/market/kline?${query}`;
        const { body } = await transport.getJson(url, { checkBody: (r, shown) => checkEnvelope(r, shown, transport.now()), describeError: bybitError });
        return parseBybitKlines(body, symbol, redactUrl(url));
      },
    });
    return barsTable(bars.filter((b) => range.keep(b.timestamp)), range.start, range.end);
  }

  return { name, intervals: Object.keys(BYBIT_INTERVALS), fetchBars, transport };
}

function bybitError(body: unknown): string | undefined {
  const b = body as { retCode?: unknown; retMsg?: unknown } | null;
  return b && typeof b.retMsg === "string" ? `retCode ${String(b.retCode)}: ${b.retMsg}` : undefined;
}

/** Throws for a 200 answer whose envelope says the call failed. */
function checkEnvelope(response: JsonResponse, url: string, now: number): void {
  const provider = "bybit";
  const body = response.body as { retCode?: unknown; retMsg?: unknown } | null;
  if (!body || typeof body !== "object" || typeof body.retCode !== "number") {
    throw new ProviderError(`bybit: the answer from ${url} has no numeric 'retCode': ${JSON.stringify(body).slice(0, 120)}`, { code: "MALFORMED", provider, status: response.status, url });
  }
  if (body.retCode === 0) return;
  const message = `bybit: retCode ${body.retCode} (${String(body.retMsg)}) at ${url}`;
  if (body.retCode === BYBIT_RATE_LIMIT_CODE) {
    const reset = Number(response.headers.get("x-bapi-limit-reset-timestamp"));
    const retryAfterMs = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset - now) : undefined;
    throw new ProviderError(message, { code: "RATE_LIMITED", provider, status: response.status, url, retryAfterMs });
  }
  throw new ProviderError(message, { code: "REQUEST_REJECTED", provider, status: response.status, url });
}

/**
 * `result.list` to bars (Bybit sends it newest first; order does not matter here).
 * @throws ProviderError MALFORMED when `result.list` is missing or an entry is not numeric.
 * @example parseBybitKlines({ retCode: 0, result: { list: [["1704067200000", "42300", "42560", "42250", "42480", "950.1", "4.0e7"]] } }, "BTCUSDT", url)[0].timestamp // 1704067200000
 */
export function parseBybitKlines(body: unknown, symbol: string, url: string): Bar[] {
  const provider = "bybit";
  const list = (body as { result?: { list?: unknown } }).result?.list;
  if (!Array.isArray(list)) {
    throw new ProviderError(`bybit: ${symbol} answer has no array 'result.list': ${JSON.stringify(body).slice(0, 120)}`, { code: "MALFORMED", provider, url });
  }
  return parseArrayRows(list, { provider, symbol, url, fields: ["startTime", "open", "high", "low", "close", "volume"] });
}
