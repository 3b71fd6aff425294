import type { Table } from "../frame";
import { Bars, toBars } from "./bars";
import { InvalidStrategyError } from "./errors";
import { BrokerOptions, runSettings } from "./options";
import { equityTable, tradesTable } from "./results";
import { runStrategy } from "./runStrategy";
import { computeStats } from "./stats/computeStats";
import { tradeColumns, type TradeColumns } from "./stats/tradeColumns";
import type { Stats } from "./stats/types";
import { Strategy, type StrategyClass } from "./Strategy";

/** Options of {@link backtest}: the broker's ({@link BrokerOptions}) plus the strategy's parameters. */
export interface BacktestOptions<P> extends BrokerOptions {
  /** Strategy parameters, over the class's `static defaults`. @default {} */
  params?: Partial<P>;
}

/** What a backtest returns. */
export interface BacktestResult<P = Record<string, unknown>> {
  /** backtesting.py's statistics, under its names. */
  stats: Stats;
  /** timestamp, equity, drawdown, drawdownDuration per bar. */
  equity: Table;
  /**
   * One row per closed trade (see {@link tradesTable}), then each indicator's value at the trade's
   * entry and exit bars in `Entry_<name>` / `Exit_<name>` columns, as backtesting.py's `_trades`.
   */
  trades: Table;
  /** The parameters the strategy ran with. */
  params: P;
  /** Broker warnings (orders cancelled for lack of margin, deferred SL/TP, trades left open). */
  warnings: string[];
  /** The strategy instance after the run (its indicators and fields). */
  strategy: Strategy<P>;
}

/**
 * Runs an event-driven backtest of a {@link Strategy} over OHLCV bars with backtesting.py's
 * conventions (see docs/backtests.md, "Conventions"): market orders fill at the next bar's open (or this
 * bar's close with `tradeOnClose`), the spread is paid on entries, the commission on entry and exit,
 * fractional sizes become whole units from available margin, and the statistics use backtesting.py's
 * names and definitions.
 * @param data a Table (or anything the store accepts) with timestamp, open, high, low, close and
 *   optionally volume columns, in any letter case; or {@link Bars}.
 * @throws InvalidBarsError for unusable data, InvalidOptionError for a bad option,
 *   InvalidStrategyError for an unknown parameter or a bad indicator, InvalidOrderError from the
 *   strategy's own orders.
 * @example
 * const result = backtest(goog, SmaCross, { cash: 10_000, finalizeTrades: true, params: { fast: 10, slow: 30 } });
 * result.stats["Sharpe Ratio"]; result.equity; result.trades;
 */
export function backtest<P>(data: unknown, StrategyType: StrategyClass<P>, options: BacktestOptions<P> = {}): BacktestResult<P> {
  return runBacktest(toBars(data), StrategyType, options);
}

/**
 * backtest() over bars already converted, with an optional rewrite of the trade columns for the trades
 * Table only (after the statistics are computed). @internal
 */
export function runBacktest<P>(bars: Bars, StrategyType: StrategyClass<P>, options: BacktestOptions<P>, tradesForTable?: (trades: TradeColumns) => TradeColumns): BacktestResult<P> {
  const settings = runSettings(options);
  const params = strategyParams(StrategyType, options.params);
  const run = runStrategy(bars, StrategyType, params, settings);
  const trades = tradeColumns(run.trades);
  return {
    stats: computeStats({
      equity: run.equity,
      close: bars.close,
      timestamp: bars.timestamp,
      trades,
      firstTradingBar: run.warmup,
      riskFreeRate: settings.riskFreeRate,
    }),
    equity: equityTable(run.equity, bars.timestamp),
    trades: tradesTable(tradesForTable ? tradesForTable(trades) : trades, bars.timestamp !== null, run.indicators),
    params,
    warnings: run.warnings,
    strategy: run.strategy as Strategy<P>,
  };
}

/**
 * The parameters a strategy runs with: its class's `static defaults` overridden by `given`.
 * @throws InvalidStrategyError when the class declares defaults and `given` names a parameter
 *   they do not have (a typo would otherwise be silently ignored).
 */
export function strategyParams<P>(StrategyType: StrategyClass<P>, given: Partial<P> = {}): P {
  if (typeof StrategyType !== "function" || !(StrategyType.prototype instanceof Strategy)) {
    throw new InvalidStrategyError(
      `backtest: the strategy must be a Strategy subclass (class S extends Strategy { next() { ... } }), got ${typeof StrategyType === "function" ? `class ${StrategyType.name}` : typeof StrategyType}`,
    );
  }
  const defaults = StrategyType.defaults;
  if (defaults) {
    for (const key of Object.keys(given)) {
      if (!(key in defaults)) {
        throw new InvalidStrategyError(
          `backtest: strategy ${StrategyType.name} has no parameter '${key}'; its parameters are ${Object.keys(defaults).map((k) => `'${k}'`).join(", ")}`,
        );
      }
    }
  }
  return { ...(defaults ?? {}), ...given } as P;
}

export type { Bars };
