import { Column, ColumnSource, Frame, INDEX_COLUMN, TimestampArray, columnValues, toEpochMs, toFrame } from "../../frame";
import { ohlcvColumnNames, type OhlcvColumn } from "../../market";
import { ValidationError } from "../ValidationError";

/** The OHLCV columns of a table as Float64Arrays, with their null masks (null = no nulls). */
export interface OhlcvArrays {
  rows: number;
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** null when the table has no volume column. */
  volume: Float64Array | null;
  /** Null masks (1 = present), per column name; a column without nulls is absent. */
  valid: Partial<Record<OhlcvName, Uint8Array>>;
  /** Every column of the table, normalised (for comparing duplicate rows). */
  columns: Column[];
  /** The actual column names found, per OHLCV name (e.g. close -> "Close"). */
  names: Record<OhlcvName, string | null>;
}

/** The OHLCV column names, lower case. */
export type OhlcvName = OhlcvColumn;

const REQUIRED: OhlcvName[] = ["timestamp", "open", "high", "low", "close"];
const ALL: OhlcvName[] = [...REQUIRED, "volume"];

/**
 * Finds the OHLCV columns of anything `toFrame` accepts, by name without regard to case, and returns
 * them as Float64Arrays (no copy for float columns). A `timestamp` may be the index, Dates, epoch
 * milliseconds or ISO strings; `volume` is optional.
 * @throws ValidationError `MISSING_COLUMN` naming the missing columns; `INVALID_COLUMN` for a price or
 *   volume column of strings or booleans, or a timestamp column of strings that are not times.
 * @throws InvalidDataError (from toFrame) for data that is not a table.
 */
export function ohlcvColumns(data: unknown, where = "validateOhlcv"): OhlcvArrays {
  return ohlcvFromFrame(floatFrame(data) ?? toFrame(data), where);
}

/**
 * The frame of a table whose columns are all Float64Arrays (what lib.read and generateBars return), built
 * without a pass over the data; null for anything else (then toFrame normalises it). toFrame's own pass over
 * the index would only repeat checks the validation makes anyway.
 */
function floatFrame(data: unknown): Frame | null {
  const t = data as { columnNames?: unknown; numRows?: unknown };
  if (typeof data !== "object" || data === null || typeof t.columnNames !== "function" || typeof t.numRows !== "function") return null;
  const table = data as ColumnSource;
  const names = table.columnNames();
  const rowCount = table.numRows();
  const columns: Column[] = [];
  for (const name of names) {
    const values = columnValues(table, name);
    if (!(values instanceof Float64Array) || values.length !== rowCount) return null;
    columns.push({ name, type: values instanceof TimestampArray || name === INDEX_COLUMN ? "timestamp" : "float", values, valid: null });
  }
  return names.length ? { columns, rowCount } : null;
}

/** {@link ohlcvColumns} of a frame already normalised (as a store write check gets it). */
export function ohlcvFromFrame(frame: Frame, where: string): OhlcvArrays {
  const found = ohlcvColumnNames(frame.columns.map((c) => c.name));
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const missing = REQUIRED.filter((name) => found[name] === undefined);
  if (missing.length) {
    const have = frame.columns.map((c) => `'${c.name}'`).join(", ");
    throw new ValidationError(`${where}: the table has no ${missing.map((m) => `'${m}'`).join(", ")} column (it has ${have}); name the columns timestamp, open, high, low, close and optionally volume (any case)`, { code: "MISSING_COLUMN", column: missing[0] }
    );
  }
  const valid: OhlcvArrays["valid"] = {};
  const names = {} as Record<OhlcvName, string | null>;
  const arrays = {} as Record<OhlcvName, Float64Array | null>;
  for (const name of ALL) {
    const column = found[name] === undefined ? undefined : byName.get(found[name]!);
    names[name] = column?.name ?? null;
    if (!column) {
      arrays[name] = null;
      continue;
    }
    const { values, mask } = name === "timestamp" ? timeValues(column, where) : numberValues(column, where);
    arrays[name] = values;
    if (mask) valid[name] = mask;
  }
  return {
    rows: frame.rowCount,
    timestamp: arrays.timestamp!,
    open: arrays.open!,
    high: arrays.high!,
    low: arrays.low!,
    close: arrays.close!,
    volume: arrays.volume,
    valid,
    columns: frame.columns,
    names,
  };
}

function numberValues(column: Column, where: string): { values: Float64Array; mask: Uint8Array | null } {
  const { type, values, valid } = column;
  if (type === "float" || type === "int") {
    if (values instanceof Float64Array) return { values, mask: valid };
    if (values instanceof BigInt64Array) return { values: Float64Array.from(values, Number), mask: valid };
  }
  throw new ValidationError(`${where}: column '${column.name}' holds ${type} values; prices and volume must be numbers`, { code: "INVALID_COLUMN", column: column.name }
  );
}

function timeValues(column: Column, where: string): { values: Float64Array; mask: Uint8Array | null } {
  const { type, values, valid } = column;
  if ((type === "timestamp" || type === "float" || type === "int") && values instanceof Float64Array) return { values, mask: valid };
  if (type === "string") {
    const strings = values as (string | null)[];
    const out = new Float64Array(strings.length);
    for (let i = 0; i < strings.length; i++) {
      if (valid && !valid[i]) continue;
      out[i] = toEpochMs(strings[i]);
      if (Number.isNaN(out[i])) {
        throw new ValidationError(`${where}: column '${column.name}' row ${i} is ${JSON.stringify(strings[i])}, not a time; give Dates, epoch milliseconds or ISO-8601 strings`, { code: "INVALID_COLUMN", column: column.name, rows: [i] }
        );
      }
    }
    return { values: out, mask: valid };
  }
  throw new ValidationError(`${where}: column '${column.name}' holds ${type} values; the timestamp must be Dates, epoch milliseconds or ISO-8601 strings`, { code: "INVALID_COLUMN", column: column.name }
  );
}
