import { finiteOrNaN } from "./rollingMean";

/**
 * pandas' `Series.ewm(com=com, adjust=False).mean()` to the last bit (pandas 1.5, `ignore_na=False`,
 * `min_periods=0`): alpha = 1 / (1 + com); from the first value on,
 * ewm = ((1 - alpha)^k x ewm + alpha x value) / ((1 - alpha)^k + alpha), where k counts the bars since
 * the previous value (1 without gaps), and the average is left alone when the value equals it. Missing
 * values (NaN, ±Infinity) repeat the last average; NaN before the first value.
 * @example ewmMean(Float64Array.of(1, 2), 1) // [1, 1.5]
 */
export function ewmMean(values: ArrayLike<number>, com: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const alpha = 1 / (1 + com);
  const oldFactor = 1 - alpha;
  let weighted = finiteOrNaN(values[0]);
  let oldWeight = 1;
  out[0] = weighted;
  for (let i = 1; i < n; i++) {
    const value = finiteOrNaN(values[i]);
    if (weighted === weighted) {
      oldWeight *= oldFactor;
      if (value === value) {
        if (weighted !== value) weighted = (oldWeight * weighted + alpha * value) / (oldWeight + alpha);
        oldWeight = 1;
      }
    } else if (value === value) {
      weighted = value;
    }
    out[i] = weighted;
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
