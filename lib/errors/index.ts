/**
 * quantlab's error base, {@link QuantlabError}, and the store's error tree under it. Every store error is
 * a {@link StoreError} with a stable `code`; subclasses carry the library, symbol, version or column they
 * are about, and their messages say how to fix the problem.
 */
import { QuantlabError } from "./QuantlabError";
import type { ErrorDetails } from "./QuantlabError";

export { QuantlabError } from "./QuantlabError";
export type { ErrorDetails } from "./QuantlabError";

/** Stable error codes, one per error class. */
export type StoreErrorCode =
  | "STORE_ERROR"
  | "LIBRARY_NOT_FOUND"
  | "LIBRARY_EXISTS"
  | "SYMBOL_NOT_FOUND"
  | "NO_SUCH_VERSION"
  | "SNAPSHOT_NOT_FOUND"
  | "DUPLICATE_SNAPSHOT"
  | "UNSORTED_DATA"
  | "SCHEMA_ERROR"
  | "INVALID_NAME"
  | "INVALID_DATA"
  | "STORE_BUSY"
  | "VERSION_CONFLICT"
  | "DAMAGED_FILE"
  | "DISK_FULL"
  | "SYMBOL_EXISTS"
  | "EXPORT_DIRECTORY";

/** Where a store error happened: the names of {@link ErrorDetails}, and the version or snapshot. */
export interface StoreErrorDetails extends ErrorDetails {
  version?: number;
  snapshot?: string;
  /** The file concerned (a library's `.duckdb` file or its `.wal`). */
  file?: string;
}

/** Base class of every error the store throws. */
export class StoreError extends QuantlabError {
  readonly code: StoreErrorCode = "STORE_ERROR";
  readonly version?: number;
  readonly snapshot?: string;
  readonly file?: string;

  /** `details`' library, symbol, column, row and cause are kept by {@link QuantlabError}. */
  constructor(message: string, details: StoreErrorDetails = {}) {
    super(message, details);
    this.version = details.version;
    this.snapshot = details.snapshot;
    this.file = details.file;
  }
}

/** The library does not exist (and `createIfMissing` was not set). */
export class LibraryNotFoundError extends StoreError {
  override readonly code = "LIBRARY_NOT_FOUND";
}

/** `createLibrary` was asked for a name that already exists. */
export class LibraryExistsError extends StoreError {
  override readonly code = "LIBRARY_EXISTS";
}

/** The symbol has no live version (never written, or deleted). */
export class SymbolNotFoundError extends StoreError {
  override readonly code = "SYMBOL_NOT_FOUND";
}

/** The version asked for does not exist or was deleted (it may still be readable through a snapshot). */
export class NoSuchVersionError extends StoreError {
  override readonly code = "NO_SUCH_VERSION";
}

/** No snapshot has that name. */
export class SnapshotNotFoundError extends StoreError {
  override readonly code = "SNAPSHOT_NOT_FOUND";
}

/** A snapshot with that name exists already; snapshots are immutable, delete it first. */
export class DuplicateSnapshotError extends StoreError {
  override readonly code = "DUPLICATE_SNAPSHOT";
}

/** The timestamp index is not sorted where it must be (write, update, or append before the last stored row). */
export class UnsortedDataError extends StoreError {
  override readonly code = "UNSORTED_DATA";
}

/** Columns or types differ from the stored schema, or a column asked for does not exist. */
export class SchemaError extends StoreError {
  override readonly code = "SCHEMA_ERROR";
}

/** A library, symbol, snapshot or column name that cannot be stored faithfully. */
export class InvalidNameError extends StoreError {
  override readonly code = "INVALID_NAME";
}

/** The data or metadata given cannot be stored: mixed types, a null index, no columns, metadata that is not JSON. */
export class InvalidDataError extends StoreError {
  override readonly code = "INVALID_DATA";
}

/**
 * A write, append or update given `expectedVersion` found the symbol at another version: someone else
 * wrote it since the caller read it. Nothing was changed; read again and retry. `version` is the version
 * found (undefined when the symbol has no live version).
 */
export class VersionConflictError extends StoreError {
  override readonly code = "VERSION_CONFLICT";
}

/** Another process held the store's file for longer than the configured wait. Nothing was changed; retry later. */
export class StoreBusyError extends StoreError {
  override readonly code = "STORE_BUSY";
}

/**
 * A library's file (its `.duckdb` file, or the `.wal` DuckDB replays when opening it) cannot be read:
 * truncated, overwritten, or failing its checksums. `file` names it. The store changes nothing in it;
 * restore the library from a backup, or delete it with `deleteLibrary` to start it afresh.
 */
export class DamagedFileError extends StoreError {
  override readonly code = "DAMAGED_FILE";
}

/**
 * The disk (or the process's file-size limit) ran out while a call wrote: the call failed as a whole and
 * the versions stored before it are unchanged and readable. Free space and retry.
 */
export class DiskFullError extends StoreError {
  override readonly code = "DISK_FULL";
}

/**
 * An import found the symbol already in the target library and was not told what to do with it (its
 * `mode` was "refuse"). Nothing was stored; import with mode "replace" or "append-versions", or into
 * another library.
 */
export class SymbolExistsError extends StoreError {
  override readonly code = "SYMBOL_EXISTS";
}

/**
 * An export directory cannot be used: for an import, it has no manifest, the manifest is not one the
 * store wrote, or names a file that is missing or does not hold the columns and rows it lists; for an
 * export, the directory is not empty. `file` names the file concerned. Nothing was stored or overwritten.
 */
export class ExportDirectoryError extends StoreError {
  override readonly code = "EXPORT_DIRECTORY";
}

/**
 * A per-item failure in a batch call. Batch calls do not throw for one bad item: the item's slot in the
 * result holds a DataError with the symbol, the error's code and the error itself.
 */
export class DataError {
  readonly symbol: string;
  readonly code: StoreErrorCode;
  readonly message: string;
  readonly error: StoreError;

  constructor(symbol: string, error: StoreError) {
    this.symbol = symbol;
    this.code = error.code;
    this.message = error.message;
    this.error = error;
  }
}

/** True when a batch result slot holds a {@link DataError}. */
export function isDataError(value: unknown): value is DataError {
  return value instanceof DataError;
}
