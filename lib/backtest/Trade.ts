import type { Broker } from "./Broker";
import { InvalidOrderError } from "./errors";
import { Order } from "./Order";
import { pyRound } from "./pyMath";

/**
 * A filled position in one direction: `size` units (negative = short) entered at `entryPrice` on
 * bar `entryBar`. Open trades are in `strategy.trades`, closed ones in `strategy.closedTrades`.
 */
export class Trade {
  size: number;
  readonly entryPrice: number;
  readonly entryBar: number;
  exitPrice: number | null = null;
  exitBar: number | null = null;
  readonly tag: unknown;
  /** Commission of entry plus exit, known once the trade is closed (0 while open: the entry commission is already out of cash). */
  commissions = 0;
  slOrder: Order | null = null;
  tpOrder: Order | null = null;
  /** The stop-loss / take-profit price in force (kept once it filled or the trade closed), for the trades table; null once cancelled. */
  slPrice: number | null = null;
  tpPrice: number | null = null;
  readonly #broker: Broker;

  constructor(broker: Broker, size: number, entryPrice: number, entryBar: number, tag: unknown) {
    this.#broker = broker;
    this.size = size;
    this.entryPrice = entryPrice;
    this.entryBar = entryBar;
    this.tag = tag;
  }

  /** A copy with another size and no stop-loss/take-profit orders (the closed part of a partly closed trade). */
  copyWithSize(size: number): Trade {
    const copy = new Trade(this.#broker, size, this.entryPrice, this.entryBar, this.tag);
    copy.commissions = this.commissions;
    return copy;
  }

  /** True for a long trade. */
  get isLong(): boolean {
    return this.size > 0;
  }

  /** True for a short trade. */
  get isShort(): boolean {
    return !this.isLong;
  }

  /** Entry time (epoch ms), or the entry bar number for row-indexed data. */
  get entryTime(): number {
    return this.#broker.timeOf(this.entryBar);
  }

  /** Exit time (epoch ms), or null while open. */
  get exitTime(): number | null {
    return this.exitBar === null ? null : this.#broker.timeOf(this.exitBar);
  }

  /** Profit or loss in cash: marked at the last close while open; net of both commissions once closed. */
  get pl(): number {
    const price = this.exitPrice || this.#broker.lastPrice;
    return this.size * (price - this.entryPrice) - this.commissions;
  }

  /** Profit or loss as a fraction of the entry value (0.05 = 5 %), net of commissions once closed. */
  get plPct(): number {
    const price = this.exitPrice || this.#broker.lastPrice;
    const gross = Math.sign(this.size) * (price / this.entryPrice - 1);
    return gross - this.commissions / (Math.abs(this.size) * this.entryPrice);
  }

  /** Value in cash: |size| x the exit price (or the last close while open). */
  get value(): number {
    return Math.abs(this.size) * (this.exitPrice || this.#broker.lastPrice);
  }

  /**
   * Stop-loss price, or undefined. Assigning places (or moves, or with undefined cancels) the stop-loss order.
   * @throws InvalidOrderError for a price that is not positive and finite.
   */
  get sl(): number | undefined {
    return this.slOrder?.stop;
  }

  set sl(price: number | undefined) {
    this.#setContingent("sl", price);
  }

  /** Take-profit price, or undefined. Assigning places, moves or cancels the take-profit order. */
  get tp(): number | undefined {
    return this.tpOrder?.limit;
  }

  set tp(price: number | undefined) {
    this.#setContingent("tp", price);
  }

  /**
   * Places an order closing `portion` of the trade at the next market price (ahead of other orders).
   * The units closed are round(|size| x portion), at least 1.
   * @throws InvalidOrderError when portion is not in (0, 1].
   */
  close(portion = 1): void {
    if (!(portion > 0 && portion <= 1)) throw new InvalidOrderError(`Trade.close: portion must be in (0, 1], got ${portion}`);
    const units = Math.max(1, Math.trunc(pyRound(Math.abs(this.size) * portion)));
    const order = new Order(this.#broker, { size: this.size > 0 ? -units : units, parentTrade: this, tag: this.tag });
    this.#broker.orders.unshift(order);
  }

  /**
   * Forgets a stop-loss or take-profit order that was cancelled (by setting `sl`/`tp` to null, moving
   * it, or `order.cancel()`): the trades table then reads NaN there, as backtesting.py's does. @internal
   */
  detachOrder(order: Order): void {
    if (order === this.slOrder) {
      this.slOrder = null;
      this.slPrice = null;
    } else if (order === this.tpOrder) {
      this.tpOrder = null;
      this.tpPrice = null;
    }
  }

  #setContingent(kind: "sl" | "tp", price: number | undefined): void {
    if (price !== undefined && price !== null && !(price > 0 && price < Infinity)) {
      throw new InvalidOrderError(`Trade.${kind}: price must be > 0 and finite, got ${price}`);
    }
    const existing = kind === "sl" ? this.slOrder : this.tpOrder;
    if (existing) existing.cancel();
    if (price) {
      const order = this.#broker.placeOrder({ size: -this.size, ...(kind === "sl" ? { stop: price } : { limit: price }), tag: this.tag }, this);
      if (kind === "sl") {
        this.slOrder = order;
        this.slPrice = price;
      } else {
        this.tpOrder = order;
        this.tpPrice = price;
      }
    }
  }
}
