import type { Bars } from "./bars";
import { InvalidStrategyError } from "./errors";

/**
 * The price data as a strategy sees it. In `init()` every column is whole (for computing indicators
 * once); in `next()` each column is a view ending at the current bar, so `close[close.length - 1]` is
 * the latest close and no later bar is reachable. Views share memory with the data (no copies).
 */
export class BarData {
  readonly #bars: Bars;
  #length: number;
  // Views for the current length, made on first use and dropped when the length changes.
  #open: Float64Array | null = null;
  #high: Float64Array | null = null;
  #low: Float64Array | null = null;
  #close: Float64Array | null = null;
  #volume: Float64Array | null = null;
  #timestamp: Float64Array | null = null;
  #extra: Map<string, Float64Array> | null = null;

  constructor(bars: Bars) {
    this.#bars = bars;
    this.#length = bars.length;
  }

  /** Bars visible now (the current bar is `length - 1`). */
  get length(): number {
    return this.#length;
  }

  /** Sets how many bars are visible. @internal called by the engine before each next(). */
  setLength(length: number): void {
    if (length === this.#length) return;
    this.#length = length;
    this.#open = this.#high = this.#low = this.#close = this.#volume = this.#timestamp = null;
    this.#extra = null;
  }

  #cut(full: Float64Array): Float64Array {
    return this.#length === full.length ? full : full.subarray(0, this.#length);
  }

  /** Open of each bar up to the current one. */
  get open(): Float64Array {
    return (this.#open ??= this.#cut(this.#bars.open));
  }

  /** High of each bar up to the current one. */
  get high(): Float64Array {
    return (this.#high ??= this.#cut(this.#bars.high));
  }

  /** Low of each bar up to the current one. */
  get low(): Float64Array {
    return (this.#low ??= this.#cut(this.#bars.low));
  }

  /** Close of each bar up to the current one. */
  get close(): Float64Array {
    return (this.#close ??= this.#cut(this.#bars.close));
  }

  /** Volume of each bar up to the current one. */
  get volume(): Float64Array {
    return (this.#volume ??= this.#cut(this.#bars.volume));
  }

  /** Bar times as epoch ms (bar numbers 0, 1, ... for row-indexed data). */
  get timestamp(): Float64Array {
    if (this.#timestamp) return this.#timestamp;
    const ts = this.#bars.timestamp;
    return (this.#timestamp = ts ? this.#cut(ts) : Float64Array.from({ length: this.#length }, (_, i) => i));
  }

  /** True when the bars have timestamps (false for row-indexed data, whose `timestamp` is bar numbers). */
  get timed(): boolean {
    return this.#bars.timestamp !== null;
  }

  /** The time of the current bar (epoch ms), or its bar number for row-indexed data. */
  get now(): number {
    const ts = this.#bars.timestamp;
    return ts ? ts[this.#length - 1] : this.#length - 1;
  }

  /**
   * Another numeric column of the input (e.g. a signal), up to the current bar.
   * @throws InvalidStrategyError naming the columns there are, when there is no such column.
   */
  column(name: string): Float64Array {
    const full = this.#bars.extra[name];
    if (!full) {
      throw new InvalidStrategyError(`BarData.column: no column '${name}'; extra numeric columns are ${Object.keys(this.#bars.extra).map((k) => `'${k}'`).join(", ") || "none"}`);
    }
    const views = (this.#extra ??= new Map());
    let view = views.get(name);
    if (!view) views.set(name, (view = this.#cut(full)));
    return view;
  }
}
