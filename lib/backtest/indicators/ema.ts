import { checkPeriod } from "./checks";
import { comOfSpan, seededEwm } from "../../frame";

/**
 * Exponential moving average with smoothing 2 / (period + 1), seeded with the simple average of the
 * first `period` values (TA-Lib's convention); NaN before that. Bit for bit the pandas expression
 * `s.ewm(span=period, adjust=False).mean()` where `s` is NaN before the first full window, that
 * window's `rolling(period).mean()` on it, and the values after it. So leading NaNs are skipped (an EMA
 * of another indicator works), and a missing value later holds the average (pandas' `ignore_na=False`
 * weighting when values resume).
 * @throws InvalidOptionError when period is not a whole number >= 1.
 * @example ema(Float64Array.of(1, 2, 3, 4), 2) // [NaN, 1.5, 2.5, 3.5]
 */
export function ema(values: ArrayLike<number>, period: number): Float64Array {
  checkPeriod("ema", period);
  return seededEwm(values, period, comOfSpan(period));
}
