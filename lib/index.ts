/**
 * quantlab: one import for notebooks and scripts. Every public name is listed here on purpose (a test
 * keeps the list); helpers that only one area needs stay inside that area.
 * @example import { Arctic, QueryBuilder, col, backtest, show } from "./lib";
 */

// The market vocabulary: exchange calendars and timeframes.
export { calendar, CalendarError, closedBarIndex, parseTimeframe, parseDuration, timeframeMs, TimeframeError, OHLCV_COLUMNS, checkTimezone, TimezoneError } from "./market";
export type { Calendar, CalendarErrorCode, CalendarName, CalendarOptions, CalendarSession, Session } from "./market";
export type { OhlcvBar, OhlcvColumn, ParseTimeframeOptions, Timeframe, TimeframeKind, TimeframeUnit } from "./market";
// Corporate actions (splits, dividends) kept in `<symbol>.actions` and the back-adjustment of adjusted reads.
export { actionsSymbol, adjustmentFactors, matchSplitRatio, ACTION_COLUMNS, COMMON_SPLIT_RATIOS } from "./market";
export type { AdjustMode, AdjustmentFactors, CorporateAction } from "./market";

// The base of every error quantlab raises on purpose: a stable upper-case `code` and the data concerned.
export { QuantlabError } from "./errors";
export type { ErrorDetails } from "./errors";

// The versioned store, its queries and its errors.
export { Arctic, defaultStoreLocation, defaultStorePath, findProjectRoot, Library } from "./store";
export type { ArcticOptions, LibraryOptions, SnapshotOptions, StoreLocation, StoreLocationSource } from "./store";
export type {
  AdjustmentInfo,
  AppendOptions,
  AsOf,
  ColumnDescription,
  DateRange,
  ReadOptions,
  ReadRequest,
  ReadResult,
  SnapshotInfo,
  SymbolDescription,
  UpdateOptions,
  UpdatePayload,
  VersionInfo,
  VersionedItem,
  WriteOptions,
  WritePayload,
} from "./store";
export { QueryBuilder, Expr, col, lit, and, or, not, asofJoin, concat, queryTable, parseRule } from "./store";
export { exportLibrary, importLibrary } from "./store";
export type { ExportManifest, ImportedSymbol, LibraryExportOptions, LibraryExportResult, LibraryImportMode, LibraryImportOptions, LibraryImportResult, ManifestVersion } from "./store";
export type { AggName, AggSpec, AsofJoinOptions, ConcatOptions, QueryInput, QueryValue, ResampleOptions, Rule, RuleUnit, SymbolRef } from "./store";
export {
  DamagedFileError,
  DataError,
  DiskFullError,
  DuplicateSnapshotError,
  ExportDirectoryError,
  InvalidDataError,
  InvalidNameError,
  LibraryExistsError,
  LibraryNotFoundError,
  NoSuchVersionError,
  SchemaError,
  SnapshotNotFoundError,
  StoreBusyError,
  StoreError,
  SymbolExistsError,
  SymbolNotFoundError,
  UnsortedDataError,
  VersionConflictError,
  isDataError,
} from "./store";
export type { StoreErrorCode } from "./store";

// Tables in and out.
export { TimestampArray, columnValues, toTable, toFrame, toEpochMs, INDEX_COLUMN, isDanfoFrame, toDanfo } from "./frame";
export type { Column, ColumnType, DanfoFrameLike, Frame, FrameInput, Table, TableLike, TimeLike } from "./frame";
// The pandas verbs on Tables: windows, returns, describe, reshaping, filling.
export { rolling, ewm, shift, diff, pctChange, logReturns, cumsum, cumprod, describe, pivot, melt, ffill, fillna, resample, numericColumn, FrameError } from "./frame";
export type { Rolling, RollingOptions, Ewm, EwmOptions, PeriodsOptions, PctChangeOptions, DescribeOptions, PivotOptions, MeltOptions, FfillOptions, FillnaOptions, FillValue, FrameErrorCode, NumericValues, ResampleAggregation, TableResampleOptions, VerbTable } from "./frame";

// Data in: sample bars, files, providers, fundamentals.
export { generateBars, applyActions, seededRandom, DEMO_LIBRARY, openDemo } from "./data";
export type { GenerateBarsOptions, GenerateUniverseOptions, OpenDemoOptions } from "./data";
export { importFile, importFolder, readDataFile, readParquet, parseCsv, ImportError } from "./data";
export type { DataFile, ImportErrorCode, ImportFormat, ImportOptions, ParseCsvOptions, ReadDataFileOptions } from "./data";
export { collect, fetchWithFailover, createProvider, PROVIDER_NAMES, binanceProvider, bybitProvider, yahooProvider, quarantineSymbol } from "./data";
export { classifySymbol, INTERVALS, ProviderError, runCollectorScript } from "./data";
export type {
  BackfillPage,
  BarsWithActions,
  BatchQuality,
  BatchValidator,
  BinanceOptions,
  BybitOptions,
  CollectOptions,
  CollectResult,
  CollectorScriptContext,
  FailoverOptions,
  FailoverResult,
  FetchBarsOptions,
  Interval,
  MarketDataProvider,
  ProviderErrorCode,
  ProviderName,
  SymbolClass,
  YahooOptions,
} from "./data";
export { fundamentals, FUNDAMENTAL_FIELDS, FUNDAMENTALS_LIBRARY, yahooFundamentalsProvider } from "./data";
export type { FundamentalField, FundamentalsOptions, FundamentalsProvider, FundamentalsRecord, FundamentalsResult, YahooFundamentalsOptions } from "./data";

// Data quality: OHLCV checks, fixes, library checks.
export { validateOhlcv, VALIDATE_DEFAULTS, qualityScore, SCORE_WEIGHTS, ValidationError } from "./validate";
export { fixDuplicates, dropInvalid, fillGaps, SYNTHETIC_COLUMN, checkLibrary, REPORTS_LIBRARY, loadReports, saveReports, ohlcvWriteCheck, collectCheck, repairGaps, checkFreshness } from "./validate";
export type {
  CheckLibraryOptions,
  CollectCheckOptions,
  FreshnessOptions,
  SymbolFreshness,
  GapRepair,
  RepairGapsOptions,
  DuplicateGroup,
  ExtraBar,
  SplitJump,
  FillGapsOptions,
  FixDuplicatesOptions,
  FixName,
  FixRecord,
  FixResult,
  Gap,
  InvalidCode,
  InvalidRow,
  LibraryCheck,
  OhlcvWriteCheck,
  OhlcvWriteCheckOptions,
  OutOfOrderRow,
  Outlier,
  OutlierBand,
  SavedCheck,
  SessionKind,
  StaleRun,
  SymbolCheck,
  ValidateOptions,
  ValidationCounts,
  ValidationErrorCode,
  ValidationReport,
  WriteCheckFinding,
} from "./validate";

// Scheduled data jobs.
export { JobRegistry, RUNS_SYMBOL, JOB_DEFAULTS, validateJobSpec, startScheduler, missedSlots, exportSchedule } from "./jobs";
export { JobError, JobExistsError, JobNotFoundError, JobOutputError, JobSpecError, MalformedRegistryError } from "./jobs";
export type {
  Job,
  JobChange,
  JobConfig,
  JobErrorCode,
  JobMode,
  JobOutputFormat,
  JobRegistryOptions,
  JobRunOptions,
  JobSpec,
  MissedSlots,
  RunCause,
  RunQuality,
  RunRecord,
  RunStatus,
  RunTrigger,
  ScheduleExportOptions,
  Scheduler,
  SchedulerEvent,
  SchedulerOptions,
} from "./jobs";

// Live bars.
export { BarManager, REJECT_REASONS, StreamError, Feed, connectFeed, binanceAdapter, binanceKlineAdapter, bybitAdapter, jsonAdapter } from "./stream";
export { FeedServer, startFeedServer, syntheticTicks, replayTicks, alignTimeframes } from "./stream";
export type {
  AdapterSink,
  AlignedColumn,
  AlignTimeframesOptions,
  LiveBar,
  BarEvent,
  BarManagerEvents,
  BarManagerHealth,
  BarManagerOptions,
  BarManagerStats,
  BarsQuery,
  ConnectFeedOptions,
  FeedAdapter,
  FeedEvents,
  FeedGap,
  FeedHealth,
  FeedServerOptions,
  KeepAlive,
  PriceRange,
  ReconnectOptions,
  RejectEvent,
  RejectReason,
  ReplaySpec,
  SeedOptions,
  SpillErrorEvent,
  StreamErrorCode,
  SyntheticOptions,
  Tick,
  TickSource,
  UpdateEvent,
  VolumeStats,
} from "./stream";

// Backtests.
export { backtest, strategyParams, Strategy, FULL_EQUITY, Order, Trade, Position, BarData, BROKER_DEFAULTS } from "./backtest";
export { toBars, sliceBars, readBarsCsv, commissionFunction, SmaCross, smaCrossSignals } from "./backtest";
export { sma, ema, rsi, atr, trueRange, bollinger, crossover, crossunder, crosses } from "./backtest";
export { signalBacktest, signalsToTarget, optimize, parameterCombos } from "./backtest";
export { computeStats, STAT_NAMES, drawdown, statsTable, formatDuration, equityTable, tradesTable, tradeRecords, TRADE_COLUMNS } from "./backtest";
export { BACKTESTS_LIBRARY, backtestSymbols, loadBacktest, saveBacktest } from "./backtest";
export { BacktestError, InvalidBarsError, InvalidOptionError, InvalidOrderError, InvalidStrategyError } from "./backtest";
export type {
  BacktestErrorCode,
  BacktestOptions,
  BacktestResult,
  Bars,
  BollingerBands,
  BollingerOptions,
  BrokerOptions,
  Commission,
  CommissionFunction,
  EntryExitSignals,
  Heatmap,
  Indicator,
  OptimizeOptions,
  OptimizeResult,
  OrderOptions,
  ParameterGrid,
  SeriesLike,
  SignalBacktestOptions,
  SignalFunction,
  SignalOutput,
  Stats,
  StatsInput,
  StatsTableOptions,
  StoredBacktest,
  StrategyClass,
  Sweepable,
  TargetSignals,
  TradeRecord,
} from "./backtest";
export type { IndicatorOutput, MultiIndicator } from "./backtest";
export { SignalStrategy, TrailingStrategy, fractionalBacktest, resampleApply } from "./backtest";
export { portfolioBacktest, readPortfolioBars } from "./backtest";
export type { PortfolioAllocation, PortfolioData, PortfolioOptions, PortfolioResult, ReadPortfolioBarsOptions } from "./backtest";
export type { FractionalBacktestOptions, ResampleAgg, ResampleApplyOptions } from "./backtest";

// Display in notebooks and reports.
export { show, plot, figureHtml, candlestickChart, lineChart, equityChart, heatmapChart, histogramChart, scatterChart, DisplayError } from "./display";
export type {
  CandlestickChartOptions,
  ChartMarker,
  ChartSpan,
  DisplayErrorCode,
  EquityChartOptions,
  Figure,
  FigureHtmlOptions,
  HeatmapData,
  HistogramChartOptions,
  LineChartOptions,
  ScatterChartOptions,
  PlotOptions,
  ShowOptions,
} from "./display";
// What a notebook shows for a cell's last expression without show(), and how tables format values.
export { setDisplayOptions, getDisplayOptions, DISPLAY_DEFAULTS, DISPLAY, registerDisplay, displayBundle, tableBundle } from "./display";
export type { DisplayOptions, Displayable, DisplayKind, MimeBundle } from "./display";
