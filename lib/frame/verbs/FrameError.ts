import { ErrorDetails, QuantlabError } from "../../errors";

/** Why a Table verb could not run. */
export type FrameErrorCode = "MISSING_COLUMN" | "NOT_NUMERIC" | "INVALID_OPTION";

/** What a frame error is about: its code, and the column and row (kept by QuantlabError). */
export interface FrameErrorDetails extends ErrorDetails {
  code: FrameErrorCode;
}

/**
 * A Table verb (rolling, ewm, describe, pivot, resample, ...) asked for something the table cannot give:
 * a column it does not have (`MISSING_COLUMN`), a column that holds no numbers (`NOT_NUMERIC`), or an
 * option out of range (`INVALID_OPTION`). The message names the verb, the column and the option.
 */
export class FrameError extends QuantlabError {
  readonly code: FrameErrorCode;
  constructor(message: string, details: FrameErrorDetails) {
    super(message, details);
    this.code = details.code;
  }
}
