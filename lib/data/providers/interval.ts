import { parseTimeframe, timeframeMs } from "../../market";
import { ProviderError } from "./ProviderError";

/** Bar intervals the collectors understand, in quantlab's timeframe spelling (Binance's set, 1m to 1M). */
export const INTERVALS = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"] as const;

/** One of {@link INTERVALS}. "1M" is a calendar month; the others have a fixed length. */
export type Interval = (typeof INTERVALS)[number];

/**
 * Checks an interval and returns it typed, in its shortest spelling of lib/market's timeframe grammar
 * ("15min" and "15T" are "15m", "1H" is "1h").
 * @throws ProviderError INVALID_OPTIONS naming the value and the accepted ones.
 * @example checkInterval("1h", "binance"); checkInterval("15min") // "15m"
 */
export function checkInterval(interval: string, provider = "collect"): Interval {
  let canonical: string | undefined;
  try {
    canonical = parseTimeframe(interval).canonical;
  } catch {
    canonical = undefined;
  }
  if (canonical !== undefined && (INTERVALS as readonly string[]).includes(canonical)) return canonical as Interval;
  throw new ProviderError(`${provider}: 'interval' must be one of ${INTERVALS.join(", ")}, got '${interval}'`, { code: "INVALID_OPTIONS", provider, attempts: 0 });
}

/**
 * When the bar that opens at `start` closes (the next bar's open): fixed intervals add their length,
 * "1M" moves to the first day of the next month (UTC).
 * @example barEnd(Date.UTC(2024, 0, 31), "1M") === Date.UTC(2024, 1, 1)
 */
export function barEnd(start: number, interval: Interval): number {
  if (interval !== "1M") return start + timeframeMs(interval);
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
