/**
 * Backtests: an event-driven Strategy with backtesting.py's broker conventions and statistics,
 * indicators over typed arrays, vectorised signal backtests, parameter sweeps, stored results.
 */
export type { Bars } from "./bars";
export { toBars, sliceBars } from "./bars";
export { BarData } from "./BarData";
export type { Commission, CommissionFunction } from "./commission";
export { commissionFunction } from "./commission";
export type { BacktestErrorCode, BacktestErrorDetails } from "./errors";
export { BacktestError, InvalidBarsError, InvalidOptionError, InvalidOrderError, InvalidStrategyError } from "./errors";
export { Order } from "./Order";
export { Trade } from "./Trade";
export { Position } from "./Position";
export type { Indicator, IndicatorOutput, MultiIndicator, OrderOptions, StrategyClass } from "./Strategy";
export { Strategy, FULL_EQUITY } from "./Strategy";
export { SignalStrategy } from "./SignalStrategy";
export { TrailingStrategy } from "./TrailingStrategy";
export { SmaCross, smaCrossSignals } from "./examples/smaCross";
export type { BrokerOptions } from "./options";
export { BROKER_DEFAULTS } from "./options";
export type { BacktestOptions, BacktestResult } from "./backtest";
export { backtest, strategyParams } from "./backtest";
export type { FractionalBacktestOptions } from "./fractionalBacktest";
export { fractionalBacktest } from "./fractionalBacktest";
export type { ResampleAgg, ResampleApplyOptions } from "./resampleApply";
export { resampleApply } from "./resampleApply";
export type { IndicatorLines } from "./results";
export { equityTable, indicatorValueColumns, tradesTable, tradeRecords, TRADE_COLUMNS } from "./results";
export type { Stats, TradeRecord } from "./stats/types";
export { STAT_NAMES, DURATION_STATS, TIME_STATS } from "./stats/types";
export type { StatsInput } from "./stats/computeStats";
export { computeStats } from "./stats/computeStats";
export { drawdown, drawdownPeriods } from "./stats/drawdown";
export type { DrawdownPeriods } from "./stats/drawdown";
export { annualisation, dataPeriod, periodicReturns, ceilDuration } from "./stats/period";
export type { Annualisation } from "./stats/period";
export { geometricMean } from "./stats/means";
export * from "./indicators";
export { readBarsCsv } from "./readBarsCsv";
export type { EntryExitSignals } from "./signals";
export { signalsToTarget } from "./signals";
export type { SignalBacktestOptions, TargetSignals } from "./signalBacktest";
export { signalBacktest } from "./signalBacktest";
export type { SignalFunction, SignalOutput, Sweepable } from "./evaluate";
export type { ParameterGrid } from "./grid";
export { parameterCombos, sampleCombos } from "./grid";
export type { Heatmap, OptimizeOptions, OptimizeResult, SweepProgress } from "./optimize";
export { optimize } from "./optimize";
export { stopSweepWorkers } from "./sweepWorkers";
export type { StoredBacktest } from "./storeResults";
export { BACKTESTS_LIBRARY, backtestSymbols, loadBacktest, saveBacktest } from "./storeResults";
export type { StatsTableOptions } from "./statsTable";
export { formatDuration, statsTable } from "./statsTable";
export type { TradeColumns } from "./stats/tradeColumns";
export { tradeColumns } from "./stats/tradeColumns";
// Statistics and results show themselves as a notebook cell's result.
import "./resultDisplay";
