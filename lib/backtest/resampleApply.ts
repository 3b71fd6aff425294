import { closedBarIndex, parseTimeframe } from "../market";
import { InvalidOptionError } from "./errors";

/** How a higher-timeframe bar summarises its bars (pandas' aggregation names). */
export type ResampleAgg = "first" | "last" | "max" | "min" | "sum";

/** Options of {@link resampleApply}. */
export interface ResampleApplyOptions {
  /** The higher timeframe, in lib/market's grammar: seconds, minutes, hours, days ("4h", "1d") or one week ("1w", weeks ending Sunday). */
  rule: string;
  /** Bar times, epoch ms (UTC), ascending. */
  timestamp: ArrayLike<number>;
  /** How to summarise the values of each higher bar. @default "last" (right for closes; "max" for highs, ...) */
  agg?: ResampleAgg;
}

const DAY = 86_400_000;
const FIRST_SUNDAY = 3 * DAY; // 1970-01-04

/**
 * Applies `fn` (e.g. an indicator) to `series` resampled to a higher timeframe and aligns the result
 * back to the original bars without look-ahead, as backtesting.py's `lib.resample_apply` (pandas'
 * `resample(rule, label='right').agg(agg).dropna()`, then forward-filled onto the bars): a higher bar
 * covers [start, start + rule) counted from midnight UTC of the first bar's day (weeks: Monday to
 * Sunday 00:00 inclusive) and is labelled with its end; a bar at time t sees the result of the last
 * higher bar whose end is <= t, so never one that contains a later bar. Higher bars without values are
 * dropped before `fn` runs (with "sum" they count 0, as pandas').
 * In a strategy, use {@link Strategy.resampleApply}, which also declares the result as an indicator.
 * @throws InvalidOptionError for a rule that is not seconds, minutes, hours, days or one week, for
 *   data without timestamps, or when fn does not return one value per higher bar.
 * @example const dailySma = resampleApply({ rule: "1d", timestamp: bars.timestamp }, sma, bars.close, 10);
 */
export function resampleApply<A extends unknown[]>(
  options: ResampleApplyOptions,
  fn: ((resampled: Float64Array, ...args: A) => ArrayLike<number>) | null,
  series: ArrayLike<number>,
  ...args: A
): Float64Array {
  const { rule, timestamp, agg = "last" } = options;
  const tf = parseTimeframe(rule, { units: ["second", "minute", "hour", "day", "week"], what: "resampleApply: rule" });
  if (tf.unit === "week" && tf.n !== 1) throw new InvalidOptionError(`resampleApply: rule ${JSON.stringify(rule)}: only one-week bins are supported`, { option: "rule" });
  const n = series.length;
  if (!timestamp || timestamp.length !== n) {
    throw new InvalidOptionError(`resampleApply: needs one timestamp per value (${n}), got ${timestamp ? timestamp.length : "none"}; row-indexed data cannot be resampled`, { option: "timestamp" });
  }
  if (n === 0) return new Float64Array(0);
  // The label (end) of the higher bar holding each time.
  const origin = Math.floor(timestamp[0] / DAY) * DAY;
  const labelOf =
    tf.unit === "week"
      ? (t: number) => FIRST_SUNDAY + Math.ceil((t - FIRST_SUNDAY) / (7 * DAY)) * 7 * DAY
      : (t: number) => origin + (Math.floor((t - origin) / tf.ms) + 1) * tf.ms;
  const step = tf.unit === "week" ? 7 * DAY : tf.ms;

  const labels: number[] = [];
  const values: number[] = [];
  let i = 0;
  for (let label = labelOf(timestamp[0]); i < n; label += step) {
    let acc = agg === "sum" ? 0 : NaN;
    for (; i < n && labelOf(timestamp[i]) === label; i++) {
      const v = series[i];
      if (Number.isNaN(v)) continue;
      if (agg === "last" || (agg === "first" && Number.isNaN(acc))) acc = v;
      else if (agg === "max") acc = Number.isNaN(acc) || v > acc ? v : acc;
      else if (agg === "min") acc = Number.isNaN(acc) || v < acc ? v : acc;
      else if (agg === "sum") acc += v;
    }
    if (!Number.isNaN(acc)) {
      labels.push(label);
      values.push(acc);
    }
  }
  const resampled = Float64Array.from(values);
  const result = fn ? fn(resampled, ...args) : resampled;
  if (!result || result.length !== resampled.length) {
    throw new InvalidOptionError(`resampleApply: ${fn?.name || "fn"} must return one value per ${rule} bar (${resampled.length}), got ${result ? result.length : typeof result}`, { option: "fn" });
  }
  // A higher bar is labelled by its end: the bar at time t sees the last one that has ended by t.
  const seen = closedBarIndex(labels, timestamp);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = seen[j] >= 0 ? result[seen[j]] : NaN;
  return out;
}
