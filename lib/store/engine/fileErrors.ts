import * as path from "path";
import { DamagedFileError, DiskFullError, QuantlabError } from "../../errors";

/** True for DuckDB's error when another process (or another instance) holds the file's lock. */
export function isLockError(error: unknown): boolean {
  return error instanceof Error && /Could not set lock|Conflicting lock|lock on file/i.test(error.message);
}

/** DuckDB's messages for a file or WAL it cannot read: not a database, too short, failing checksums, a WAL it cannot replay. */
const DAMAGE = /not a valid DuckDB database|Could not read enough bytes|Corrupt|checksum|replaying WAL|WAL file|Serialization Error|INTERNAL Error/i;

/**
 * The DamagedFileError for a DuckDB error that says the file (or its WAL, when the message names it)
 * cannot be read; null for any other error.
 */
export function damagedFileError(filePath: string, error: unknown, library?: string): DamagedFileError | null {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof QuantlabError || !DAMAGE.test(message)) return null;
  const what = library === undefined ? `the store file ${filePath}` : `library '${library}' (file ${filePath})`;
  const file = /WAL/.test(message) ? filePath + ".wal" : filePath;
  return new DamagedFileError(
    `${what} is damaged and cannot be read: ${message}. Nothing was changed; restore ${path.basename(file)} from a backup, or delete the library to start it afresh`,
    { library, file, cause: error },
  );
}

/** DuckDB's messages when a write finds no room: the disk is full, or the process's file-size limit is reached. */
const NO_ROOM = /No space left on device|File too large|disk is full|Disk quota exceeded/i;
/** Node's error codes for the same, from the store's own staging writes. */
const NO_ROOM_CODES = new Set(["ENOSPC", "EFBIG", "EDQUOT"]);

/**
 * The DiskFullError for an error that says a write found no room (the disk or the file-size limit), from
 * DuckDB or from Node; null for any other error. DuckDB rolls the transaction back, so the versions
 * stored before the call stay as they were.
 */
export function diskFullError(filePath: string, error: unknown, library?: string): DiskFullError | null {
  if (error instanceof QuantlabError || !(error instanceof Error)) return null;
  const code = (error as NodeJS.ErrnoException).code;
  if (!NO_ROOM.test(error.message) && !(code !== undefined && NO_ROOM_CODES.has(code))) return null;
  const file = /"([^"]+)"/.exec(error.message)?.[1] ?? (error as NodeJS.ErrnoException).path ?? filePath;
  const what = library === undefined ? `the store file ${filePath}` : `library '${library}'`;
  return new DiskFullError(
    `${what}: no room left to write ${file} (disk full or file-size limit reached): ${error.message}. The call stored nothing; the versions stored before it are unchanged. Free space and retry`,
    { library, file, cause: error },
  );
}
