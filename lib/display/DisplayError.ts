import { QuantlabError } from "../errors";

/** Why a display could not be made. */
export type DisplayErrorCode = "MISSING_COLUMN" | "INVALID_OPTION" | "INVALID_FIGURE";

/** A table or figure that cannot be displayed as asked; the message names the column or option. */
export class DisplayError extends QuantlabError {
  readonly code: DisplayErrorCode;
  constructor(code: DisplayErrorCode, message: string) {
    super(message);
    this.name = "DisplayError";
    this.code = code;
  }
}
