/** Strategies that optimize() tests load in worker threads (by module path and export name). */
import { Bars, sma } from "../../lib/backtest";
export { SmaCross } from "./helpers";

/** SmaCross as target positions: long after an up-cross of SMA(fast) over SMA(slow), short after a down-cross. */
export function smaCrossSignals(bars: Bars, p: { fast: number; slow: number }) {
  const fast = sma(bars.close, p.fast);
  const slow = sma(bars.close, p.slow);
  const target = new Float64Array(bars.length).fill(NaN);
  for (let i = 1; i < bars.length; i++) {
    if (fast[i - 1] < slow[i - 1] && fast[i] > slow[i]) target[i] = 1;
    else if (fast[i - 1] > slow[i - 1] && fast[i] < slow[i]) target[i] = -1;
  }
  return { target, warmup: Math.max(p.fast, p.slow) - 1 };
}
