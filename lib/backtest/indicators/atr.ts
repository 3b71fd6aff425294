import { InvalidOptionError } from "../errors";
import { checkPeriod } from "./checks";
import { comOfAlpha, seededEwm } from "../../frame";

/**
 * True range: the largest of high - low, |high - previous close| and |low - previous close|;
 * high - low on the first bar; NaN where any of them is NaN.
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
 * Average True Range (Wilder, as TA-Lib): the mean true range of bars 1..period, then Wilder's
 * smoothing with alpha = 1 / period. NaN for the first `period` bars. Bit for bit the pandas expression
 * `tr[0] = nan` (bar 0 has no previous close), then averaged as {@link ema} does but with
 * `ewm(alpha=1 / period, adjust=False)`: a missing bar later holds the average.
 * @throws InvalidOptionError for a bad period or arrays of different lengths.
 * @example atr(high, low, close, 14)
 */
export function atr(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period = 14): Float64Array {
  checkPeriod("atr", period);
  const tr = trueRange(high, low, close);
  if (tr.length) tr[0] = NaN;
  return seededEwm(tr, period, comOfAlpha(1 / period));
}
