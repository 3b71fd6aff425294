import { ewmMean } from "./ewmMean";
import { rollingMean } from "./rollingMean";

/**
 * An exponential average seeded with a simple one: NaN until the first full window of `period` values
 * (no NaN in it), the pandas rolling mean of that window there, then pandas'
 * `ewm(com=com, adjust=False).mean()` over the following values. As a pandas expression:
 * `s = x.copy(); s[:i0] = nan; s[i0] = x.rolling(period).mean()[i0]; s.ewm(com=com, adjust=False).mean()`.
 * The convention of TA-Lib's EMA (com for span = period) and Wilder's RSI and ATR (com for alpha = 1 / period).
 */
export function seededEwm(values: ArrayLike<number>, period: number, com: number): Float64Array {
  const mean = rollingMean(values, period, period);
  let seedAt = 0;
  while (seedAt < mean.length && Number.isNaN(mean[seedAt])) seedAt++;
  const seeded = new Float64Array(values.length).fill(NaN);
  if (seedAt === values.length) return seeded;
  seeded[seedAt] = mean[seedAt];
  for (let i = seedAt + 1; i < values.length; i++) seeded[i] = values[i];
  return ewmMean(seeded, com);
}
