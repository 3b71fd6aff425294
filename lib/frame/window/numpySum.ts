/**
 * numpy's sum of a contiguous float64 array (`np.sum`, and so `np.mean`): pairwise, in blocks of up
 * to 128 with eight running sums, so sums and means of long arrays agree with numpy's to the last bit
 * (test/backtest/numpySum.oracle.test.ts checks it against numpy). 0 for no values; NaN propagates.
 */
export function numpySum(values: ArrayLike<number>): number {
  return values.length === 0 ? 0 : pairwiseSum(values, 0, values.length);
}

/** numpy's pairwise_sum over values[start, end). */
function pairwiseSum(values: ArrayLike<number>, start: number, end: number): number {
  const n = end - start;
  if (n < 8) {
    let sum = -0;
    for (let i = start; i < end; i++) sum += values[i];
    return sum;
  }
  if (n <= 128) {
    const r = [values[start], values[start + 1], values[start + 2], values[start + 3], values[start + 4], values[start + 5], values[start + 6], values[start + 7]];
    let i = start + 8;
    for (; i < start + n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k] += values[i + k];
    let sum = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < end; i++) sum += values[i];
    return sum;
  }
  let half = Math.trunc(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, start + half) + pairwiseSum(values, start + half, end);
}
