import { QuantlabError } from "../errors";
import type { ErrorDetails } from "../errors";

/**
 * Stable codes of {@link ValidationError}:
 * - `INVALID_OPTIONS`: an option of a check or fix is wrong (unknown timeframe, calendar, session, threshold);
 * - `MISSING_COLUMN`: the table lacks an OHLCV column (timestamp, open, high, low, close);
 * - `INVALID_COLUMN`: an OHLCV column holds strings or booleans instead of numbers (or times);
 * - `CONFLICTING_DUPLICATES`: `fixDuplicates` with `keep: "fail"` met rows sharing a timestamp with different values;
 * - `UNSORTED_DATA`: a fix that needs time order (fillGaps) met rows out of order or duplicated;
 * - `INVALID_DATA`: bars refused by the OHLCV write check (the `cause` of the store's InvalidDataError it throws);
 * - `VERSION_CHANGED`: the symbol got a new version while a fix was computing (nothing written; run it again).
 */
export type ValidationErrorCode =
  | "INVALID_OPTIONS"
  | "MISSING_COLUMN"
  | "INVALID_COLUMN"
  | "CONFLICTING_DUPLICATES"
  | "UNSORTED_DATA"
  | "INVALID_DATA"
  | "VERSION_CHANGED";

/** What a validation error is about: its code, the library/symbol/column (kept by QuantlabError), and where. */
export interface ValidationErrorDetails extends ErrorDetails {
  code: ValidationErrorCode;
  /** Row indices concerned (e.g. the rows of a conflicting duplicate). */
  rows?: number[];
  /** ISO time concerned (e.g. the duplicated timestamp). */
  timestamp?: string;
}

/**
 * The error of the validation checks and fixes (calendars throw their own `CalendarError`). It lives in
 * lib/validate, outside the store's `StoreError` tree: the store knows nothing of OHLCV rules, and the
 * fixes' store errors (SymbolNotFoundError, …) reach the caller unchanged. The message starts with the
 * function's name, quotes the offending value and says how to fix it.
 */
export class ValidationError extends QuantlabError {
  readonly code: ValidationErrorCode;
  readonly rows?: number[];
  readonly timestamp?: string;

  /** `details`' library, symbol, column and cause are kept by {@link QuantlabError}. */
  constructor(message: string, details: ValidationErrorDetails) {
    super(message, details);
    this.code = details.code;
    this.rows = details.rows;
    this.timestamp = details.timestamp;
  }
}
