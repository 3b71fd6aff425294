import { ProviderError } from "./ProviderError";

/** Bar intervals the collectors understand, in quantlab's timeframe spelling (Binance's set, 1m to 1M). */
export const INTERVALS = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"] as const;

/** One of {@link INTERVALS}. "1M" is a calendar month; the others have a fixed length. */
export type Interval = (typeof INTERVALS)[number];

const FIXED_MS: Record<Exclude<Interval, "1M">, number> = {
  "1m": 60_000,
  "3m": 180_000,
  "5m": 300_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "1h": 3_600_000,
  "2h": 7_200_000,
  "4h": 14_400_000,
  "6h": 21_600_000,
  "8h": 28_800_000,
  "12h": 43_200_000,
  "1d": 86_400_000,
  "3d": 259_200_000,
  "1w": 604_800_000,
};

/**
 * Checks an interval name and returns it typed.
 * @throws ProviderError INVALID_OPTIONS naming the value and the accepted ones.
 * @example checkInterval("1h", "binance")
 */
export function checkInterval(interval: string, provider = "collect"): Interval {
  if ((INTERVALS as readonly string[]).includes(interval)) return interval as Interval;
  throw new ProviderError("INVALID_OPTIONS", `${provider}: 'interval' must be one of ${INTERVALS.join(", ")}, got '${interval}'`, { provider, attempts: 0 });
}

/**
 * When the bar that opens at `start` closes (the next bar's open): fixed intervals add their length,
 * "1M" moves to the first day of the next month (UTC).
 * @example barEnd(Date.UTC(2024, 0, 31), "1M") === Date.UTC(2024, 1, 1)
 */
export function barEnd(start: number, interval: Interval): number {
  if (interval !== "1M") return start + FIXED_MS[interval];
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
