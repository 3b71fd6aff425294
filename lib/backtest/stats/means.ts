/**
 * Small numeric helpers with pandas' NaN handling (NaN values are skipped unless said otherwise), summing
 * as numpy does (pairwise, {@link numpySum}) so that means agree with pandas' to the last bit.
 */
import { numpySum } from "../pyMath";

/** The values with NaN as 0 (pandas' fill before summing), and how many were not NaN. */
function filled(values: ArrayLike<number>): { values: ArrayLike<number>; count: number } {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) count++;
  if (count === values.length) return { values, count };
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] === values[i] ? values[i] : 0;
  return { values: out, count };
}

/** Sum of the non-NaN values, as pandas' `Series.sum()`: NaN replaced by 0, summed pairwise. */
export function sum(values: ArrayLike<number>): number {
  return numpySum(filled(values).values);
}

/**
 * Arithmetic mean of the non-NaN values; NaN when there are none. As pandas' `Series.mean()` (and
 * `np.mean` of a Series): NaN replaced by 0, the whole array summed pairwise, divided by the count.
 * @example mean([1, NaN, 2]) // 1.5
 */
export function mean(values: ArrayLike<number>): number {
  const f = filled(values);
  return f.count ? numpySum(f.values) / f.count : NaN;
}

/**
 * Variance of the non-NaN values with `ddof` degrees of freedom (1 = sample); NaN when too few. As
 * pandas' `Series.var()`: the mean as {@link mean}, then the squared deviations summed pairwise.
 */
export function variance(values: ArrayLike<number>, ddof = 1): number {
  const f = filled(values);
  if (f.count - ddof <= 0) return NaN;
  const m = numpySum(f.values) / f.count;
  const squares = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) squares[i] = (m - v) ** 2;
  }
  return numpySum(squares) / (f.count - ddof);
}

/**
 * Geometric mean return as backtesting.py defines it: NaN entries count as 0 % returns (they stay in
 * the count), and any return of -100 % or worse makes it 0. The logarithms are summed pairwise, as
 * pandas sums them.
 * @example geometricMean([0.1, -0.05]) // sqrt(1.1 * 0.95) - 1
 */
export function geometricMean(returns: ArrayLike<number>): number {
  const logs = new Float64Array(returns.length);
  for (let i = 0; i < returns.length; i++) {
    const r = Number.isNaN(returns[i]) ? 1 : returns[i] + 1;
    if (r <= 0) return 0;
    logs[i] = Math.log(r);
  }
  return Math.exp(numpySum(logs) / (returns.length || NaN)) - 1;
}

/** Sample covariance (ddof 1) of two equally long series, NaN-propagating like numpy.cov. */
export function covariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - mx) * (y[i] - my);
  return s / (n - 1);
}
