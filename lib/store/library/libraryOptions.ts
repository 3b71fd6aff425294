import { Catalog, Connection } from "../engine";

/** Library options kept in the library's file. */
export interface LibraryOptions {
  /**
   * Dynamic schema: append and update may add columns (older rows read as null) and may leave columns
   * out (their new rows are null). With static schema (the default) the columns must match exactly.
   * @default false
   */
  dynamicSchema: boolean;
}

/** Defaults for {@link LibraryOptions}. */
export const DEFAULT_LIBRARY_OPTIONS: LibraryOptions = { dynamicSchema: false };

/** Creates the catalog tables and records the options, in one transaction. */
export function initLibraryFile(connection: Connection, options: LibraryOptions): Promise<void> {
  return Catalog.init(connection, options);
}

/** Reads a library file's options; null when the file has no quantlab catalog. */
export async function readLibraryOptions(connection: Connection): Promise<LibraryOptions | null> {
  const stored = await Catalog.readOptions(connection);
  return stored === null ? null : { ...DEFAULT_LIBRARY_OPTIONS, ...stored };
}
