import { checkPeriod } from "./checks";
import { comOfAlpha, seededEwm } from "../../frame";

/**
 * Relative Strength Index (Wilder): average gain and average loss of the price changes, each seeded
 * with the simple average of the first `period` changes and then smoothed with alpha = 1 / period;
 * RSI = 100 - 100 / (1 + gain / loss). NaN for the first `period` bars; 100 when there were no losses,
 * 50 when the price has not moved at all (where pandas would give 0 / 0 = NaN). Bit for bit the pandas
 * expression: `d = x.diff(); up = d.clip(lower=0); down = d.clip(upper=0).abs()`, each averaged as
 * {@link ema} does but with `ewm(alpha=1 / period, adjust=False)`.
 * @throws InvalidOptionError when period is not a whole number >= 1.
 * @example rsi(close, 14)
 */
export function rsi(values: ArrayLike<number>, period = 14): Float64Array {
  checkPeriod("rsi", period);
  const n = values.length;
  const up = new Float64Array(n).fill(NaN);
  const down = new Float64Array(n).fill(NaN);
  for (let i = 1; i < n; i++) {
    const change = values[i] - values[i - 1];
    if (change !== change) continue;
    up[i] = change > 0 ? change : 0;
    down[i] = change < 0 ? -change : 0;
  }
  const com = comOfAlpha(1 / period);
  const gain = seededEwm(up, period, com);
  const loss = seededEwm(down, period, com);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = gain[i] === 0 && loss[i] === 0 ? 50 : 100 - 100 / (1 + gain[i] / loss[i]);
  return out;
}
