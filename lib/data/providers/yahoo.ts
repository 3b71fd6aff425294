import { Table } from "../../frame";
import type { OhlcvBar as Bar } from "../../market";
import { barsTable } from "./bars";
import { Interval } from "./interval";
import { BarsWithActions, FetchBarsOptions, MarketDataProvider } from "./MarketDataProvider";
import { numberField, resolveRange } from "./parseFields";
import { ProviderError } from "./ProviderError";
import { ProviderTransport, TransportOptions } from "./ProviderTransport";
import { redactUrl } from "./redactUrl";
import { actionsTable, parseChartEvents, unadjustSplits } from "./yahooEvents";

/*
 * Yahoo Finance chart API, GET /v8/finance/chart/{symbol}?period1&period2&interval. Yahoo publishes no
 * official reference; the format below is the one documented by the clients that use it (yahoo-finance2's
 * docs/modules/chart.md, yfinance):
 * - period1/period2 in epoch seconds; interval 1d, 1wk, 1mo (and intraday ones, not used here).
 * - Answer { chart: { result: [{ meta: { symbol, gmtoffset, exchangeTimezoneName, ... }, timestamp: [s...],
 *   indicators: { quote: [{ open, high, low, close, volume }], adjclose: [{ adjclose }] } }], error: null } }.
 *   Arrays are parallel to `timestamp`; a day may hold nulls (no trade recorded), such rows are dropped.
 * - Errors: { chart: { result: null, error: { code: "Not Found", description: "..." } } } (HTTP 404 or 200).
 * - Daily timestamps are the session's open in exchange time; they are labelled here by the session date
 *   at 00:00 UTC (the convention of quantlab's daily CSVs), using meta.gmtoffset.
 * - meta.currentTradingPeriod.regular.{start,end} (epoch seconds) give the current session's regular hours:
 *   its bar counts as closed from `end` on.
 * - No documented rate limit: the default bucket is a polite 1 request per second, burst 5.
 * - events=div,splits adds the range's dividends and splits (see yahooEvents.ts). Yahoo's prices are
 *   adjusted for every split it knows, also those after the range: the adapter undoes that adjustment so
 *   stored bars are as traded, asking for the splits after the range with a second, small request
 *   (interval 1mo) when the range ends more than a day before now.
 */

/** The real endpoint. */
export const YAHOO_BASE_URL = "https://query1.finance.yahoo.com";
/** Token bucket for an undocumented limit: 1 request per second, bursts of 5. */
export const YAHOO_RATE_LIMIT = { capacity: 5, refillPerSecond: 1 };
/** quantlab interval -> Yahoo's interval parameter (daily and longer). */
export const YAHOO_INTERVALS: Partial<Record<Interval, string>> = { "1d": "1d", "1w": "1wk", "1M": "1mo" };

/** Options of {@link yahooProvider}. */
export interface YahooOptions extends TransportOptions {
  /** API root. @default "https://query1.finance.yahoo.com" */
  baseUrl?: string;
}

/**
 * The Yahoo chart adapter for daily (weekly, monthly) equity bars; one request covers the whole range
 * (plus one for later splits when the range ends in the past). Bars come as traded: Yahoo's split
 * adjustment is undone. `fetchBarsWithActions` also returns the range's splits and dividends.
 * @example
 * const yahoo = yahooProvider();
 * const bars = await yahoo.fetchBars("AAPL", { interval: "1d", start: "2024-01-01", end: "2024-07-01" });
 * const { actions } = await yahoo.fetchBarsWithActions("AAPL", { interval: "1d", start: "2020-01-01" });
 */
export function yahooProvider(options: YahooOptions = {}): MarketDataProvider & Required<Pick<MarketDataProvider, "fetchBarsWithActions">> & { transport: ProviderTransport } {
  const name = "yahoo";
  const baseUrl = (options.baseUrl ?? YAHOO_BASE_URL).replace(/\/+$/, "");
  const transport = new ProviderTransport(name, { rateLimit: YAHOO_RATE_LIMIT, ...options });

  async function fetchBarsWithActions(symbol: string, fetchOptions: FetchBarsOptions): Promise<BarsWithActions> {
    const range = resolveRange(name, fetchOptions, transport.now());
    const interval = YAHOO_INTERVALS[range.interval];
    if (interval === undefined) {
      throw new ProviderError(`yahoo: serves daily and longer bars here; 'interval' must be one of ${Object.keys(YAHOO_INTERVALS).join(", ")}, got '${range.interval}'`, { code: "INVALID_OPTIONS", provider: name, attempts: 0 });
    }
    // Session dates are labelled at 00:00 UTC while Yahoo stamps the session's open, so ask from a day
    // earlier and one day later; barsTable cuts to [start, end) on the labels.
    const chartUrl = (from: number, to: number, step: string, events: string) =>
      `${baseUrl}/v8/finance/chart/${encodeURIComponent(symbol)}?${new URLSearchParams({ period1: String(Math.floor(from / 1000)), period2: String(Math.ceil(to / 1000)), interval: step, events })}`;
    const url = chartUrl(range.start - 86_400_000, range.end + 86_400_000, interval, "div,splits");
    const { body } = await transport.getJson(url, { describeError: yahooError });
    const bars = parseChart(body, symbol, redactUrl(url));
    const events = parseChartEvents(body, symbol, redactUrl(url));
    const now = transport.now();
    const later: typeof events = [];
    if (bars.length > 0 && range.end + 86_400_000 < now) {
      const laterUrl = chartUrl(range.end, now, "1mo", "splits");
      const answer = await transport.getJson(laterUrl, { describeError: yahooError });
      for (const action of parseChartEvents(answer.body, symbol, redactUrl(laterUrl))) {
        if (action.split !== 1 && !events.some((e) => e.timestamp === action.timestamp)) later.push({ timestamp: action.timestamp, dividend: 0, split: action.split });
      }
    }
    const raw = unadjustSplits(bars, [...events, ...later]);
    const closedOnly = fetchOptions.closedOnly ?? true;
    const session = range.interval === "1d" ? currentSession(body) : undefined;
    // A daily bar is closed once its session's regular hours end (not at midnight UTC after its label), when
    // Yahoo says when the current session ends; otherwise the generic rule applies.
    const keep = !closedOnly || session === undefined ? range.keep : (t: number) => t < session.date || (t === session.date && now >= session.closeMs);
    const inRange = (t: number) => t >= range.start && t < range.end;
    return {
      bars: barsTable(raw.bars.filter((b) => keep(b.timestamp)), range.start, range.end),
      actions: actionsTable(raw.actions.filter((a) => inRange(a.timestamp))),
    };
  }

  async function fetchBars(symbol: string, fetchOptions: FetchBarsOptions): Promise<Table> {
    return (await fetchBarsWithActions(symbol, fetchOptions)).bars;
  }

  return { name, intervals: Object.keys(YAHOO_INTERVALS), fetchBars, fetchBarsWithActions, transport };
}

function yahooError(body: unknown): string | undefined {
  const error = (body as { chart?: { error?: { code?: unknown; description?: unknown } } } | null)?.chart?.error;
  return error ? `${String(error.code)}: ${String(error.description)}` : undefined;
}

/**
 * A chart answer to bars labelled by session date (00:00 UTC); rows with a null price are dropped, a null
 * volume with prices present reads as 0.
 * @throws ProviderError REQUEST_REJECTED for a `chart.error`; MALFORMED when `chart.result[0]` or its
 *   parallel arrays are missing or of different lengths, or a value is not a number.
 * @example parseChart(body, "AAPL", url) // [{ timestamp: Date.UTC(2024, 0, 2), open: 187.15, ... }, ...]
 */
export function parseChart(body: unknown, symbol: string, url: string): Bar[] {
  const provider = "yahoo";
  const chart = (body as { chart?: { result?: unknown; error?: unknown } } | null)?.chart;
  if (!chart || typeof chart !== "object") {
    throw new ProviderError(`yahoo: ${symbol} answer has no 'chart' object: ${JSON.stringify(body).slice(0, 120)}`, { code: "MALFORMED", provider, url });
  }
  if (chart.error) throw new ProviderError(`yahoo: ${symbol}: ${yahooError(body)} (${url})`, { code: "REQUEST_REJECTED", provider, url });
  const result = Array.isArray(chart.result) ? (chart.result[0] as Record<string, unknown> | undefined) : undefined;
  if (!result) throw new ProviderError(`yahoo: ${symbol} answer has no 'chart.result[0]'`, { code: "MALFORMED", provider, url });
  const timestamps = result.timestamp ?? [];
  if (!Array.isArray(timestamps)) throw new ProviderError(`yahoo: ${symbol} 'timestamp' is not an array`, { code: "MALFORMED", provider, url });
  if (timestamps.length === 0) return []; // a range with no session: Yahoo leaves out timestamp and quotes
  const quote = (result.indicators as { quote?: Record<string, unknown>[] } | undefined)?.quote?.[0];
  if (!quote) throw new ProviderError(`yahoo: ${symbol} answer has no 'indicators.quote[0]'`, { code: "MALFORMED", provider, url });
  const fields = ["open", "high", "low", "close", "volume"] as const;
  for (const field of fields) {
    const column = quote[field];
    if (!Array.isArray(column) || column.length !== timestamps.length) {
      throw new ProviderError(`yahoo: ${symbol} 'indicators.quote[0].${field}' is not an array of ${timestamps.length} values`, { code: "MALFORMED", provider, url });
    }
  }
  const offsetMs = Number((result.meta as { gmtoffset?: unknown } | undefined)?.gmtoffset ?? 0) * 1000;
  const bars: Bar[] = [];
  timestamps.forEach((t, i) => {
    const column = (field: (typeof fields)[number]) => (quote[field] as unknown[])[i];
    if (["open", "high", "low", "close"].some((f) => column(f as (typeof fields)[number]) === null)) return;
    const at = (field: (typeof fields)[number]) => numberField(column(field), { provider, symbol, row: i, field, url });
    const seconds = numberField(t, { provider, symbol, row: i, field: "timestamp", url });
    const sessionDate = Math.floor((seconds * 1000 + offsetMs) / 86_400_000) * 86_400_000;
    bars.push({ timestamp: sessionDate, open: at("open"), high: at("high"), low: at("low"), close: at("close"), volume: column("volume") === null ? 0 : at("volume") });
  });
  return bars;
}

/**
 * The current session of a chart answer, from `meta.currentTradingPeriod.regular`: its date label (00:00 UTC,
 * as {@link parseChart} labels bars) and when its regular hours end (epoch ms); undefined when absent.
 * @example currentSession(body) // { date: 1704240000000, closeMs: 1704315600000 }
 */
export function currentSession(body: unknown): { date: number; closeMs: number } | undefined {
  const meta = (body as { chart?: { result?: { meta?: Record<string, unknown> }[] } } | null)?.chart?.result?.[0]?.meta;
  const end = (meta?.currentTradingPeriod as { regular?: { end?: unknown } } | undefined)?.regular?.end;
  if (typeof end !== "number" || !Number.isFinite(end)) return undefined;
  const offsetMs = Number(meta?.gmtoffset ?? 0) * 1000;
  const closeMs = end * 1000;
  return { date: Math.floor((closeMs - 1 + offsetMs) / 86_400_000) * 86_400_000, closeMs };
}
