import { QuantlabError } from "../../errors";

/** Why a file could not be imported. */
export type ImportErrorCode = "BAD_VALUE" | "RAGGED_ROW" | "BAD_QUOTE" | "NO_TIMESTAMP" | "EMPTY" | "BAD_JSON" | "UNSUPPORTED_FORMAT" | "NOT_FOUND" | "FOLDER";

/**
 * A file that cannot be imported. Nothing was stored. The message names the file, the line (1-based,
 * counting the header) and the column when one value is at fault, and says how to fix it.
 */
export class ImportError extends QuantlabError {
  readonly code: ImportErrorCode;
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
  constructor(code: ImportErrorCode, message: string, where: { file: string; line?: number; column?: string; cause?: unknown }) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.name = "ImportError";
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}
