import { finiteOrNaN } from "./rollingMean";

/**
 * pandas' `Series.rolling(window, min_periods).var(ddof)` to the last bit, as pandas 1.5 computes it:
 * Welford's online update with Kahan compensation, one compensation term for values entering the
 * window and another for values leaving it; exactly 0 for a single value or when every value in the
 * window equals the last one. NaN and ±Infinity are skipped; NaN until the window holds `minPeriods`
 * (at least 1) values and more than `ddof`.
 * @example rollingVariance(Float64Array.of(1, 2, 4), 2, 2, 1) // [NaN, 0.5, 2]
 */
export function rollingVariance(values: ArrayLike<number>, window: number, minPeriods: number, ddof: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const minp = Math.max(minPeriods, 1);
  let nobs = 0;
  let mean = 0;
  let ssqdm = 0;
  let addCompensation = 0;
  let removeCompensation = 0;
  let sameRun = 0;
  let previous = NaN;
  for (let i = 0; i < n; i++) {
    if (i === 0 || window <= 1) {
      previous = finiteOrNaN(values[i]);
      sameRun = 0;
      nobs = mean = ssqdm = addCompensation = removeCompensation = 0;
    } else if (i >= window) {
      const old = finiteOrNaN(values[i - window]);
      if (old === old) {
        nobs--;
        if (nobs) {
          const previousMean = mean - removeCompensation;
          const y = old - removeCompensation;
          const t = y - mean;
          removeCompensation = t + mean - y;
          mean = mean - t / nobs;
          ssqdm = ssqdm - (old - previousMean) * (old - mean);
        } else {
          mean = 0;
          ssqdm = 0;
        }
      }
    }
    const value = finiteOrNaN(values[i]);
    if (value === value) {
      nobs++;
      sameRun = value === previous ? sameRun + 1 : 1;
      previous = value;
      const previousMean = mean - addCompensation;
      const y = value - addCompensation;
      const t = y - mean;
      addCompensation = t + mean - y;
      mean = nobs ? mean + t / nobs : 0;
      ssqdm = ssqdm + (value - previousMean) * (value - mean);
    }
    if (nobs >= minp && nobs > ddof) out[i] = nobs === 1 || sameRun >= nobs ? 0 : ssqdm / (nobs - ddof);
    else out[i] = NaN;
  }
  return out;
}

/**
 * pandas' `rolling(...).std(ddof)`: the square root of {@link rollingVariance}, 0 where rounding made
 * the variance negative.
 */
export function rollingStd(values: ArrayLike<number>, window: number, minPeriods: number, ddof: number): Float64Array {
  const out = rollingVariance(values, window, minPeriods, ddof);
  for (let i = 0; i < out.length; i++) out[i] = out[i] < 0 ? 0 : Math.sqrt(out[i]);
  return out;
}
