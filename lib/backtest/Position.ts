import type { Trade } from "./Trade";

/**
 * The strategy's net holding: the sum of its open trades. `if (this.position.size)` tests for any
 * position; `position.close()` closes every open trade at the next market price.
 */
export class Position {
  readonly #trades: () => readonly Trade[];

  constructor(trades: () => readonly Trade[]) {
    this.#trades = trades;
  }

  /** Units held, negative when short; 0 when flat. */
  get size(): number {
    let size = 0;
    for (const trade of this.#trades()) size += trade.size;
    return size;
  }

  /** Profit or loss of the open trades in cash, marked at the last close. */
  get pl(): number {
    let pl = 0;
    for (const trade of this.#trades()) pl += trade.pl;
    return pl;
  }

  /** Profit or loss of the open trades in percent of their entry value (5 = 5 %), 0 when flat. */
  get plPct(): number {
    let invested = 0;
    for (const trade of this.#trades()) invested += trade.entryPrice * Math.abs(trade.size);
    return invested ? (this.pl / invested) * 100 : 0;
  }

  /** True when the position is long. */
  get isLong(): boolean {
    return this.size > 0;
  }

  /** True when the position is short. */
  get isShort(): boolean {
    return this.size < 0;
  }

  /** Closes `portion` (default all) of every open trade at the next market price. */
  close(portion = 1): void {
    for (const trade of [...this.#trades()]) trade.close(portion);
  }
}
