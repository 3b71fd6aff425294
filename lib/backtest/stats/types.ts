/**
 * Statistics of a backtest under backtesting.py's names and definitions. Times are epoch ms (or bar
 * numbers for row-indexed data), durations are ms (or bars); percentages are percent (5 = 5 %).
 * NaN where a figure is undefined (no trades, no drawdown, row-indexed data for annualised figures).
 */
export interface Stats {
  Start: number;
  End: number;
  Duration: number;
  "Exposure Time [%]": number;
  "Equity Final [$]": number;
  "Equity Peak [$]": number;
  /** Present when commissions were paid (as in backtesting.py). */
  "Commissions [$]"?: number;
  "Return [%]": number;
  "Buy & Hold Return [%]": number;
  "Return (Ann.) [%]": number;
  "Volatility (Ann.) [%]": number;
  "CAGR [%]": number;
  "Sharpe Ratio": number;
  "Sortino Ratio": number;
  "Calmar Ratio": number;
  "Alpha [%]": number;
  Beta: number;
  "Max. Drawdown [%]": number;
  "Avg. Drawdown [%]": number;
  "Max. Drawdown Duration": number;
  "Avg. Drawdown Duration": number;
  "# Trades": number;
  "Win Rate [%]": number;
  "Best Trade [%]": number;
  "Worst Trade [%]": number;
  "Avg. Trade [%]": number;
  "Max. Trade Duration": number;
  "Avg. Trade Duration": number;
  "Profit Factor": number;
  "Expectancy [%]": number;
  SQN: number;
  "Kelly Criterion": number;
}

/** The statistic names, in backtesting.py's order. */
export const STAT_NAMES = [
  "Start",
  "End",
  "Duration",
  "Exposure Time [%]",
  "Equity Final [$]",
  "Equity Peak [$]",
  "Commissions [$]",
  "Return [%]",
  "Buy & Hold Return [%]",
  "Return (Ann.) [%]",
  "Volatility (Ann.) [%]",
  "CAGR [%]",
  "Sharpe Ratio",
  "Sortino Ratio",
  "Calmar Ratio",
  "Alpha [%]",
  "Beta",
  "Max. Drawdown [%]",
  "Avg. Drawdown [%]",
  "Max. Drawdown Duration",
  "Avg. Drawdown Duration",
  "# Trades",
  "Win Rate [%]",
  "Best Trade [%]",
  "Worst Trade [%]",
  "Avg. Trade [%]",
  "Max. Trade Duration",
  "Avg. Trade Duration",
  "Profit Factor",
  "Expectancy [%]",
  "SQN",
  "Kelly Criterion",
] as const satisfies readonly (keyof Stats)[];

/** Statistics that are times or durations (shown as dates or "N days hh:mm:ss"). */
export const TIME_STATS = ["Start", "End"] as const;
export const DURATION_STATS = ["Duration", "Max. Drawdown Duration", "Avg. Drawdown Duration", "Max. Trade Duration", "Avg. Trade Duration"] as const;

/** One closed trade, as the statistics need it (the trades Table has the same columns). */
export interface TradeRecord {
  size: number;
  entryBar: number;
  exitBar: number;
  entryPrice: number;
  exitPrice: number;
  sl: number;
  tp: number;
  /** Profit or loss in cash, net of entry and exit commissions. */
  pnl: number;
  commission: number;
  /** Return as a fraction of entry value, net of commissions (0.05 = 5 %). */
  returnPct: number;
  entryTime: number;
  exitTime: number;
  /** exitTime - entryTime (ms, or bars). */
  duration: number;
  tag: string | null;
}
