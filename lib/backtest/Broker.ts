import type { Bars } from "./bars";
import type { CommissionFunction } from "./commission";
import { InvalidOrderError } from "./errors";
import { Order } from "./Order";
import { Position } from "./Position";
import { pyFloorDiv } from "./pyMath";
import { Trade } from "./Trade";

/** The broker's settings, already validated by backtest(). */
export interface BrokerSettings {
  cash: number;
  commission: CommissionFunction;
  spread: number;
  margin: number;
  tradeOnClose: boolean;
  hedging: boolean;
  exclusiveOrders: boolean;
}

/** What a new stand-alone or contingent order asks for. */
export interface OrderRequest {
  size: number;
  limit?: number;
  stop?: number;
  sl?: number;
  tp?: number;
  tag?: unknown;
}

/** A warning the broker raised (a relative order it could not size, a same-bar SL/TP it deferred). */
export interface BrokerWarning {
  bar: number;
  message: string;
}

/**
 * The account the brokers of several symbols share in a portfolio backtest: one cash balance, equity
 * and margin over every symbol's open trades. @internal used by portfolioBacktest().
 */
export interface SharedAccount {
  cash: number;
  /** Cash plus every symbol's open trades marked at its last known close. */
  equity(): number;
  /** The margin `broker`'s orders may use now (see PortfolioOptions.allocation). */
  marginAvailable(broker: Broker): number;
  /** Called as `broker` closes a trade, so the portfolio keeps the order trades closed in. */
  tradeClosed(broker: Broker, trade: Trade): void;
}

const present = (x: number | undefined | null): x is number => x !== undefined && x !== null && x !== 0;

/**
 * The simulated broker: the order queue, open and closed trades, cash and the equity curve.
 * Orders are processed at the start of each bar, in queue order, with backtesting.py's rules:
 * market orders fill at this bar's open (the previous close with `tradeOnClose`); stop orders trigger
 * when the bar's range reaches the stop; limit orders fill at the limit or better; stop-loss and
 * take-profit orders of a trade fill at their price or at the open when the bar gaps through it.
 * @internal used by backtest(); strategies reach it through Strategy's methods.
 */
export class Broker {
  readonly orders: Order[] = [];
  readonly trades: Trade[] = [];
  readonly closedTrades: Trade[] = [];
  readonly position: Position;
  readonly equityCurve: Float64Array;
  readonly warnings: BrokerWarning[] = [];
  /** Index of the current bar. */
  i = 0;
  readonly #bars: Bars;
  readonly #s: BrokerSettings;
  readonly #leverage: number;
  readonly #account: SharedAccount | null;
  #cash: number;

  /** @param account the account shared with other symbols' brokers (a portfolio); by default the broker keeps its own cash. */
  constructor(bars: Bars, settings: BrokerSettings, account: SharedAccount | null = null) {
    this.#bars = bars;
    this.#s = settings;
    this.#cash = settings.cash;
    this.#account = account;
    this.#leverage = 1 / settings.margin;
    this.equityCurve = new Float64Array(bars.length).fill(NaN);
    this.position = new Position(() => this.trades);
  }

  /** Cash: this broker's own, or the shared account's in a portfolio. */
  get cash(): number {
    return this.#account ? this.#account.cash : this.#cash;
  }

  set cash(value: number) {
    if (this.#account) this.#account.cash = value;
    else this.#cash = value;
  }

  /** The bars this broker trades. */
  get bars(): Bars {
    return this.#bars;
  }

  /** The current bar's close. */
  get lastPrice(): number {
    return this.#bars.close[this.i];
  }

  /** Time of bar `i`: epoch ms, or `i` itself for row-indexed data. */
  timeOf(i: number): number {
    return this.#bars.timestamp ? this.#bars.timestamp[i] : i;
  }

  /**
   * Cash plus the open trades' profit or loss at the current close ({@link Broker.openPnl}); in a
   * portfolio, the shared account's equity.
   */
  get equity(): number {
    if (this.#account) return this.#account.equity();
    return this.trades.length === 0 ? this.cash : this.cash + this.openPnl;
  }

  /**
   * The open trades' profit or loss at the current close, summed as backtesting.py 0.6.6 sums it
   * (last close x net size - the sum of size x entry price), so equity agrees to the last bit; 0
   * without open trades.
   */
  get openPnl(): number {
    if (this.trades.length === 0) return 0;
    let size = 0;
    let cost = 0;
    for (const trade of this.trades) {
      size += trade.size;
      cost += trade.size * trade.entryPrice;
    }
    return this.lastPrice * size - cost;
  }

  /** Adds the margin the open trades tie up (their value at the current close / leverage) to `used`. */
  addMarginUsed(used: number): number {
    for (const trade of this.trades) used += trade.value / this.#leverage;
    return used;
  }

  /** Equity not tied up as margin by open trades (never negative); in a portfolio, what the account allows this symbol. */
  get marginAvailable(): number {
    if (this.#account) return this.#account.marginAvailable(this);
    return Math.max(0, this.equity - this.addMarginUsed(0));
  }

  /** `price` (default: the current close) moved against the trader by the spread: up for buys, down for sells. */
  adjustedPrice(size: number, price?: number): number {
    return (price || this.lastPrice) * (1 + (size < 0 ? -this.#s.spread : this.#s.spread));
  }

  /**
   * Queues an order. A stand-alone order with `exclusiveOrders` first cancels the other stand-alone
   * orders (skipping the one after each cancelled order, as backtesting.py does) and closes every open
   * trade. Contingent stop-loss orders go to the front of the queue.
   * @throws InvalidOrderError when the stop-loss, the entry (limit, stop or the spread-adjusted close)
   *   and the take-profit are not in that order for a buy (reverse order for a sell).
   */
  placeOrder(request: OrderRequest, parentTrade: Trade | null = null): Order {
    const { size, limit, stop, sl, tp, tag } = request;
    const entry = present(limit) ? limit : present(stop) ? stop : this.adjustedPrice(size);
    if (size > 0) {
      if (!((present(sl) ? sl : -Infinity) < entry && entry < (present(tp) ? tp : Infinity))) {
        throw new InvalidOrderError(`Strategy.buy: a long order needs sl (${sl}) < entry (${entry}) < tp (${tp})`);
      }
    } else if (!((present(tp) ? tp : -Infinity) < entry && entry < (present(sl) ? sl : Infinity))) {
      throw new InvalidOrderError(`Strategy.sell: a short order needs tp (${tp}) < entry (${entry}) < sl (${sl})`);
    }
    const order = new Order(this, {
      size,
      limit: present(limit) ? limit : undefined,
      stop: present(stop) ? stop : undefined,
      sl: present(sl) ? sl : undefined,
      tp: present(tp) ? tp : undefined,
      parentTrade,
      tag,
    });
    if (!parentTrade && this.#s.exclusiveOrders) {
      // Over the live queue, as backtesting.py 0.6.6 does: each cancel shifts the queue, so the order
      // after a cancelled one is skipped and stays (with two or more pending stand-alone orders, every
      // other one survives).
      for (const other of this.orders) if (!other.isContingent) other.cancel();
      for (const trade of this.trades) trade.close();
    }
    if (parentTrade && present(stop)) this.orders.unshift(order);
    else this.orders.push(order);
    return order;
  }

  /**
   * Processes the queue on bar `i` and records the equity at its close.
   * @returns false when equity fell to zero or below: every trade was closed and the run must stop.
   */
  next(i: number): boolean {
    this.fill(i);
    const equity = this.equity;
    this.equityCurve[i] = equity;
    if (equity <= 0) {
      this.closeAllAtClose();
      this.cash = 0;
      this.equityCurve.fill(0, i);
      return false;
    }
    return true;
  }

  /** Makes bar `i` the current bar and fills the orders it reaches (the first half of {@link Broker.next}). */
  fill(i: number): void {
    this.i = i;
    this.#processOrders();
  }

  /** Closes every open trade at the current bar's close (equity ran out). */
  closeAllAtClose(): void {
    const i = this.i;
    // Iterates the live list as backtesting.py does (closing one trade shifts the next into its slot).
    for (const trade of this.trades) this.#closeTrade(trade, this.#bars.close[i], i);
  }

  #processOrders(): void {
    if (this.orders.length === 0) return;
    const bars = this.#bars;
    const i = this.i;
    const open = bars.open[i];
    const high = bars.high[i];
    const low = bars.low[i];
    const { tradeOnClose, hedging } = this.#s;
    let reprocess = false;

    for (const order of [...this.orders]) {
      if (!this.orders.includes(order)) continue; // removed with its trade earlier in this pass

      const stopPrice = order.stop;
      if (present(stopPrice)) {
        const hit = order.isLong ? high >= stopPrice : low <= stopPrice;
        if (!hit) continue;
        order.stop = undefined; // a triggered stop order becomes a market or limit order
      }

      let price: number;
      const limit = order.limit;
      if (present(limit)) {
        const limitHit = order.isLong ? low <= limit : high >= limit;
        // Stop and limit both inside this bar: assume, pessimistically, the limit was passed before the stop.
        const limitBeforeStop =
          limitHit && (order.isLong ? limit <= (present(stopPrice) ? stopPrice : -Infinity) : limit >= (present(stopPrice) ? stopPrice : Infinity));
        if (!limitHit || limitBeforeStop) continue;
        const from = present(stopPrice) ? stopPrice : open;
        price = order.isLong ? Math.min(from, limit) : Math.max(from, limit);
      } else {
        price = tradeOnClose && !order.isContingent ? bars.close[i - 1] : open;
        if (present(stopPrice)) price = order.isLong ? Math.max(price, stopPrice) : Math.min(price, stopPrice);
      }

      const isMarketOrder = !present(limit) && !present(stopPrice);
      const timeIndex = isMarketOrder && tradeOnClose && !order.isContingent ? i - 1 : i;

      const parent = order.parentTrade;
      if (parent) {
        const size = Math.sign(order.size) * Math.min(Math.abs(parent.size), Math.abs(order.size));
        if (this.trades.includes(parent)) this.#reduceTrade(parent, price, size, timeIndex);
        if (order !== parent.slOrder && order !== parent.tpOrder) this.#remove(order); // a close() order, done
        continue;
      }

      const adjusted = this.adjustedPrice(order.size, price);
      const adjustedPlusCommission = adjusted + this.#s.commission(order.size, price) / Math.abs(order.size);

      let size = order.size;
      if (-1 < size && size < 1) {
        const units = Math.trunc(pyFloorDiv(this.marginAvailable * this.#leverage * Math.abs(size), adjustedPlusCommission));
        size = size < 0 ? -units : units;
        if (!size) {
          this.warnings.push({ bar: i, message: `bar ${i}: the broker cancelled a relative-sized order for lack of margin` });
          this.#remove(order);
          continue;
        }
      }
      let needSize = size;

      if (!hedging) {
        // Net out opposite trades first, oldest first, at the unadjusted price (the spread was paid on entry).
        for (const trade of [...this.trades]) {
          if (trade.isLong === order.isLong) continue;
          if (Math.abs(needSize) >= Math.abs(trade.size)) {
            this.#closeTrade(trade, price, timeIndex);
            needSize += trade.size;
          } else {
            this.#reduceTrade(trade, price, needSize, timeIndex);
            needSize = 0;
          }
          if (!needSize) break;
        }
      }

      if (Math.abs(needSize) * adjustedPlusCommission > this.marginAvailable * this.#leverage) {
        this.#remove(order); // not enough margin: the broker cancels the order
        continue;
      }

      if (needSize) {
        this.#openTrade(adjusted, needSize, order.sl, order.tp, timeIndex, order.tag);
        if (order.sl !== undefined || order.tp !== undefined) {
          if (isMarketOrder) {
            reprocess = true; // the new SL/TP may already trigger inside this bar
          } else if (
            present(stopPrice) &&
            !present(limit) &&
            order.tp !== undefined &&
            ((order.isLong && order.tp <= high && (order.sl ?? -Infinity) < low) ||
              (order.isShort && order.tp >= low && (order.sl ?? Infinity) > high))
          ) {
            reprocess = true;
          } else if ((low <= (order.sl ?? -Infinity) && (order.sl ?? -Infinity) <= high) || (low <= (order.tp ?? -Infinity) && (order.tp ?? -Infinity) <= high)) {
            this.warnings.push({
              bar: i,
              message: `bar ${i}: a stop-loss/take-profit would trigger in the bar its stop/limit entry filled; it is deferred to the next bar`,
            });
          }
        }
      }
      this.#remove(order);
    }
    if (reprocess) this.#processOrders();
  }

  #remove(order: Order): void {
    const at = this.orders.indexOf(order);
    if (at >= 0) this.orders.splice(at, 1);
  }

  #reduceTrade(trade: Trade, price: number, size: number, timeIndex: number): void {
    const sizeLeft = trade.size + size;
    let closing = trade;
    if (sizeLeft) {
      trade.size = sizeLeft;
      if (trade.slOrder) trade.slOrder.size = -trade.size;
      if (trade.tpOrder) trade.tpOrder.size = -trade.size;
      closing = trade.copyWithSize(-size);
      this.trades.push(closing);
    }
    this.#closeTrade(closing, price, timeIndex);
  }

  #closeTrade(trade: Trade, price: number, timeIndex: number): void {
    this.trades.splice(this.trades.indexOf(trade), 1);
    if (trade.slOrder) this.#remove(trade.slOrder);
    if (trade.tpOrder) this.#remove(trade.tpOrder);
    trade.exitPrice = price;
    trade.exitBar = timeIndex;
    this.closedTrades.push(trade);
    this.#account?.tradeClosed(this, trade);
    const exitCommission = this.#s.commission(trade.size, price);
    this.cash += trade.pl - exitCommission;
    // Entry commission recomputed on the closed size: a partly closed trade carries its share.
    trade.commissions = exitCommission + this.#s.commission(trade.size, trade.entryPrice);
  }

  #openTrade(price: number, size: number, sl: number | undefined, tp: number | undefined, timeIndex: number, tag: unknown): void {
    const trade = new Trade(this, size, price, timeIndex, tag);
    this.trades.push(trade);
    this.cash -= this.#s.commission(size, price);
    if (tp !== undefined) trade.tp = tp;
    if (sl !== undefined) trade.sl = sl;
  }
}
