import { QuantlabError } from "../errors";
import type { ErrorDetails } from "../errors";

/** Stable codes of the stream module's errors. */
export type StreamErrorCode =
  | "INVALID_OPTION"
  | "INVALID_TIMEFRAME"
  | "UNKNOWN_SERIES"
  | "CLOSED"
  | "BACKFILL_TOO_LATE"
  | "FEED_FAILED"
  | "SPILL_FAILED"
  | "SOURCE_FAILED"
  | "SYMBOL_LIMIT";

/** What a stream error is about: its code, the symbol (kept by QuantlabError) and the timeframe. */
export interface StreamErrorDetails extends ErrorDetails {
  code: StreamErrorCode;
  /** The timeframe concerned, when there is one. */
  timeframe?: string;
}

/**
 * The one error class of `lib/stream`. `code` says what was wrong; the message is prefixed by the
 * component ("BarManager:", "connectFeed:", "startFeedServer:"), quotes the offending value and names the
 * option, symbol or timeframe. Bad ticks are not errors: they are counted by reason in `stats()`.
 */
export class StreamError extends QuantlabError {
  readonly code: StreamErrorCode;
  /** The timeframe concerned, when there is one (the symbol is QuantlabError's `symbol`). */
  readonly timeframe?: string;

  constructor(message: string, details: StreamErrorDetails) {
    super(message, details);
    this.code = details.code;
    this.timeframe = details.timeframe;
  }
}
