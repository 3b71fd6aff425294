/** Why a display could not be made. */
export type DisplayErrorCode = "missing_column" | "bad_option" | "bad_figure";

/** A table or figure that cannot be displayed as asked; the message names the column or option. */
export class DisplayError extends Error {
  readonly code: DisplayErrorCode;
  constructor(code: DisplayErrorCode, message: string) {
    super(message);
    this.name = "DisplayError";
    this.code = code;
  }
}
