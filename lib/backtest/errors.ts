/**
 * The backtester's errors: one base class with a stable `code`, messages prefixed by the component
 * ("backtest:", "Strategy.buy:", "optimize:") that quote the offending value and say how to fix it.
 */

import { QuantlabError } from "../errors";
import type { ErrorDetails } from "../errors";
/** Stable codes, one per kind of mistake. */
export type BacktestErrorCode =
  | "BACKTEST_INVALID_DATA"
  | "BACKTEST_INVALID_OPTION"
  | "BACKTEST_INVALID_ORDER"
  | "BACKTEST_INVALID_STRATEGY";

/** Where an error is about: the symbol (in a portfolio backtest), column, row (kept by QuantlabError), option or parameter concerned. */
export interface BacktestErrorDetails extends ErrorDetails {
  option?: string;
}

/** Base class of every error the backtester throws. */
export class BacktestError extends QuantlabError {
  readonly code: BacktestErrorCode = "BACKTEST_INVALID_OPTION";
  readonly option?: string;

  /** `details`' column, row and cause are kept by {@link QuantlabError}. */
  constructor(message: string, details: BacktestErrorDetails = {}) {
    super(message, details);
    this.option = details.option;
  }
}

/** The price data cannot be backtested: a missing OHLC column, a NaN price, an unsorted index, no rows. */
export class InvalidBarsError extends BacktestError {
  override readonly code = "BACKTEST_INVALID_DATA";
}

/** An option of backtest/optimize/signalBacktest is out of its range or of the wrong type. */
export class InvalidOptionError extends BacktestError {
  override readonly code = "BACKTEST_INVALID_OPTION";
}

/** An order that cannot be placed: a bad size, or sl/limit/tp prices on the wrong side. */
export class InvalidOrderError extends BacktestError {
  override readonly code = "BACKTEST_INVALID_ORDER";
}

/** The strategy class or its parameters are unusable (an unknown parameter, an indicator of the wrong length). */
export class InvalidStrategyError extends BacktestError {
  override readonly code = "BACKTEST_INVALID_STRATEGY";
}
