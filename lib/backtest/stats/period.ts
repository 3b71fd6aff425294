/**
 * How statistics are annualised from the bars' spacing, as backtesting.py does: the bar period is
 * the median spacing of the last 100 bars; weekly bars (7 days) give 52 periods a year, monthly (31)
 * 12, yearly (365) 1; anything else is treated as daily-or-finer and returns are taken per calendar
 * day, with 365 periods a year when weekends hold a fair share of bars (crypto) and 252 otherwise.
 */
export interface Annualisation {
  /** Periods per year (252, 365, 52, 12 or 1). */
  periodsPerYear: number;
  /** Calendar bucket of a time for the periodic returns: "day", "week" (Monday-Sunday), "month" or "year" (UTC). */
  bucket: "day" | "week" | "month" | "year";
}

const DAY = 86_400_000;

/** The median spacing of the last 100 bars, in ms (0 for fewer than two bars). */
export function dataPeriod(time: ArrayLike<number>): number {
  const from = Math.max(0, time.length - 100);
  const diffs: number[] = [];
  for (let i = from + 1; i < time.length; i++) diffs.push(time[i] - time[i - 1]);
  if (diffs.length === 0) return NaN;
  diffs.sort((a, b) => a - b);
  const mid = diffs.length >> 1;
  return diffs.length % 2 ? diffs[mid] : (diffs[mid - 1] + diffs[mid]) / 2;
}

/**
 * Chooses periods per year and the return bucket for bars at these times (epoch ms, UTC).
 * @example annualisation(dailyWeekdayTimes) // { periodsPerYear: 252, bucket: "day" }
 */
export function annualisation(timestamp: ArrayLike<number>): Annualisation {
  const days = Math.floor(dataPeriod(timestamp) / DAY);
  if (days === 7) return { periodsPerYear: 52, bucket: "week" };
  if (days === 31) return { periodsPerYear: 12, bucket: "month" };
  if (days === 365) return { periodsPerYear: 1, bucket: "year" };
  let weekend = 0;
  for (let i = 0; i < timestamp.length; i++) {
    const weekday = new Date(timestamp[i]).getUTCDay();
    if (weekday === 0 || weekday === 6) weekend++;
  }
  const haveWeekends = weekend / timestamp.length > (2 / 7) * 0.6;
  return { periodsPerYear: haveWeekends ? 365 : 252, bucket: "day" };
}

/** The calendar bucket number of a time (UTC). Weeks run Monday to Sunday, like pandas' "W". */
export function bucketOf(ms: number, bucket: Annualisation["bucket"]): number {
  switch (bucket) {
    case "day":
      return Math.floor(ms / DAY);
    case "week":
      return Math.floor((Math.floor(ms / DAY) + 3) / 7); // epoch day 0 was a Thursday
    case "month": {
      const d = new Date(ms);
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    }
    case "year":
      return new Date(ms).getUTCFullYear();
  }
}

/**
 * Returns per calendar bucket: the last equity of each bucket that has bars, then the simple return
 * from one bucket to the next, leaving out undefined ones (0 / 0 after equity reached 0): at most one
 * value fewer than there are buckets, empty for a single bucket. Like backtesting.py 0.6.6
 * (`pct_change().dropna()`), which no longer counts the leading NaN as a 0 % return.
 * @example periodicReturns([100, 110, 121], days, "day") // [0.1, 0.1] (three days)
 */
export function periodicReturns(equity: ArrayLike<number>, timestamp: ArrayLike<number>, bucket: Annualisation["bucket"]): Float64Array {
  const last: number[] = [];
  let current = NaN;
  for (let i = 0; i < equity.length; i++) {
    const b = bucketOf(timestamp[i], bucket);
    if (b !== current) {
      last.push(equity[i]);
      current = b;
    } else {
      last[last.length - 1] = equity[i];
    }
  }
  const out: number[] = [];
  for (let i = 1; i < last.length; i++) {
    const r = last[i] / last[i - 1] - 1;
    if (r === r) out.push(r);
  }
  return Float64Array.from(out);
}

const UNITS_MS = [DAY, 3_600_000, 60_000, 1_000, 1, 0.001];

/**
 * Rounds a duration up to the resolution of the bar period (its smallest non-zero unit: day, hour,
 * minute, second, ms, µs), as backtesting.py rounds its duration statistics. NaN stays NaN.
 * @example ceilDuration(40.3 * 86_400_000, 86_400_000) // 41 days in ms
 */
export function ceilDuration(ms: number, periodMs: number): number {
  if (!Number.isFinite(ms)) return ms;
  let unit = 0.001;
  if (Number.isFinite(periodMs) && periodMs > 0) {
    const us = Math.round(periodMs * 1000);
    unit = UNITS_MS.find((u) => us % Math.round(u * 1000) === 0) ?? 0.001;
  }
  const units = ms / unit;
  const rounded = Math.round(units);
  return (Math.abs(units - rounded) < 1e-9 * Math.max(1, Math.abs(units)) ? rounded : Math.ceil(units)) * unit;
}
