import * as fs from "fs";
import * as path from "path";
import { DataError, Library, StoreError, VersionedItem } from "../../store";
import { ImportError } from "./ImportError";
import { columnValues } from "../../frame";
import { DataFile, formatOf, readDataFile, ReadDataFileOptions } from "./readDataFile";
import { readParquet } from "./readParquet";

/** Options of {@link importFile} and {@link importFolder}. */
export interface ImportOptions extends ReadDataFileOptions {
  /** How the data goes in: a new full version (write), added at the end (append), or replacing its span (update). @default "write" */
  mode?: "write" | "append" | "update";
  /** Metadata of the new version. @default { source: "import", file: the file's name, format, rows } */
  metadata?: unknown;
}

function defaultMetadata(data: DataFile): unknown {
  return { source: "import", file: path.basename(data.file), format: data.format, rows: data.rows };
}

/** A store refusal about one row becomes an ImportError naming the file's line. */
function onLine(error: unknown, data: DataFile): unknown {
  if (error instanceof StoreError && typeof error.row === "number" && data.lines[error.row] !== undefined) {
    const line = data.lines[error.row];
    return new ImportError(`${path.basename(data.file)} line ${line}: ${error.message}`, { code: "BAD_VALUE", file: data.file, line, column: error.column, cause: error });
  }
  return error;
}

function payload(data: DataFile): unknown {
  return Array.isArray(data.data) && data.data.length > 0 && Array.isArray(data.data[0]) ? Object.fromEntries(data.data as [string, ArrayLike<unknown>][]) : data.data;
}

async function store(lib: Library, symbol: string, data: DataFile, options: ImportOptions): Promise<VersionedItem> {
  const metadata = options.metadata ?? defaultMetadata(data);
  const body = payload(data);
  try {
    if ((options.mode ?? "write") === "write") return await lib.write(symbol, body, { metadata });
    if (options.mode === "append") return await lib.append(symbol, body, { metadata });
    return await lib.update(symbol, body, { metadata, upsert: true });
  } catch (error) {
    throw onLine(error, data);
  }
}

/**
 * Imports a CSV, JSON (lines) or Parquet file as a new version of `symbol`: parsed and typed first (see readDataFile),
 * then stored in one call, so a bad value anywhere stores nothing. CSV: delimiter and header detected,
 * a first unnamed date column (as pandas writes it) becomes the `timestamp` index.
 * @throws ImportError naming the line and column of a bad value; the store's errors (SchemaError when
 *   appending other columns, UnsortedDataError...) when the data does not fit the symbol.
 * @example await importFile(lib, "GOOG", "notebooks/data/GOOG.csv", { lowercase: true })
 */
export async function importFile(lib: Library, symbol: string, file: string, options: ImportOptions = {}): Promise<VersionedItem> {
  return store(lib, symbol, await readAny(file, options), options);
}

/** A file of any format as a DataFile: Parquet through DuckDB, CSV and JSON through readDataFile. */
async function readAny(file: string, options: ImportOptions): Promise<DataFile> {
  if ((options.format ?? formatOf(file)) !== "parquet") return readDataFile(file, options);
  const table = await readParquet(file);
  options.onProgress?.(1);
  const columns = table.columnNames().map((name): [string, ArrayLike<unknown>] => [options.lowercase ? name.toLowerCase() : name, columnValues(table, name)]);
  const wanted = options.timestampColumn;
  if (wanted !== undefined) {
    const at = columns.findIndex(([n]) => n === wanted || n.toLowerCase() === wanted.toLowerCase());
    if (at < 0) throw new ImportError(`${path.basename(file)}: no column '${wanted}' to use as the timestamp; the columns are ${columns.map(([n]) => `'${n}'`).join(", ")}`, { code: "NO_TIMESTAMP", file, column: wanted });
    columns[at] = ["timestamp", columns[at][1]];
  }
  const rows = table.numRows();
  return { file, format: "parquet", data: columns, rows, lines: Array.from({ length: rows }, (_, i) => i + 1) };
}

/**
 * Imports every CSV and JSON file of a folder, each as the symbol named by the file (`GOOG.csv` -> GOOG).
 * Every file is read and checked before anything is stored; if one fails, none is stored.
 * @throws ImportError FOLDER listing each file that failed and why; EMPTY for a folder without data files.
 * @example await importFolder(lib, "data/daily", { mode: "append" })
 */
export async function importFolder(lib: Library, dir: string, options: ImportOptions = {}): Promise<VersionedItem[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(csv|tsv|txt|json|jsonl|ndjson|parquet)$/i.test(f))
    .sort();
  if (files.length === 0) throw new ImportError(`${dir}: no .csv, .tsv, .json or .jsonl files`, { code: "EMPTY", file: dir });
  const read: { symbol: string; data: DataFile }[] = [];
  const failures: string[] = [];
  for (const f of files) {
    try {
      read.push({ symbol: path.basename(f, path.extname(f)), data: await readAny(path.join(dir, f), options) });
    } catch (error) {
      failures.push(`  ${f}: ${(error as Error).message}`);
    }
  }
  if (failures.length) throw new ImportError(`${dir}: ${failures.length} of ${files.length} files cannot be imported, so none was:\n${failures.join("\n")}`, { code: "FOLDER", file: dir });
  const items = read.map(({ symbol, data }) => ({ symbol, data: payload(data), metadata: options.metadata ?? defaultMetadata(data) }));
  const mode = options.mode ?? "write";
  const results = mode === "write" ? await lib.writeBatch(items) : mode === "append" ? await lib.appendBatch(items) : await lib.updateBatch(items.map((i) => ({ ...i, upsert: true })));
  const errors = results.flatMap((r, i) => (r instanceof DataError ? [`  ${files[i]}: ${r.message}`] : []));
  if (errors.length) throw new ImportError(`${dir}: ${errors.length} files were refused by the store:\n${errors.join("\n")}`, { code: "FOLDER", file: dir });
  return results as VersionedItem[];
}
