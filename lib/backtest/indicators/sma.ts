import { checkPeriod } from "./checks";
import { rollingMean } from "../../frame";

/**
 * Simple moving average over `period` bars, NaN until the window is full (and while it holds a NaN):
 * pandas' `Series.rolling(period).mean()` to the last bit, which backtesting.py's examples use, so
 * crossovers at exact ties fall on the same bars. Like pandas it keeps Kahan-compensated running sums
 * (one compensation for values entering the window, one for values leaving it), a window of identical
 * values averages to exactly that value, and ±Infinity counts as missing.
 * @throws InvalidOptionError when period is not a whole number >= 1.
 * @example sma(Float64Array.of(1, 2, 3, 4), 2) // [NaN, 1.5, 2.5, 3.5]
 */
export function sma(values: ArrayLike<number>, period: number): Float64Array {
  checkPeriod("sma", period);
  return rollingMean(values, period, period);
}
