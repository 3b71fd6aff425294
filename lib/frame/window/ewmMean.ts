import { finiteOrNaN } from "./rollingMean";

/** How {@link ewmMean} weights the past, as pandas' `ewm(...)` arguments. */
export interface EwmWeighting {
  /**
   * pandas' `adjust`: true divides by the sum of the weights (1, 1 - alpha, (1 - alpha)^2, ...), false
   * runs the recursion ewm = (1 - alpha) x ewm + alpha x value.
   * @default false (the recursion indicators use; pandas' own default is true)
   */
  adjust?: boolean;
  /** pandas' `ignore_na`: true lets a missing value add no decay. @default false */
  ignoreNa?: boolean;
  /** NaN until this many values have been seen. @default 0 */
  minPeriods?: number;
}

/**
 * pandas' `Series.ewm(com=com, adjust, ignore_na, min_periods).mean()` to the last bit, as pandas 1.5
 * computes it: alpha = 1 / (1 + com); from the first value on, the weight of the past decays by
 * (1 - alpha) per bar (per value with `ignoreNa`), and the average is left alone when a value equals it.
 * Missing values (NaN, ±Infinity) repeat the last average; NaN before the first value.
 * @example ewmMean(Float64Array.of(1, 2), 1) // [1, 1.5]
 */
export function ewmMean(values: ArrayLike<number>, com: number, weighting: EwmWeighting = {}): Float64Array {
  const { adjust = false, ignoreNa = false, minPeriods = 0 } = weighting;
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const alpha = 1 / (1 + com);
  const oldFactor = 1 - alpha;
  const newWeight = adjust ? 1 : alpha;
  let weighted = finiteOrNaN(values[0]);
  let nobs = weighted === weighted ? 1 : 0;
  let oldWeight = 1;
  out[0] = nobs >= minPeriods ? weighted : NaN;
  for (let i = 1; i < n; i++) {
    const value = finiteOrNaN(values[i]);
    const observed = value === value;
    if (observed) nobs++;
    if (weighted === weighted) {
      if (observed || !ignoreNa) {
        oldWeight *= oldFactor;
        if (observed) {
          if (weighted !== value) weighted = (oldWeight * weighted + newWeight * value) / (oldWeight + newWeight);
          oldWeight = adjust ? oldWeight + newWeight : 1;
        }
      }
    } else if (observed) {
      weighted = value;
    }
    out[i] = nobs >= minPeriods ? weighted : NaN;
  }
  return out;
}

/** pandas' centre of mass for `span` (an EMA of `span` bars: alpha = 2 / (span + 1)). */
export function comOfSpan(span: number): number {
  return (span - 1) / 2;
}

/** pandas' centre of mass for a given `alpha` (Wilder's smoothing over n bars: alpha = 1 / n). */
export function comOfAlpha(alpha: number): number {
  return (1 - alpha) / alpha;
}
