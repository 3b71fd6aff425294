/**
 * For each instant of `at`, the index of the last higher-timeframe bar that has closed by then: the last
 * `k` with `ends[k] <= at[j]`, or -1 when none has. This is the no-look-ahead rule every multi-timeframe
 * view in quantlab follows (backtests' `resampleApply`, live and stored `alignTimeframes`): a bar is seen
 * only from the instant it ends, never while it is still forming, so a row cannot see prices from its own
 * future through a longer timeframe. `ends` must be ascending; `at` may be in any order.
 * @example closedBarIndex([60, 120], [30, 60, 119, 120]) // Int32Array [-1, 0, 0, 1]
 */
export function closedBarIndex(ends: ArrayLike<number>, at: ArrayLike<number>): Int32Array {
  const out = new Int32Array(at.length);
  const m = ends.length;
  let k = -1;
  let previous = -Infinity;
  for (let j = 0; j < at.length; j++) {
    const t = at[j];
    if (!(t >= previous)) k = lastAtOrBefore(ends, t);
    else while (k + 1 < m && ends[k + 1] <= t) k++;
    previous = t;
    out[j] = k;
  }
  return out;
}

/** Binary search: the last index with `ends[k] <= t`, -1 when none (and for NaN). */
function lastAtOrBefore(ends: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
