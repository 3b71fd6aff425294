import type { Trade } from "./Trade";

/** What the broker needs from an order's owner to cancel it. */
export interface OrderBook {
  orders: Order[];
}

/**
 * An order waiting in the broker's queue. Market orders fill at the next bar's open (or this bar's
 * close with `tradeOnClose`); `limit` and `stop` orders when the bar's range reaches them. All orders
 * are good-till-cancelled. Contingent orders (a trade's stop-loss and take-profit) have a
 * `parentTrade` and are cancelled with it.
 */
export class Order {
  /** Units (whole, >= 1) or a fraction of available margin (0 < |size| < 1); negative = sell. */
  size: number;
  /** Limit price, or undefined for a market order. */
  limit: number | undefined;
  /** Stop price; cleared once the stop is hit and the order becomes a market/limit order. */
  stop: number | undefined;
  /** Stop-loss of the trade this order opens. */
  readonly sl: number | undefined;
  /** Take-profit of the trade this order opens. */
  readonly tp: number | undefined;
  /** The trade this order closes (stop-loss, take-profit or a close() order). */
  readonly parentTrade: Trade | null;
  /** Any value the strategy attached; copied to the trade. */
  readonly tag: unknown;
  readonly #book: OrderBook;

  constructor(
    book: OrderBook,
    fields: { size: number; limit?: number; stop?: number; sl?: number; tp?: number; parentTrade?: Trade | null; tag?: unknown },
  ) {
    this.#book = book;
    this.size = fields.size;
    this.limit = fields.limit;
    this.stop = fields.stop;
    this.sl = fields.sl;
    this.tp = fields.tp;
    this.parentTrade = fields.parentTrade ?? null;
    this.tag = fields.tag;
  }

  /** True for a buy. */
  get isLong(): boolean {
    return this.size > 0;
  }

  /** True for a sell. */
  get isShort(): boolean {
    return this.size < 0;
  }

  /** True for a trade's stop-loss or take-profit order (cancelled when the trade closes). */
  get isContingent(): boolean {
    const trade = this.parentTrade;
    return trade !== null && (this === trade.slOrder || this === trade.tpOrder);
  }

  /** Removes the order from the queue; a stop-loss or take-profit order is detached from its trade. */
  cancel(): void {
    const at = this.#book.orders.indexOf(this);
    if (at >= 0) this.#book.orders.splice(at, 1);
    const trade = this.parentTrade;
    if (trade) trade.detachOrder(this);
  }
}
