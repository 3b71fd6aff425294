/**
 * pandas' `Series.rolling(window, min_periods).mean()` to the last bit, as pandas 1.5 computes it: a
 * Kahan-compensated running sum with one compensation term for the values entering the window and
 * another for those leaving it; the mean is the repeated value itself when every value in the window
 * equals the last one, and 0 instead of a rounding residue of the wrong sign when the window holds
 * only non-negative (or only negative) values. NaN and ±Infinity are skipped (pandas treats infinities
 * as missing); the result is NaN until the window holds `minPeriods` values.
 * @example rollingMean(Float64Array.of(1, 2, 3), 2, 2) // [NaN, 1.5, 2.5]
 */
export function rollingMean(values: ArrayLike<number>, window: number, minPeriods: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (window <= 1) {
    // no two windows overlap, and pandas starts each afresh: the value itself
    for (let i = 0; i < n; i++) out[i] = minPeriods <= 1 ? finiteOrNaN(values[i]) : NaN;
    return out;
  }
  let sum = 0;
  let addCompensation = 0;
  let removeCompensation = 0;
  let nobs = 0;
  let negatives = 0;
  let sameRun = 0;
  // the first value, NaN unless finite (written out: a call here makes V8's loop below about 1.5x slower)
  let previous = n ? values[0] : NaN;
  if (!(previous - previous === 0)) previous = NaN;
  for (let i = 0; i < n; i++) {
    if (i >= window) {
      const old = values[i - window];
      if (old - old === 0) {
        // finite: NaN and ±Infinity give NaN
        nobs--;
        const y = -old - removeCompensation;
        const t = sum + y;
        removeCompensation = t - sum - y;
        sum = t;
        if (old < 0 || (old === 0 && 1 / old < 0)) negatives--; // sign bit set, -0 included
      }
    }
    const value = values[i];
    if (value - value === 0) {
      nobs++;
      const y = value - addCompensation;
      const t = sum + y;
      addCompensation = t - sum - y;
      sum = t;
      if (value < 0 || (value === 0 && 1 / value < 0)) negatives++;
      sameRun = value === previous ? sameRun + 1 : 1;
      previous = value;
    }
    let mean = NaN;
    if (nobs >= minPeriods && nobs > 0) {
      mean = sum / nobs;
      if (sameRun >= nobs) mean = previous;
      else if (negatives === 0) {
        if (mean < 0) mean = 0;
      } else if (negatives === nobs && mean > 0) mean = 0;
    }
    out[i] = mean;
  }
  return out;
}

/** pandas' window functions see ±Infinity as missing. */
export function finiteOrNaN(x: number): number {
  return x === Infinity || x === -Infinity ? NaN : x;
}
