import type { Bars } from "../bars";
import { crossover, sma } from "../indicators";
import { Strategy, type Indicator } from "../Strategy";

/**
 * backtesting.py's reference strategy: SMA(fast) against SMA(slow) of the close; on an up-cross close and
 * go long, on a down-cross close and go short. Its published statistics on GOOG are what the reference
 * tests reproduce; a starting point for your own strategies.
 * @example backtest(goog, SmaCross, { cash: 10_000, finalizeTrades: true, params: { fast: 10, slow: 30 } })
 */
export class SmaCross extends Strategy<{ fast: number; slow: number }> {
  static defaults = { fast: 10, slow: 30 };
  fastMa!: Indicator;
  slowMa!: Indicator;
  init(): void {
    this.fastMa = this.I(sma, this.data.close, this.params.fast);
    this.slowMa = this.I(sma, this.data.close, this.params.slow);
  }
  next(): void {
    if (crossover(this.fastMa, this.slowMa)) {
      this.position.close();
      this.buy();
    } else if (crossover(this.slowMa, this.fastMa)) {
      this.position.close();
      this.sell();
    }
  }
}

/**
 * SmaCross as target positions for the vectorised engine (`signalBacktest`, `optimize` with a signal
 * function): long (1) from an up-cross of SMA(fast) over SMA(slow), short (-1) from a down-cross, NaN
 * (hold) elsewhere, and `reenter` on every cross, so that a second cross in the same direction (the
 * averages touched without crossing in between) closes and reopens the position as SmaCross does:
 * both engines give the same trades, also with commissions. Trading starts once both averages exist.
 * @example optimize(goog, smaCrossSignals, { grid: { fast: [5, 10], slow: [20, 30] } })
 */
export function smaCrossSignals(bars: Bars, p: { fast: number; slow: number }): { target: Float64Array; reenter: Uint8Array; warmup: number } {
  const fast = sma(bars.close, p.fast);
  const slow = sma(bars.close, p.slow);
  const target = new Float64Array(bars.length).fill(NaN);
  const reenter = new Uint8Array(bars.length);
  for (let i = 1; i < bars.length; i++) {
    if (fast[i - 1] < slow[i - 1] && fast[i] > slow[i]) target[i] = 1;
    else if (fast[i - 1] > slow[i - 1] && fast[i] < slow[i]) target[i] = -1;
    else continue;
    reenter[i] = 1;
  }
  return { target, reenter, warmup: Math.max(p.fast, p.slow) - 1 };
}
