import { InvalidOptionError } from "../errors";
import { checkPeriod } from "./checks";

/**
 * True range: the largest of high - low, |high - previous close| and |low - previous close|;
 * high - low on the first bar.
 * @example trueRange(high, low, close)
 */
export function trueRange(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>): Float64Array {
  const n = high.length;
  if (low.length !== n || close.length !== n) {
    throw new InvalidOptionError(`trueRange: high, low and close must be equally long, got ${n}, ${low.length}, ${close.length}`);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const range = high[i] - low[i];
    out[i] = i === 0 ? range : Math.max(range, Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1]));
  }
  return out;
}

/**
 * Average True Range (Wilder, as TA-Lib): the mean true range of bars 1..period, then
 * atr = (atr x (period - 1) + tr) / period. NaN for the first `period` bars.
 * @throws InvalidOptionError for a bad period or arrays of different lengths.
 * @example atr(high, low, close, 14)
 */
export function atr(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 14): Float64Array {
  checkPeriod("atr", period);
  const tr = trueRange(high, low, close);
  const n = tr.length;
  const out = new Float64Array(n).fill(NaN);
  if (period >= n) return out;
  let value = 0;
  for (let i = 1; i <= period; i++) value += tr[i];
  value /= period;
  out[period] = value;
  for (let i = period + 1; i < n; i++) {
    value = (value * (period - 1) + tr[i]) / period;
    out[i] = value;
  }
  return out;
}
