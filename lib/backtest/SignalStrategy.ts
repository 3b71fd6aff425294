import { InvalidStrategyError } from "./errors";
import { declareIndicator, Strategy, strategyData } from "./Strategy";

/**
 * A strategy driven by precomputed signal vectors, as backtesting.py's `lib.SignalStrategy`: it
 * simulates a vectorised backtest with the event-driven broker. Subclass it, call
 * `this.setSignal(entrySize, exitPortion)` in `init()`, and call `super.next()` if you override `next()`.
 *
 * On each bar, first the exit: a positive `exitPortion` closes that portion of every open long trade,
 * a negative one that portion of every open short trade; then the entry: a positive `entrySize` buys
 * that size, a negative one sells `-entrySize` (sizes as {@link OrderOptions.size}: a fraction of
 * available margin below 1, else whole units; `true` reads as 1, one unit). 0, false and NaN do nothing.
 * The signals appear in the trades table as indicators named "entry size" and "exit portion"
 * (`Entry_entry size`, ...), and, like backtesting.py's scatter indicators, do not hold back the start.
 * @example
 * class Above extends SignalStrategy {
 *   init() { const ma = sma(this.data.close, 10); const c = this.data.close;
 *     this.setSignal(c.map((x, i) => +(x > ma[i])), c.map((x, i) => +(x < ma[i]))); }
 * }
 */
export abstract class SignalStrategy<P = Record<string, never>> extends Strategy<P> {
  #entry: Float64Array | null = null;
  #exit: Float64Array | null = null;

  /**
   * Sets the entry sizes and, optionally, the exit portions, one per bar (see the class).
   * @throws InvalidStrategyError when a vector does not have one value per bar, or is called outside init().
   */
  setSignal(entrySize: ArrayLike<number | boolean>, exitPortion?: ArrayLike<number | boolean>): void {
    this.#entry = declareIndicator(this, signalVector(this, "entrySize", entrySize), "entry size", true);
    if (exitPortion !== undefined) this.#exit = declareIndicator(this, signalVector(this, "exitPortion", exitPortion), "exit portion", true);
  }

  /** Acts on the current bar's exit, then entry signal. Call `super.next()` when overriding. */
  next(): void {
    const bar = this.data.length - 1;
    const exitPortion = this.#exit ? this.#exit[bar] : NaN;
    if (exitPortion > 0) {
      for (const trade of this.trades) if (trade.isLong) trade.close(exitPortion);
    } else if (exitPortion < 0) {
      for (const trade of this.trades) if (trade.isShort) trade.close(-exitPortion);
    }
    const entrySize = this.#entry ? this.#entry[bar] : NaN;
    if (entrySize > 0) this.buy({ size: entrySize });
    else if (entrySize < 0) this.sell({ size: -entrySize });
  }
}

/** A signal as floats with 0 read as "no signal" (NaN), as backtesting.py's `replace(0, np.nan)`. */
function signalVector(strategy: Strategy<any>, what: string, values: ArrayLike<number | boolean>): Float64Array {
  const bars = strategyData(strategy).length;
  if (!values || values.length !== bars) {
    throw new InvalidStrategyError(`SignalStrategy.setSignal: '${what}' must have one value per bar (${bars}), got ${values && typeof values.length === "number" ? values.length : typeof values}`);
  }
  return Float64Array.from(values as ArrayLike<number>, (v) => (Number(v) === 0 ? NaN : Number(v)));
}
