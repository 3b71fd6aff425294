import * as fs from "fs";
import * as path from "path";
import { parseCsv, ParseCsvOptions } from "./parseCsv";
import { parseJsonLines } from "./parseJsonLines";
import { ImportError } from "./ImportError";
import { typeColumns, TypeColumnsOptions } from "./typeColumns";

/** File formats quantlab imports. */
export type ImportFormat = "csv" | "json" | "parquet";

/** Options of {@link readDataFile}. */
export interface ReadDataFileOptions extends ParseCsvOptions, TypeColumnsOptions {
  /** @default from the extension: .csv .tsv .txt -> csv; .json .jsonl .ndjson -> json (lines, or one array); .parquet -> parquet */
  format?: ImportFormat;
}

/** What a file holds, ready for the store, with the file line of each row (for error messages). */
export interface DataFile {
  file: string;
  format: ImportFormat;
  /** Data as the store takes it: named columns (CSV) or row objects (JSON). */
  data: [string, ArrayLike<unknown>][] | Record<string, unknown>[];
  rows: number;
  lines: number[];
}

const EXTENSIONS: Record<string, ImportFormat> = { ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".json": "json", ".jsonl": "json", ".ndjson": "json", ".parquet": "parquet" };

/** The format of a file from its extension. @throws ImportError UNSUPPORTED_FORMAT for another extension. */
export function formatOf(file: string): ImportFormat {
  const format = EXTENSIONS[path.extname(file).toLowerCase()];
  if (!format) {
    throw new ImportError(`${file}: cannot tell the format from '${path.extname(file) || "no extension"}'; name it .csv, .tsv, .json, .jsonl or .parquet, or pass format`, { code: "UNSUPPORTED_FORMAT", file });
  }
  return format;
}

/** For JSON rows: moves the time index column to `timestamp` (same rules as for CSV). */
function jsonIndex(rows: Record<string, unknown>[], file: string, wanted?: string): Record<string, unknown>[] {
  const keys = Object.keys(rows[0] ?? {});
  const name = wanted ?? (keys.includes("timestamp") ? undefined : keys.find((k) => ["timestamp", "date", "datetime", "time"].includes(k.toLowerCase())));
  if (wanted !== undefined && !keys.includes(wanted)) {
    throw new ImportError(`${file}: no field '${wanted}' to use as the timestamp; the fields are ${keys.map((k) => `'${k}'`).join(", ")}`, { code: "NO_TIMESTAMP", file, column: wanted });
  }
  if (name === undefined || name === "timestamp") return rows;
  return rows.map((row) => {
    const { [name]: time, ...rest } = row;
    return { timestamp: time, ...rest };
  });
}

/**
 * Reads a CSV or JSON file into columns the store takes, without storing anything.
 * @throws ImportError naming the file, line and column of whatever is wrong (see parseCsv, typeColumns).
 */
export function readDataFile(file: string, options: ReadDataFileOptions = {}): DataFile {
  const format = options.format ?? formatOf(file);
  if (!fs.existsSync(file)) throw new ImportError(`${file}: no such file`, { code: "NOT_FOUND", file });
  if (format === "parquet") throw new ImportError(`${file}: Parquet is read by importFile or readParquet, not readDataFile`, { code: "UNSUPPORTED_FORMAT", file });
  const text = fs.readFileSync(file, "utf8");
  const name = path.basename(file);
  if (format === "json") {
    const { rows, lines } = parseJsonLines(text, name);
    options.onProgress?.(1);
    return { file, format, data: jsonIndex(rows, name, options.timestampColumn), rows: rows.length, lines };
  }
  const csv = parseCsv(text, name, { ...options, delimiter: options.delimiter ?? (path.extname(file).toLowerCase() === ".tsv" ? "\t" : undefined) });
  return { file, format, data: typeColumns(csv, name, options), rows: csv.lines.length, lines: csv.lines };
}
