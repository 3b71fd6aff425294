import { checkPeriod, firstValue } from "./checks";

/**
 * Exponential moving average with smoothing 2 / (period + 1), seeded with the simple average of the
 * first `period` values (TA-Lib's convention); NaN before that. Leading NaNs of the input are skipped,
 * so an EMA of another indicator works.
 * @throws InvalidOptionError when period is not a whole number >= 1.
 * @example ema(Float64Array.of(1, 2, 3, 4), 2) // [NaN, 1.5, 2.5, 3.5]
 */
export function ema(values: ArrayLike<number>, period: number): Float64Array {
  checkPeriod("ema", period);
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  const start = firstValue(values);
  const seedAt = start + period - 1;
  if (seedAt >= n) return out;
  let sum = 0;
  for (let i = start; i <= seedAt; i++) sum += values[i];
  let value = sum / period;
  out[seedAt] = value;
  const k = 2 / (period + 1);
  for (let i = seedAt + 1; i < n; i++) {
    value = values[i] * k + value * (1 - k);
    out[i] = value;
  }
  return out;
}
