import { QuantlabError } from "../../errors";
import type { ErrorDetails } from "../../errors";

/** Why a file could not be imported. */
export type ImportErrorCode = "BAD_VALUE" | "RAGGED_ROW" | "BAD_QUOTE" | "NO_TIMESTAMP" | "EMPTY" | "BAD_JSON" | "UNSUPPORTED_FORMAT" | "NOT_FOUND" | "FOLDER";

/** Where an import failed: the code, the file, its line, and the column (kept by QuantlabError). */
export interface ImportErrorDetails extends ErrorDetails {
  code: ImportErrorCode;
  file: string;
  /** 1-based line of the file, counting the header. */
  line?: number;
}

/**
 * A file that cannot be imported. Nothing was stored. The message names the file, the line (1-based,
 * counting the header) and the column when one value is at fault, and says how to fix it.
 */
export class ImportError extends QuantlabError {
  readonly code: ImportErrorCode;
  readonly file: string;
  readonly line?: number;

  constructor(message: string, details: ImportErrorDetails) {
    super(message, details);
    this.code = details.code;
    this.file = details.file;
    this.line = details.line;
  }
}
