import { checkPeriod } from "./checks";

/**
 * Simple moving average over `period` bars, NaN until the window is full (and while it holds a NaN):
 * the same values as pandas' `Series.rolling(period).mean()`, which backtesting.py's examples use.
 * Like pandas it keeps a compensated (Kahan) running sum, and a window of identical values averages
 * to exactly that value.
 * @throws InvalidOptionError when period is not a whole number >= 1.
 * @example sma(Float64Array.of(1, 2, 3, 4), 2) // [NaN, 1.5, 2.5, 3.5]
 */
export function sma(values: ArrayLike<number>, period: number): Float64Array {
  checkPeriod("sma", period);
  const n = values.length;
  const out = new Float64Array(n);
  let sum = 0;
  let compensation = 0;
  let count = 0;
  let same = 0;
  let previous = NaN;
  for (let i = 0; i < n; i++) {
    if (i >= period) {
      const old = values[i - period];
      if (old === old) {
        count--;
        const y = -old - compensation;
        const t = sum + y;
        compensation = t - sum - y;
        sum = t;
      }
    }
    const value = values[i];
    if (value === value) {
      count++;
      const y = value - compensation;
      const t = sum + y;
      compensation = t - sum - y;
      sum = t;
      same = value === previous ? same + 1 : 1;
      previous = value;
    }
    out[i] = count >= period ? (same >= count ? previous : sum / count) : NaN;
  }
  return out;
}
