import { InvalidOptionError, InvalidStrategyError } from "./errors";
import { rollingMean } from "../frame";
import { trueRange } from "./indicators/atr";
import { numpySum } from "./pyMath";
import { Strategy } from "./Strategy";

/**
 * A strategy with an automatic trailing stop-loss, as backtesting.py's `lib.TrailingStrategy`: on
 * every bar, each open trade's stop-loss moves to `n` average true ranges from the close (below for
 * longs, above for shorts), and never back. Subclass it; call `super.init()` and `super.next()` when
 * overriding `init()` / `next()`, and open trades yourself.
 *
 * The ATR here is backtesting.py's: the simple mean of the true range over `periods` bars (the first
 * bar has none), the first full value copied back over the warm-up; it is not an indicator (it neither
 * delays the start nor appears in the trades table). Each bar the stop-loss is re-placed (as
 * backtesting.py re-assigns `trade.sl`), even when unchanged.
 * @example
 * class Trend extends TrailingStrategy {
 *   ma!: Indicator;
 *   init() { super.init(); this.setAtrPeriods(40); this.setTrailingSl(3); this.ma = this.I(sma, this.data.close, 10); }
 *   next() { super.next(); const i = this.data.length - 1; if (!this.position.size && this.data.close[i] > this.ma[i]) this.buy(); }
 * }
 */
export abstract class TrailingStrategy<P = Record<string, never>> extends Strategy<P> {
  #nAtr = 6;
  #atr: Float64Array | null = null;

  /** Computes the ATR with the default 100 bars. Call `super.init()` when overriding. */
  init(): void {
    this.setAtrPeriods();
  }

  /**
   * Sets the ATR's window (bars). @default 100 (a stable ATR)
   * @throws InvalidOptionError for a window that is not a whole number >= 1.
   */
  setAtrPeriods(periods = 100): void {
    if (!(Number.isInteger(periods) && periods >= 1)) {
      throw new InvalidOptionError(`TrailingStrategy.setAtrPeriods: periods must be a whole number >= 1, got ${periods}`, { option: "periods" });
    }
    const { high, low, close } = this.data;
    const tr = trueRange(high, low, close);
    if (tr.length) tr[0] = NaN; // no previous close on the first bar
    const atr = rollingMean(tr, periods, periods);
    const first = atr.findIndex((v) => !Number.isNaN(v));
    if (first > 0) atr.fill(atr[first], 0, first); // pandas' bfill over the warm-up
    this.#atr = atr;
  }

  /** Sets the stop-loss distance in ATRs from the close. @default 6 */
  setTrailingSl(nAtr = 6): void {
    this.#nAtr = nAtr;
  }

  /**
   * Sets the stop-loss distance as a fraction of price (0.05 = 5 % below the close for longs), converted
   * once to ATRs as backtesting.py does: nAtr = mean(close x pct / ATR) over the whole data, so the
   * distance is exact only on average.
   * @throws InvalidOptionError unless 0 < pct < 1.
   */
  setTrailingPct(pct = 0.05): void {
    if (!(pct > 0 && pct < 1)) throw new InvalidOptionError(`TrailingStrategy.setTrailingPct: pct must be a fraction in (0, 1) (5 % = 0.05), got ${pct}`, { option: "pct" });
    const atr = this.#requireAtr("setTrailingPct");
    const close = this.data.close;
    const ratios = Float64Array.from(close, (c, i) => (c * pct) / atr[i]);
    this.setTrailingSl(numpySum(ratios) / ratios.length);
  }

  /** Moves each open trade's stop-loss toward the close. Call `super.next()` when overriding. */
  next(): void {
    const atr = this.#requireAtr("next");
    const bar = this.data.length - 1;
    const close = this.data.close[bar];
    const distance = atr[bar] * this.#nAtr;
    for (const trade of this.trades) {
      const current = trade.sl;
      if (trade.isLong) trade.sl = pyMax(current || -Infinity, close - distance);
      else trade.sl = pyMin(current || Infinity, close + distance);
    }
  }

  #requireAtr(where: string): Float64Array {
    if (!this.#atr) throw new InvalidStrategyError(`TrailingStrategy.${where}: no ATR; call super.init() (or setAtrPeriods()) in init()`);
    return this.#atr;
  }
}

/** Python's max(a, b): the first unless the second is greater (so a NaN second loses). */
const pyMax = (a: number, b: number): number => (b > a ? b : a);
/** Python's min(a, b). */
const pyMin = (a: number, b: number): number => (b < a ? b : a);
