import type { BarData } from "./BarData";
import type { Broker } from "./Broker";
import { InvalidOrderError, InvalidStrategyError } from "./errors";
import type { Order } from "./Order";
import type { Position } from "./Position";
import type { Trade } from "./Trade";

/** An indicator: one value per bar, NaN while it warms up. In next() it ends at the current bar. */
export type Indicator = Float64Array;

/** Options of {@link Strategy.buy} and {@link Strategy.sell}. */
export interface OrderOptions {
  /**
   * A fraction of available margin when 0 < size < 1 (converted to whole units at fill time), or a
   * whole number of units >= 1.
   * @default 1 - Number.EPSILON (all available margin, as backtesting.py's default)
   */
  size?: number;
  /** Limit price: fill at this price or better. @default undefined (market order) */
  limit?: number;
  /** Stop price: the order becomes active (market, or limit with `limit`) once the price reaches it. @default undefined */
  stop?: number;
  /** Stop-loss price of the resulting trade. @default undefined */
  sl?: number;
  /** Take-profit price of the resulting trade. @default undefined */
  tp?: number;
  /** Any value, copied to the order and its trade. @default undefined */
  tag?: unknown;
}

/** backtesting.py's default order size: all available margin, just below 1 so it reads as a fraction. */
export const FULL_EQUITY = 1 - Number.EPSILON;

/** What the engine hands a strategy. @internal */
export interface StrategyContext<P> {
  data: BarData;
  broker: Broker;
  params: P;
}

const contexts = new WeakMap<Strategy<any>, StrategyContext<any>>();
const indicatorSets = new WeakMap<Strategy<any>, { values: Float64Array; name: string }[]>();

/** Connects a strategy instance to its data and broker. @internal */
export function attachStrategy<P>(strategy: Strategy<P>, context: StrategyContext<P>): void {
  contexts.set(strategy, context);
  indicatorSets.set(strategy, []);
}

/** Indicators the strategy declared with I(), in order. @internal */
export function declaredIndicators(strategy: Strategy<any>): { values: Float64Array; name: string }[] {
  return indicatorSets.get(strategy) ?? [];
}

/**
 * A trading strategy, run bar by bar by {@link backtest}. Extend it: compute indicators once in
 * `init()` with `this.I(fn, ...args)`, and decide in `next()`, which is called for every bar once all
 * indicators are warmed up and sees data and indicators only up to the current bar.
 * Parameters come from `backtest(..., { params })`, over `static defaults` of the class.
 * @example
 * class SmaCross extends Strategy<{ fast: number; slow: number }> {
 *   static defaults = { fast: 10, slow: 30 };
 *   fastMa!: Indicator; slowMa!: Indicator;
 *   init() { this.fastMa = this.I(sma, this.data.close, this.params.fast); this.slowMa = this.I(sma, this.data.close, this.params.slow); }
 *   next() {
 *     if (crossover(this.fastMa, this.slowMa)) { this.position.close(); this.buy(); }
 *     else if (crossover(this.slowMa, this.fastMa)) { this.position.close(); this.sell(); }
 *   }
 * }
 */
export abstract class Strategy<P = Record<string, never>> {
  /** Called once before the run, with whole columns: declare indicators here. */
  init(): void {}

  /** Called on every bar from the first one where all indicators have values. */
  abstract next(): void;

  #context(): StrategyContext<P> {
    const context = contexts.get(this);
    if (!context) throw new InvalidStrategyError("Strategy: this strategy is not running; pass its class to backtest()");
    return context;
  }

  /** The price data up to the current bar (whole in init()). */
  get data(): BarData {
    return this.#context().data;
  }

  /** The strategy's parameters: the class's `static defaults` overridden by `backtest(..., { params })`. */
  get params(): P {
    return this.#context().params;
  }

  /**
   * Declares an indicator: calls `fn(...args)` once over the whole series and returns its values.
   * Keep the result in a field of the strategy: in next() every such field is cut to end at the current
   * bar, and the backtest starts on the bar after the first one where every such field has a value (not
   * NaN), as in backtesting.py. (An indicator kept elsewhere is neither cut nor waited for.)
   * @throws InvalidStrategyError when fn does not return one number per bar.
   * @example this.rsi = this.I(rsi, this.data.close, 14);
   */
  I<A extends unknown[]>(fn: (...args: A) => ArrayLike<number>, ...args: A): Indicator {
    const bars = this.data.length;
    const raw = fn(...args);
    const name = `${fn.name || "indicator"}(${args.map((a) => (typeof a === "number" || typeof a === "string" ? String(a) : ArrayBuffer.isView(a) ? "…" : typeof a)).join(",")})`;
    if (!raw || typeof (raw as ArrayLike<number>).length !== "number" || raw.length !== bars) {
      throw new InvalidStrategyError(
        `Strategy.I: indicator ${name} must return one value per bar (${bars}), got ${raw && typeof raw.length === "number" ? `${raw.length} values` : typeof raw}`,
      );
    }
    const values = raw instanceof Float64Array ? raw : Float64Array.from(raw);
    indicatorSets.get(this)!.push({ values, name });
    return values;
  }

  /** Places a buy order (see {@link OrderOptions}); by default a market order for all available margin. */
  buy(options: OrderOptions = {}): Order {
    return this.#order(1, options, "buy");
  }

  /**
   * Places a sell order. Without `exclusiveOrders`, a sell first reduces open long trades (FIFO) and
   * only the rest opens a short; use `position.close()` to just exit.
   */
  sell(options: OrderOptions = {}): Order {
    return this.#order(-1, options, "sell");
  }

  #order(sign: 1 | -1, options: OrderOptions, verb: string): Order {
    const { size = FULL_EQUITY, limit, stop, sl, tp, tag } = options;
    if (!((size > 0 && size < 1) || (size >= 1 && Math.round(size) === size))) {
      throw new InvalidOrderError(`Strategy.${verb}: size must be a fraction of equity in (0, 1) or a whole number of units >= 1, got ${size}`);
    }
    for (const [field, price] of [["limit", limit], ["stop", stop], ["sl", sl], ["tp", tp]] as const) {
      if (price !== undefined && !(Number.isFinite(price) && price > 0)) {
        throw new InvalidOrderError(`Strategy.${verb}: '${field}' must be a positive price, got ${price}`);
      }
    }
    return this.#context().broker.placeOrder({ size: sign * size, limit, stop, sl, tp, tag });
  }

  /** The net position (sum of open trades). */
  get position(): Position {
    return this.#context().broker.position;
  }

  /** Cash plus open trades' profit or loss at the current close. */
  get equity(): number {
    return this.#context().broker.equity;
  }

  /** Orders waiting to be filled (including trades' stop-loss/take-profit orders). */
  get orders(): readonly Order[] {
    return [...this.#context().broker.orders];
  }

  /** Open trades, oldest first. */
  get trades(): readonly Trade[] {
    return [...this.#context().broker.trades];
  }

  /** Closed trades, in the order they closed. */
  get closedTrades(): readonly Trade[] {
    return [...this.#context().broker.closedTrades];
  }
}

/** A Strategy subclass (the class, not an instance). */
export type StrategyClass<P> = (new () => Strategy<P>) & { defaults?: Partial<P> };
