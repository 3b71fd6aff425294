import { finiteOrNaN } from "./rollingMean";

/**
 * pandas' `rolling(window, min_periods).max()` (or `.min()`) to the last bit, as pandas 1.5 computes it:
 * a monotonic queue of candidate positions. NaN and ±Infinity are skipped; NaN until the window holds
 * `minPeriods` values.
 * @example rollingExtreme(Float64Array.of(1, 3, 2), 2, 1, "max") // [1, 3, 3]
 */
export function rollingExtreme(values: ArrayLike<number>, window: number, minPeriods: number, which: "min" | "max"): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = finiteOrNaN(values[i]);
  const isMax = which === "max";
  // The queue of candidates, as a ring over positions (at most `window` + 1 live entries before the front leaves).
  const queue = new Int32Array(Math.max(window, 1) + 2);
  const size = queue.length;
  let head = 0;
  let tail = 0; // one past the back
  let nobs = 0;
  for (let i = 0; i < n; i++) {
    const start = i - window + 1;
    if (window >= 1) {
      const value = x[i];
      if (value === value) nobs++;
      // pandas compares a missing value as the lowest (max) or highest (min) number, and drops a missing back entry.
      const key = value === value ? value : isMax ? -Infinity : Infinity;
      while (tail !== head) {
        const back = x[queue[(tail - 1 + size) % size]];
        if (back !== back || (isMax ? key >= back : key <= back)) tail = (tail - 1 + size) % size;
        else break;
      }
      queue[tail] = i;
      tail = (tail + 1) % size;
    }
    while (tail !== head && queue[head] <= start - 1) head = (head + 1) % size;
    if (start - 1 >= 0 && window >= 1) {
      const left = x[start - 1];
      if (left === left) nobs--;
    }
    out[i] = tail !== head && window > 0 && nobs >= minPeriods ? x[queue[head]] : NaN;
  }
  return out;
}
