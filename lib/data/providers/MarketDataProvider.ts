import { TimeLike } from "../../frame";
import { Table } from "../../frame";

/** The providers quantlab ships adapters for. */
export type ProviderName = "binance" | "bybit" | "yahoo";

/** Options of {@link MarketDataProvider.fetchBars}. */
export interface FetchBarsOptions {
  /** Bar interval, quantlab spelling ("1m".."1M", see INTERVALS). */
  interval: string;
  /** First bar open time wanted (inclusive). */
  start: TimeLike;
  /** End of the range (exclusive). @default now */
  end?: TimeLike;
  /** Drop bars that have not closed yet at the transport clock's now. @default true */
  closedOnly?: boolean;
}

/**
 * A source of OHLCV bars: one adapter per provider. `fetchBars` returns every bar of [start, end) once,
 * sorted, as a Table of timestamp, open, high, low, close, volume.
 */
export interface MarketDataProvider {
  readonly name: string;
  /** Intervals the provider serves. */
  readonly intervals: readonly string[];
  fetchBars(symbol: string, options: FetchBarsOptions): Promise<Table>;
  /**
   * The bars of [start, end) with the symbol's corporate actions (splits, dividends) whose ex-date lies in
   * that range, as traded (unadjusted); only providers that report actions have it (Yahoo).
   */
  fetchBarsWithActions?(symbol: string, options: FetchBarsOptions): Promise<BarsWithActions>;
}

/** Bars and the corporate actions of the same range ({@link ACTION_COLUMNS}: timestamp, dividend, split). */
export interface BarsWithActions {
  bars: Table;
  actions: Table;
}
