/**
 * Drawdown of an equity curve: 1 - equity / running peak, a fraction (0.2 = 20 % below the peak).
 * @example drawdown(Float64Array.of(100, 120, 90, 130)) // [0, 0, 0.25, 0]
 */
export function drawdown(equity: ArrayLike<number>): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    out[i] = 1 - equity[i] / peak;
  }
  return out;
}

/** The drawdown periods of a curve, one entry per period, placed at the bar where it ends. */
export interface DrawdownPeriods {
  /** At the bar ending a drawdown: time from its last peak (ms, or bars for row-indexed data); NaN elsewhere. */
  duration: Float64Array;
  /** At the same bars: the deepest drawdown of the period (a fraction); NaN elsewhere. */
  peak: Float64Array;
}

/**
 * Finds drawdown periods as backtesting.py does: a period runs from a bar at its peak (drawdown 0)
 * to the next bar back at a peak, or to the last bar when the curve never recovers; periods of
 * adjacent peaks (no bar below) are not drawdowns, and neither is a drawdown on the last bar alone
 * unless it is the only one.
 * @param time bar times (epoch ms) or bar numbers, same length as dd.
 * @example drawdownPeriods(Float64Array.of(0, 1, 7, 0, 4, 0, 0), Float64Array.of(0, 1, 2, 3, 4, 5, 6))
 *   // duration [NaN, NaN, NaN, 3, NaN, 2, NaN], peak [NaN, NaN, NaN, 7, NaN, 4, NaN]
 */
export function drawdownPeriods(dd: ArrayLike<number>, time: ArrayLike<number>): DrawdownPeriods {
  const n = dd.length;
  const duration = new Float64Array(n).fill(NaN);
  const peak = new Float64Array(n).fill(NaN);
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (dd[i] !== 0 && i !== n - 1) continue;
    if (prev >= 0 && i > prev + 1) {
      duration[i] = time[i] - time[prev];
      let deepest = -Infinity;
      for (let j = prev; j <= i; j++) if (dd[j] > deepest) deepest = dd[j];
      peak[i] = deepest;
    }
    prev = i;
  }
  // A drawdown only on the last bar forms no period above. backtesting.py then counts every bar below
  // a peak as its own period (its Avg. Drawdown is that bar's drawdown); its durations hold the drawdown
  // fraction there, taken here as the time from the peak on the bar before (see docs/backtests.md, the departures).
  if (n > 1 && dd[n - 1] !== 0 && duration.every(Number.isNaN)) {
    peak[n - 1] = dd[n - 1];
    duration[n - 1] = time[n - 1] - time[n - 2];
  }
  return { duration, peak };
}
