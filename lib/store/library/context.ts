import { LibraryNotFoundError } from "../../errors";
import { OpenFile, StoreFile } from "../engine";
import { LibraryOptions } from "./libraryOptions";

/** What every library operation needs: the library's name, its file, options and temp folder. */
export interface LibraryContext {
  readonly name: string;
  readonly file: StoreFile;
  readonly options: LibraryOptions;
  /** Where large inserts stage their Parquet files. */
  readonly tmpDir: string;
}

/** Runs `work` with the library's file open; a deleted library fails with LibraryNotFoundError. */
export function withFile<T>(ctx: LibraryContext, work: (open: OpenFile) => Promise<T>): Promise<T> {
  return ctx.file.use(work, {
    missing: () => new LibraryNotFoundError(`library '${ctx.name}' does not exist (it was deleted?)`, { library: ctx.name }),
  });
}
