import { checkPeriod, firstValue } from "./checks";

/**
 * Relative Strength Index (Wilder): average gain and loss over the first `period` price changes, then
 * Wilder's smoothing avg = (avg x (period - 1) + change) / period; RSI = 100 - 100 / (1 + gain / loss).
 * NaN for the first `period` bars; 100 when there are no losses, 50 when the price did not move.
 * @throws InvalidOptionError when period is not a whole number >= 1.
 * @example rsi(close, 14)
 */
export function rsi(values: ArrayLike<number>, period = 14): Float64Array {
  checkPeriod("rsi", period);
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  const start = firstValue(values);
  if (start + period >= n) return out;
  let gain = 0;
  let loss = 0;
  for (let i = start + 1; i <= start + period; i++) {
    const change = values[i] - values[i - 1];
    if (change > 0) gain += change;
    else loss -= change;
  }
  gain /= period;
  loss /= period;
  out[start + period] = rsiOf(gain, loss);
  for (let i = start + period + 1; i < n; i++) {
    const change = values[i] - values[i - 1];
    gain = (gain * (period - 1) + (change > 0 ? change : 0)) / period;
    loss = (loss * (period - 1) + (change < 0 ? -change : 0)) / period;
    out[i] = rsiOf(gain, loss);
  }
  return out;
}

function rsiOf(gain: number, loss: number): number {
  if (loss === 0) return gain === 0 ? 50 : 100;
  return 100 - 100 / (1 + gain / loss);
}
