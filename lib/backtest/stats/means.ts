/** Small numeric helpers with pandas' NaN handling (NaN values are skipped unless said otherwise). */

/** Arithmetic mean of the non-NaN values; NaN when there are none. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      sum += v;
      count++;
    }
  }
  return count ? sum / count : NaN;
}

/** Variance of the non-NaN values with `ddof` degrees of freedom (1 = sample); NaN when too few. */
export function variance(values: ArrayLike<number>, ddof = 1): number {
  const m = mean(values);
  let ss = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      ss += (v - m) * (v - m);
      count++;
    }
  }
  return count - ddof > 0 ? ss / (count - ddof) : NaN;
}

/**
 * Geometric mean return as backtesting.py defines it: NaN entries count as 0 % returns (they stay in
 * the count), and any return of -100 % or worse makes it 0.
 * @example geometricMean([0.1, -0.05]) // sqrt(1.1 * 0.95) - 1
 */
export function geometricMean(returns: ArrayLike<number>): number {
  let logSum = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = Number.isNaN(returns[i]) ? 1 : returns[i] + 1;
    if (r <= 0) return 0;
    logSum += Math.log(r);
  }
  return Math.exp(logSum / (returns.length || NaN)) - 1;
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
