import { QuantlabError } from "../errors";

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

/**
 * The one error class of `lib/stream`. `code` says what was wrong; the message is prefixed by the
 * component ("BarManager:", "connectFeed:", "startFeedServer:"), quotes the offending value and names the
 * option, symbol or timeframe. Bad ticks are not errors: they are counted by reason in `stats()`.
 */
export class StreamError extends QuantlabError {
  readonly code: StreamErrorCode;
  /** The timeframe concerned, when there is one (the symbol is QuantlabError's `symbol`). */
  readonly timeframe?: string;

  constructor(code: StreamErrorCode, message: string, context: { symbol?: string; timeframe?: string; cause?: unknown } = {}) {
    super(message, { symbol: context.symbol, cause: context.cause });
    this.name = "StreamError";
    this.code = code;
    this.timeframe = context.timeframe;
  }
}
