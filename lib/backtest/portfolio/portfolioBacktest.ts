import type { Table } from "../../frame";
import type { BacktestOptions } from "../backtest";
import { strategyParams } from "../backtest";
import { InvalidOptionError } from "../errors";
import { runSettings } from "../options";
import { equityTable, indicatorValueColumns, tradesTableWith } from "../results";
import { computeStats } from "../stats/computeStats";
import { tradeColumns, type TradeColumns } from "../stats/tradeColumns";
import type { Stats, TradeRecord } from "../stats/types";
import type { Strategy, StrategyClass } from "../Strategy";
import { alignBars, type Alignment, type PortfolioData } from "./alignBars";
import { runPortfolio, type PortfolioAllocation, type PortfolioRun } from "./runPortfolio";
import { symbolBreakdown } from "./symbolBreakdown";

/** Options of {@link portfolioBacktest}: those of {@link backtest} plus how symbols share the cash. */
export interface PortfolioOptions<P> extends BacktestOptions<P> {
  /**
   * How an order is sized against the shared cash. Either way an order is cancelled when the margin it
   * may use does not cover it, and a fractional size (0 < size < 1) is that fraction of that margin:
   * - `"shared"`: the margin still free in the whole portfolio (equity minus the margin every open
   *   trade ties up). Symbols compete for it; whoever fills first in a bar (see the symbols' order) may
   *   use it all.
   * - `"equal"`: each symbol may tie up at most 1/N of the portfolio's current equity (N symbols), less
   *   what its own open trades tie up, and never more than is free in the whole portfolio.
   * With one symbol both are the single-asset engine's rule.
   * @default "shared"
   */
  allocation?: PortfolioAllocation;
}

/** What {@link portfolioBacktest} returns. */
export interface PortfolioResult<P = Record<string, unknown>> {
  /**
   * The portfolio's statistics under backtesting.py's names, over its equity curve and all its trades.
   * "Exposure Time [%]" is the share of timeline steps with a trade open in any symbol; "Buy & Hold
   * Return [%]", Alpha and Beta compare with an equal-weight buy & hold of the symbols (with one
   * symbol: that symbol, exactly as {@link backtest}).
   */
  stats: Stats;
  /** timestamp (or bar), equity, drawdown, drawdownDuration at every step of the timeline. */
  equity: Table;
  /**
   * Every closed trade, in the order they closed: `symbol`, then the columns of {@link backtest}'s
   * trades (entryBar and exitBar are rows of the symbol's own data), then the `Entry_…`/`Exit_…`
   * indicator columns (NaN for a symbol without that indicator).
   */
  trades: Table;
  /**
   * One row per symbol, in the order given: symbol, Bars, # Trades, Win Rate [%], P&L [$] (closed
   * trades, net of commissions), Open P&L [$] (trades still open, at the last close, less their entry commission), Commissions [$],
   * Contribution [%] ((P&L + Open P&L) / starting cash: the symbol's share of Return [%]), Exposure
   * Time [%] (share of the symbol's bars with one of its trades open), Avg. Trade [%], Buy & Hold Return [%].
   */
  symbols: Table;
  params: P;
  /** Broker warnings, each prefixed by its symbol ("MSFT: bar 12: ..."). */
  warnings: string[];
  /** Each symbol's strategy instance after the run. */
  strategies: Record<string, Strategy<P>>;
}

const ALLOCATIONS: readonly PortfolioAllocation[] = ["shared", "equal"];

/**
 * Backtests one strategy over several symbols sharing one cash account: one instance of the strategy
 * per symbol (its `this.data`, indicators, `position`, orders and trades are that symbol's; `this.equity`
 * and the margin are the portfolio's; `this.symbol` names it), all on one timeline.
 *
 * Alignment: the timeline is the union of the symbols' timestamps. A symbol without a bar at a time
 * cannot trade then (its orders wait for its next bar; its next() is not called) and its open trades are
 * marked at its last known close. Each symbol warms up on its own bars. Row-indexed data is aligned by
 * row number.
 *
 * Within a step: (1) each symbol with a bar, in the order the symbols are given, fills its pending
 * orders by the single-asset rules, so an earlier symbol's fill can use cash a later symbol then lacks;
 * (2) the portfolio's equity is recorded; (3) each symbol with a bar, in the same order, runs next().
 * Fractional sizes are taken of the margin the `allocation` allows. If equity falls to zero every trade
 * is closed at its symbol's last close and the run ends. With `finalizeTrades`, trades still open are
 * closed on their symbol's last bar.
 *
 * Given one symbol, the statistics, equity curve and trades (plus a `symbol` column) are those of
 * {@link backtest}, bit for bit.
 * @param data symbol -> bars (any table {@link backtest} takes, or {@link Bars}); an object or a Map,
 *   whose order is the symbols' order (a plain object lists integer-like keys first: use a Map to choose).
 *   {@link readPortfolioBars} reads them from a library.
 * @throws InvalidOptionError for no symbols or a bad option; InvalidBarsError naming the symbol for
 *   unusable data; otherwise as {@link backtest}.
 * @example
 * const bars = await readPortfolioBars(demo, ["AAPL", "MSFT", "BTCUSD"]);
 * const result = portfolioBacktest(bars, SmaCross, { cash: 1_000_000, allocation: "equal", finalizeTrades: true });
 * result.stats["Return [%]"]; result.symbols; result.trades;
 */
export function portfolioBacktest<P>(data: PortfolioData, StrategyType: StrategyClass<P>, options: PortfolioOptions<P> = {}): PortfolioResult<P> {
  const { allocation = "shared", ...rest } = options;
  if (!ALLOCATIONS.includes(allocation)) {
    throw new InvalidOptionError(`portfolioBacktest: 'allocation' must be "shared" or "equal", got ${JSON.stringify(allocation)}`, { option: "allocation" });
  }
  const settings = runSettings(rest, "portfolioBacktest");
  const params = strategyParams(StrategyType, rest.params);
  const aligned = alignBars(data);
  const run = runPortfolio(aligned, StrategyType, params, settings, allocation);
  const timed = aligned.timestamp !== null;
  const benchmark = benchmarkOf(aligned, run);
  return {
    stats: computeStats({
      equity: run.equity,
      close: benchmark.close,
      timestamp: aligned.timestamp,
      trades: onTimeline(aligned, run),
      firstTradingBar: benchmark.firstTradingBar,
      riskFreeRate: settings.riskFreeRate,
    }),
    equity: equityTable(run.equity, aligned.timestamp),
    trades: portfolioTrades(run, timed),
    symbols: symbolBreakdown(aligned, run, settings.cash, settings.commission),
    params,
    warnings: run.warnings,
    strategies: Object.fromEntries(run.symbols.map((s) => [s.symbol, s.started.strategy as Strategy<P>])),
  };
}

/** Every closed trade in closing order, as columns, with its bars as steps of the timeline (for the statistics). */
function onTimeline(aligned: Alignment, run: PortfolioRun): TradeColumns {
  const records: TradeRecord[] = run.closeOrder.map(({ symbol, trade }) => {
    const record = run.symbols[symbol].trades[trade];
    const { stepOf } = aligned.symbols[symbol];
    return { ...record, entryBar: stepOf[record.entryBar], exitBar: stepOf[record.exitBar] };
  });
  return tradeColumns(records);
}

/**
 * What buy & hold is measured on. One symbol: its closes from its warm-up bar, as backtest() does.
 * Several: an equal-weight index, the mean over symbols of last known close / close at the symbol's
 * warm-up bar (1 before it), so buy & hold holds each symbol from the bar its strategy could first trade.
 */
function benchmarkOf(aligned: Alignment, run: PortfolioRun): { close: ArrayLike<number>; firstTradingBar: number } {
  if (aligned.symbols.length === 1) {
    const { stepOf, bars } = aligned.symbols[0];
    const warmup = run.symbols[0].started.warmup;
    return { close: bars.close, firstTradingBar: warmup < bars.length ? stepOf[warmup] : warmup };
  }
  const index = new Float64Array(aligned.length);
  const count = aligned.symbols.length;
  aligned.symbols.forEach(({ bars, stepOf }, s) => {
    const warmup = run.symbols[s].started.warmup;
    const base = warmup < bars.length ? bars.close[warmup] : NaN;
    let ratio = 1;
    let i = 0; // the symbol's next bar
    for (let t = 0; t < aligned.length; t++) {
      if (i < bars.length && stepOf[i] === t) {
        if (i >= warmup) ratio = bars.close[i] / base;
        i++;
      }
      index[t] += ratio / count;
    }
  });
  return { close: index, firstTradingBar: 0 };
}

/** The trades Table: symbol, trade columns with each symbol's own bars, indicator values per symbol. */
function portfolioTrades(run: PortfolioRun, timed: boolean): Table {
  const order = run.closeOrder;
  const c = tradeColumns(order.map(({ symbol, trade }) => run.symbols[symbol].trades[trade]));
  const merged = new Map<string, Float64Array>();
  if (c.length) {
    run.symbols.forEach((s, k) => {
      const own = tradeColumns(s.trades);
      if (!own.length) return;
      for (const [name, values] of indicatorValueColumns(own, s.started.indicators())) {
        let column = merged.get(name);
        if (!column) merged.set(name, (column = new Float64Array(c.length).fill(NaN)));
        for (let p = 0; p < order.length; p++) if (order[p].symbol === k) column[p] = values[order[p].trade];
      }
    });
  }
  const symbol = order.map(({ symbol }) => run.symbols[symbol].symbol);
  return tradesTableWith(c, timed, [...merged], [["symbol", symbol]]);
}
