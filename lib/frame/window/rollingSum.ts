import { finiteOrNaN } from "./rollingMean";

/**
 * pandas' `Series.rolling(window, min_periods).sum()` to the last bit, as pandas 1.5 computes it: a
 * Kahan-compensated running sum, one compensation term for values entering the window and another for
 * values leaving it (a window of 1 starts afresh at each value); the repeated value times the count
 * when every value in the window equals the last one. NaN and ±Infinity are skipped; 0 for a
 * window without values when `minPeriods` is 0, else NaN until the window holds `minPeriods` values.
 * @example rollingSum(Float64Array.of(1, 2, 3), 2, 2) // [NaN, 3, 5]
 */
export function rollingSum(values: ArrayLike<number>, window: number, minPeriods: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  let sum = 0;
  let addCompensation = 0;
  let removeCompensation = 0;
  let nobs = 0;
  let sameRun = 0;
  // the first value, NaN unless finite (written out: a call here makes V8's loop below about 1.5x slower)
  let previous = n ? values[0] : NaN;
  if (!(previous - previous === 0)) previous = NaN;
  for (let i = 0; i < n; i++) {
    if (window <= 1) {
      sum = addCompensation = removeCompensation = 0;
      nobs = sameRun = 0;
      previous = finiteOrNaN(values[i]);
    } else if (i >= window) {
      const old = finiteOrNaN(values[i - window]);
      if (old === old) {
        nobs--;
        const y = -old - removeCompensation;
        const t = sum + y;
        removeCompensation = t - sum - y;
        sum = t;
      }
    }
    const value = window < 1 ? NaN : finiteOrNaN(values[i]);
    if (value === value) {
      nobs++;
      const y = value - addCompensation;
      const t = sum + y;
      addCompensation = t - sum - y;
      sum = t;
      sameRun = value === previous ? sameRun + 1 : 1;
      previous = value;
    }
    out[i] = nobs === 0 && minPeriods === 0 ? 0 : nobs >= minPeriods ? (sameRun >= nobs ? previous * nobs : sum) : NaN;
  }
  return out;
}
