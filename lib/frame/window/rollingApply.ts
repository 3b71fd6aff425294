import { finiteOrNaN } from "./rollingMean";

/**
 * pandas' `rolling(window, min_periods).apply(fn, raw=True)`: `fn` gets each window's values (NaN where
 * a value is missing, ±Infinity read as NaN as pandas does) as a Float64Array view, which it must not
 * keep; NaN where the window holds fewer than `minPeriods` values.
 * @example rollingApply(Float64Array.of(1, 2, 4), 2, 2, (w) => w[1] - w[0]) // [NaN, 1, 2]
 */
export function rollingApply(values: ArrayLike<number>, window: number, minPeriods: number, fn: (window: Float64Array) => number): Float64Array {
  const n = values.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = finiteOrNaN(values[i]);
  const out = new Float64Array(n);
  let nobs = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] === x[i]) nobs++;
    const start = Math.max(0, i - window + 1);
    if (i - window >= 0 && x[i - window] === x[i - window]) nobs--;
    out[i] = window > 0 && nobs >= minPeriods ? fn(x.subarray(start, i + 1)) : NaN;
  }
  return out;
}
