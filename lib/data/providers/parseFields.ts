import { toEpochMs } from "../../frame";
import { barEnd, checkInterval, Interval } from "./interval";
import { FetchBarsOptions } from "./MarketDataProvider";
import type { OhlcvBar as Bar } from "../../market";
import { ProviderError } from "./ProviderError";

/**
 * A number from a provider's field: a JSON number or a numeric string (Binance and Bybit send prices as
 * strings to keep their decimals).
 * @throws ProviderError MALFORMED naming the provider, symbol, row and field.
 */
export function numberField(value: unknown, where: { provider: string; symbol: string; row: number; field: string; url?: string }): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? +value : NaN;
  // +"" and +"  " are 0: only a 0 needs the second look.
  if (Number.isFinite(n) && (n !== 0 || typeof value === "number" || (value as string).trim() !== "")) return n;
  throw new ProviderError(`${where.provider}: ${where.symbol} row ${where.row} field '${where.field}' is not a number: ${JSON.stringify(value)}`, { code: "MALFORMED", provider: where.provider, url: where.url }
  );
}

/** A fetch's range and interval, checked. */
export interface ResolvedRange {
  interval: Interval;
  start: number;
  end: number;
  /** Keep a bar opening at `t` only when this says so (closed bars only, unless turned off). */
  keep: (t: number) => boolean;
}

/**
 * Checks the options of a fetch: a known interval, times that parse, start before end.
 * @throws ProviderError INVALID_OPTIONS quoting the bad value.
 */
export function resolveRange(provider: string, options: FetchBarsOptions, now: number): ResolvedRange {
  const interval = checkInterval(options.interval, provider);
  const start = toEpochMs(options.start);
  const end = options.end === undefined ? now : toEpochMs(options.end);
  const bad = (field: string, value: unknown) =>
    new ProviderError(`${provider}: '${field}' must be a Date, epoch milliseconds or an ISO-8601 string, got ${JSON.stringify(value)}`, { code: "INVALID_OPTIONS", provider, attempts: 0 });
  if (Number.isNaN(start)) throw bad("start", options.start);
  if (Number.isNaN(end)) throw bad("end", options.end);
  if (start > end) {
    throw new ProviderError(`${provider}: 'start' ${new Date(start).toISOString()} is after 'end' ${new Date(end).toISOString()}`, { code: "INVALID_OPTIONS", provider, attempts: 0 });
  }
  const closedOnly = options.closedOnly ?? true;
  return { interval, start, end, keep: closedOnly ? (t) => barEnd(t, interval) <= now : () => true };
}

/**
 * Rows given as arrays [time, open, high, low, close, volume, ...] (Binance's and Bybit's klines) to bars;
 * `fields` names the first six positions for error messages.
 * @throws ProviderError MALFORMED naming the row and field of the first bad value.
 */
export function parseArrayRows(rows: unknown[], where: { provider: string; symbol: string; url: string; fields: readonly string[] }): Bar[] {
  const { provider, symbol, url, fields } = where;
  const bars: Bar[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length < 6) {
      throw new ProviderError(`${provider}: ${symbol} kline ${i} is not an array of at least 6 fields: ${JSON.stringify(row).slice(0, 120)}`, { code: "MALFORMED", provider, url });
    }
    const v = [0, 0, 0, 0, 0, 0];
    for (let k = 0; k < 6; k++) {
      const x = row[k];
      const n = typeof x === "string" && x.length > 0 && x.charCodeAt(0) > 32 ? +x : NaN;
      v[k] = Number.isFinite(n) ? n : numberField(x, { provider, symbol, row: i, field: fields[k], url });
    }
    bars[i] = { timestamp: v[0], open: v[1], high: v[2], low: v[3], close: v[4], volume: v[5] };
  }
  return bars;
}
