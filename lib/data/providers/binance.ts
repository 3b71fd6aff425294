import { Table } from "../../frame";
import type { OhlcvBar as Bar } from "../../market";
import { barsTable } from "./bars";
import { INTERVALS } from "./interval";
import { FetchBarsOptions, MarketDataProvider } from "./MarketDataProvider";
import { paginate } from "./paginate";
import { parseArrayRows, resolveRange } from "./parseFields";
import { ProviderError } from "./ProviderError";
import { ProviderTransport, TransportOptions } from "./ProviderTransport";
import { redactUrl } from "./redactUrl";

/*
 * Binance spot REST API, "Kline/Candlestick data" and "LIMITS"
 * (developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints, .../rest-api/limits):
 * - GET /api/v3/klines?symbol&interval&startTime&endTime&limit; limit default 500, max 1000; times in ms.
 *   Bars come oldest first; each is [openTime, open, high, low, close, volume, closeTime, quoteVolume,
 *   trades, takerBuyBase, takerBuyQuote, ignore] with prices and volumes as strings.
 * - Intervals 1s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w, 1M (case-sensitive).
 * - Request weight 2 per klines call; REQUEST_WEIGHT limit 6000 per minute per IP.
 * - 429 when a limit is broken, with Retry-After (seconds); continuing after 429s gets the IP banned: 418 with
 *   Retry-After (2 minutes to 3 days). Errors are { "code": -1121, "msg": "Invalid symbol." }.
 * - Every answer carries X-MBX-USED-WEIGHT-1M, the weight this IP used in the current minute: the bucket is
 *   lowered to what is left, so other processes on the same IP are accounted for.
 * - Market data needs no key; an API key goes in the X-MBX-APIKEY header.
 */

/** The real endpoint. */
export const BINANCE_BASE_URL = "https://api.binance.com";
/** The most klines one request returns. */
export const BINANCE_MAX_LIMIT = 1000;
/** Weight of one klines request. */
export const BINANCE_KLINES_WEIGHT = 2;
/** Token bucket of the documented limit: 6000 weight per minute. */
export const BINANCE_RATE_LIMIT = { capacity: 6000, refillPerSecond: 100 };

/** Options of {@link binanceProvider}. */
export interface BinanceOptions extends TransportOptions {
  /** API root. @default "https://api.binance.com" */
  baseUrl?: string;
  /** Bars per request, 1..1000. @default 1000 */
  limit?: number;
  /** Where BINANCE_API_KEY is read from (sent as X-MBX-APIKEY when set). @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * The Binance spot klines adapter.
 * @example
 * const binance = binanceProvider();
 * const bars = await binance.fetchBars("BTCUSDT", { interval: "1h", start: "2024-01-01", end: "2024-02-01" });
 */
export function binanceProvider(options: BinanceOptions = {}): MarketDataProvider & { transport: ProviderTransport } {
  const name = "binance";
  const baseUrl = (options.baseUrl ?? BINANCE_BASE_URL).replace(/\/+$/, "");
  const limit = options.limit ?? BINANCE_MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > BINANCE_MAX_LIMIT) {
    throw new ProviderError(`binance: 'limit' must be an integer in 1..${BINANCE_MAX_LIMIT}, got ${limit}`, { code: "INVALID_OPTIONS", provider: name, attempts: 0 });
  }
  const transport = new ProviderTransport(name, { rateLimit: BINANCE_RATE_LIMIT, ...options });
  const apiKey = (options.env ?? process.env).BINANCE_API_KEY;
  const headers: Record<string, string> = apiKey ? { "X-MBX-APIKEY": apiKey } : {};

  async function fetchBars(symbol: string, fetchOptions: FetchBarsOptions): Promise<Table> {
    const range = resolveRange(name, fetchOptions, transport.now());
    const bars = await paginate({
      provider: name,
      start: range.start,
      end: range.end,
      limit,
      direction: "forward",
      fetchPage: async (from, to) => {
        const query = new URLSearchParams({ symbol, interval: range.interval, startTime: String(from), endTime: String(to), limit: String(limit) });
        const url = `${baseUrl}/api/v3/klines?${query}`;
        const { body, headers: answer } = await transport.getJson(url, { weight: BINANCE_KLINES_WEIGHT, headers, describeError: binanceError });
        // The weight used by this IP in the current minute, by every process: keep the bucket below what is left.
        const used = Number(answer.get("x-mbx-used-weight-1m") ?? NaN);
        if (transport.bucket && Number.isFinite(used)) transport.bucket.limitTo(BINANCE_RATE_LIMIT.capacity - used);
        return parseKlines(body, symbol, redactUrl(url));
      },
    });
    return barsTable(bars.filter((b) => range.keep(b.timestamp)), range.start, range.end);
  }

  return { name, intervals: INTERVALS, fetchBars, transport };
}

/** Binance's error message `{ code, msg }` as text. */
function binanceError(body: unknown): string | undefined {
  const b = body as { code?: unknown; msg?: unknown } | null;
  return b && typeof b.msg === "string" ? `code ${String(b.code)}: ${b.msg}` : undefined;
}

/**
 * Klines arrays to bars.
 * @throws ProviderError MALFORMED when the body is not an array of kline arrays with numeric fields.
 * @example parseKlines([[1704067200000, "42283.58", "42554.57", "42261.02", "42475.23", "1271.68", 1704070799999]], "BTCUSDT", url)[0].close // 42475.23
 */
export function parseKlines(body: unknown, symbol: string, url: string): Bar[] {
  const provider = "binance";
  if (!Array.isArray(body)) {
    throw new ProviderError(`binance: ${symbol} klines answer is not an array: ${JSON.stringify(body).slice(0, 120)}`, { code: "MALFORMED", provider, url });
  }
  return parseArrayRows(body, { provider, symbol, url, fields: ["openTime", "open", "high", "low", "close", "volume"] });
}
