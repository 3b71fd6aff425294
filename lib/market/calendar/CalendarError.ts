import { QuantlabError } from "../../errors";
import type { ErrorDetails } from "../../errors";

/** Stable error codes of the calendar module. */
export type CalendarErrorCode = "UNKNOWN_CALENDAR" | "UNKNOWN_SESSION" | "INVALID_DATE" | "INVALID_TIMEFRAME" | "NO_SESSION_FOUND";

/**
 * The one error the calendar module throws. `code` says which input was wrong; the message quotes the
 * offending value and says how to fix it.
 */
export class CalendarError extends QuantlabError {
  readonly code: CalendarErrorCode;

  constructor(message: string, details: ErrorDetails & { code: CalendarErrorCode }) {
    super(message, details);
    this.code = details.code;
  }
}
