/** What an error is about: the names that identify the data concerned, and the error behind it. */
export interface ErrorDetails {
  library?: string;
  symbol?: string;
  column?: string;
  row?: number;
  cause?: unknown;
}

/**
 * The base of every error quantlab raises on purpose, in every area (store, market, data, validation,
 * jobs, live bars, backtests, display, command line). `code` is a stable upper-case name to branch on
 * (`"SYMBOL_NOT_FOUND"`, `"INVALID_TIMEFRAME"`); the message is written for the user and names the symbol,
 * column or row. Anything else that escapes quantlab is a bug.
 * @example catch (e) { if (e instanceof QuantlabError) console.error(e.code, e.message); else throw e; }
 */
export abstract class QuantlabError extends Error {
  /** Stable upper-case code of what went wrong. */
  abstract readonly code: string;
  readonly library?: string;
  readonly symbol?: string;
  readonly column?: string;
  readonly row?: number;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.library = details.library;
    this.symbol = details.symbol;
    this.column = details.column;
    this.row = details.row;
  }
}
