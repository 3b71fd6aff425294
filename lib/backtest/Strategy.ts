import type { BarData } from "./BarData";
import type { Broker } from "./Broker";
import { InvalidOptionError, InvalidOrderError, InvalidStrategyError } from "./errors";
import type { Order } from "./Order";
import type { Position } from "./Position";
import type { Trade } from "./Trade";
import { resampleApply, type ResampleAgg } from "./resampleApply";

/** An indicator: one value per bar, NaN while it warms up. In next() it ends at the current bar. */
export type Indicator = Float64Array;

/**
 * An indicator of several lines (e.g. Bollinger upper, middle, lower): one row per line, each one value
 * per bar. In next() every row ends at the current bar: `bands[0][bands[0].length - 1]`.
 */
export type MultiIndicator = Float64Array[];

/** What an indicator function may return: one line, several lines (an array of rows), or named lines (rows in key order). */
export type IndicatorOutput = ArrayLike<number> | readonly ArrayLike<number>[] | { readonly [line: string]: ArrayLike<number> };

/** An indicator the strategy declared with I(): its name (backtesting.py's) and its rows. @internal */
export interface DeclaredIndicator {
  name: string;
  /** One row per line; a one-line indicator has one row. */
  rows: Float64Array[];
  /** What I() returned: the row itself for a one-line indicator, the array of rows otherwise. */
  value: Indicator | MultiIndicator;
  /** Left out of the warm-up (backtesting.py's scatter indicators, e.g. SignalStrategy's signals). */
  noWarmup?: boolean;
}

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
  /** The symbol traded, in a portfolio backtest. */
  symbol?: string;
}

const contexts = new WeakMap<Strategy<any>, StrategyContext<any>>();
const indicatorSets = new WeakMap<Strategy<any>, DeclaredIndicator[]>();

/** Connects a strategy instance to its data and broker. @internal */
export function attachStrategy<P>(strategy: Strategy<P>, context: StrategyContext<P>): void {
  contexts.set(strategy, context);
  indicatorSets.set(strategy, []);
}

/** Indicators the strategy declared with I(), in order. @internal */
export function declaredIndicators(strategy: Strategy<any>): DeclaredIndicator[] {
  return indicatorSets.get(strategy) ?? [];
}

/** Records an indicator computed elsewhere (helper strategies' signals) under a given name. @internal */
export function declareIndicator(strategy: Strategy<any>, values: Float64Array, name: string, noWarmup = false): Float64Array {
  indicatorSets.get(strategy)!.push({ name, rows: [values], value: values, noWarmup });
  return values;
}

/** The strategy's data (for helpers outside the class). @internal */
export function strategyData(strategy: Strategy<any>): BarData {
  const context = contexts.get(strategy);
  if (!context) throw new InvalidStrategyError("Strategy: this strategy is not running; pass its class to backtest()");
  return context.data;
}

const OHLCV_AGG = { open: "first", high: "max", low: "min", close: "last", volume: "sum" } as const;

const COLUMN_LETTERS = [["open", "O"], ["high", "H"], ["low", "L"], ["close", "C"], ["volume", "V"]] as const;

/** backtesting.py's `_as_str`: how one argument reads in an indicator's name ('' = left out). */
function argName(arg: unknown, data: BarData): string {
  let name: string;
  if (typeof arg === "number" || typeof arg === "string" || typeof arg === "boolean") {
    name = typeof arg === "boolean" ? (arg ? "True" : "False") : String(arg);
    return name;
  }
  if (typeof arg === "function") name = arg.name || "λ";
  else if (ArrayBuffer.isView(arg)) {
    const letter = COLUMN_LETTERS.find(([column]) => data[column] === arg);
    name = letter ? letter[1] : (indicatorNames.get(arg as Float64Array) ?? "");
  } else if (arg && typeof arg === "object" && !Array.isArray(arg)) {
    // An options object stands for Python's keyword arguments: its values, in order.
    return Object.values(arg).map((v) => argName(v, data)).filter(Boolean).join(",");
  } else name = "";
  return name.length > 10 ? `${name.slice(0, 9)}…` : name;
}

/** Names of indicator arrays, so an indicator of an indicator is named after it. */
const indicatorNames = new WeakMap<Float64Array, string>();

/** backtesting.py's default indicator name: `fn(arg,arg,...)` with data columns as O/H/L/C/V, e.g. `sma(C,10)`. */
function indicatorName(fn: Function, args: unknown[], data: BarData): string {
  const fnName = argName(fn, data);
  const params = args.map((a) => argName(a, data)).filter(Boolean).join(",");
  return params ? `${fnName}(${params})` : fnName;
}

function isRowList(raw: unknown): raw is readonly ArrayLike<number>[] {
  return Array.isArray(raw) && raw.length > 0 && raw.every((r) => r !== null && typeof r === "object" && typeof (r as ArrayLike<number>).length === "number");
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

  /**
   * The symbol this instance trades in a {@link portfolioBacktest} (one instance per symbol), e.g. to
   * size orders per symbol; undefined in a single-asset backtest.
   */
  get symbol(): string | undefined {
    return this.#context().symbol;
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
   *
   * `fn` may return several lines, as backtesting.py allows a tuple or 2-D array: an array of rows, or
   * an object of named lines (rows in key order, as a DataFrame's columns). I() then returns a
   * {@link MultiIndicator}, one row per line; the warm-up waits for every row.
   *
   * The indicator is named as backtesting.py names it, `fn(args)` with data columns as O/H/L/C/V and
   * other unnamed arrays left out (e.g. `sma(C,10)`); the trades table has its value at each trade's
   * entry and exit bars in columns `Entry_<name>` and `Exit_<name>` (`Entry_<name>_0`, `_1`, ... per line).
   * @throws InvalidStrategyError when fn does not return one number per bar (per line).
   * @example
   * this.rsi = this.I(rsi, this.data.close, 14);
   * this.bands = this.I((c: Float64Array) => { const b = bollinger(c, { period: 20 }); return [b.upper, b.middle, b.lower]; }, this.data.close);
   */
  I<A extends unknown[]>(fn: (...args: A) => ArrayLike<number>, ...args: A): Indicator;
  I<A extends unknown[]>(fn: (...args: A) => readonly ArrayLike<number>[] | { readonly [line: string]: ArrayLike<number> }, ...args: A): MultiIndicator;
  I<A extends unknown[]>(fn: (...args: A) => IndicatorOutput, ...args: A): Indicator | MultiIndicator {
    const data = this.data;
    const bars = data.length;
    const name = indicatorName(fn, args, data);
    const raw = fn(...args) as unknown;
    const multi = isRowList(raw) || (raw !== null && typeof raw === "object" && !ArrayBuffer.isView(raw) && !Array.isArray(raw) && typeof (raw as ArrayLike<number>).length !== "number");
    const lines: unknown[] = multi ? (Array.isArray(raw) ? raw : Object.values(raw as object)) : [raw];
    const rows = lines.map((line, at) => {
      const where = multi ? ` line ${at}` : "";
      if (!line || typeof (line as ArrayLike<number>).length !== "number" || (line as ArrayLike<number>).length !== bars) {
        const got = line && typeof (line as ArrayLike<number>).length === "number" ? `${(line as ArrayLike<number>).length} values` : typeof line;
        throw new InvalidStrategyError(`Strategy.I: indicator ${name}${where} must return one value per bar (${bars}), got ${got}`);
      }
      return line instanceof Float64Array ? line : Float64Array.from(line as ArrayLike<number>);
    });
    if (multi && rows.length === 0) throw new InvalidStrategyError(`Strategy.I: indicator ${name} returned no lines`);
    const value = multi ? rows : rows[0];
    if (!multi) indicatorNames.set(rows[0], name);
    indicatorSets.get(this)!.push({ name, rows, value });
    return value;
  }

  /**
   * Declares an indicator computed on a higher timeframe, as backtesting.py's `lib.resample_apply`:
   * `series` (a column of `this.data`, or any per-bar values) is resampled to `rule` ("4h", "1d", "1w";
   * see {@link resampleApply}), `fn(resampled, ...args)` runs on it, and each bar sees the value of the
   * last higher bar that ended at or before it, so no later data leaks in. Data columns are summarised
   * as bars are (open first, high max, low min, close last, volume sum), anything else by its last
   * value. Keep the result in a field, as with {@link Strategy.I}; it is named e.g. `sma(C[1d],10)`.
   * @throws InvalidOptionError for a bad rule or data without timestamps.
   * @example this.dailySma = this.resampleApply("1d", sma, this.data.close, 10);
   */
  resampleApply<A extends unknown[]>(rule: string, fn: (resampled: Float64Array, ...args: A) => ArrayLike<number>, series: ArrayLike<number>, ...args: A): Indicator {
    const data = this.data;
    if (!data.timed) throw new InvalidOptionError(`Strategy.resampleApply: the data has no timestamps, so it cannot be resampled to ${JSON.stringify(rule)}`, { option: "rule" });
    const column = COLUMN_LETTERS.find(([c]) => data[c] === series);
    const agg: ResampleAgg = column ? OHLCV_AGG[column[0]] : "last";
    const values = resampleApply({ rule, timestamp: data.timestamp, agg }, fn, series, ...args);
    const seriesName = `${argName(series, data)}[${rule}]`;
    const params = [seriesName.length > 10 ? `${seriesName.slice(0, 9)}…` : seriesName, ...args.map((a) => argName(a, data))].filter(Boolean).join(",");
    const name = `${argName(fn, data)}(${params})`;
    indicatorNames.set(values, name);
    indicatorSets.get(this)!.push({ name, rows: [values], value: values });
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

  /**
   * Cash plus open trades' profit or loss at the current close. In a {@link portfolioBacktest}: the
   * whole portfolio's, every symbol's open trades marked at its last known close.
   */
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
