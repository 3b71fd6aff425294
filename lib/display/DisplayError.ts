import { QuantlabError } from "../errors";
import type { ErrorDetails } from "../errors";

/** Why a display could not be made. */
export type DisplayErrorCode = "MISSING_COLUMN" | "INVALID_OPTION" | "INVALID_FIGURE";

/** What a display error is about: its code, and the column (kept by QuantlabError) when one is at fault. */
export interface DisplayErrorDetails extends ErrorDetails {
  code: DisplayErrorCode;
}

/** A table or figure that cannot be displayed as asked; the message names the column or option. */
export class DisplayError extends QuantlabError {
  readonly code: DisplayErrorCode;
  constructor(message: string, details: DisplayErrorDetails) {
    super(message, details);
    this.code = details.code;
  }
}
