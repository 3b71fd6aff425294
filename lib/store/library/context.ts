import { LibraryNotFoundError } from "../../errors";
import { OpenFile, StoreFile, damagedFileError, diskFullError } from "../engine";
import { LibraryOptions } from "./libraryOptions";

/** What every library operation needs: the library's name, its file, options and temp folder. */
export interface LibraryContext {
  readonly name: string;
  readonly file: StoreFile;
  readonly options: LibraryOptions;
  /** Where large inserts stage their Parquet files. */
  readonly tmpDir: string;
}

/**
 * Runs `work` with the library's file open; a deleted library fails with LibraryNotFoundError, and a
 * file DuckDB finds damaged while opening or reading it with DamagedFileError, and a write that finds no
 * room on the disk with DiskFullError.
 */
export function withFile<T>(ctx: LibraryContext, work: (open: OpenFile) => Promise<T>): Promise<T> {
  const guarded = async (open: OpenFile) => {
    try {
      return await work(open);
    } catch (error) {
      throw diskFullError(ctx.file.path, error, ctx.name) ?? (ctx.file.isMemory ? null : damagedFileError(ctx.file.path, error, ctx.name)) ?? error;
    }
  };
  return ctx.file.use(guarded, {
    library: ctx.name,
    missing: () => new LibraryNotFoundError(`library '${ctx.name}' does not exist (it was deleted?)`, { library: ctx.name }),
  });
}
