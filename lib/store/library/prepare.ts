import { InvalidDataError, SchemaError, UnsortedDataError } from "../../errors";
import { Column, Frame, INDEX_COLUMN, IndexStats, MAX_INDEX_US, MIN_INDEX_US, toEpochMs, toEpochUs, toFrame } from "../../frame";
import { checkName, loneSurrogateRow } from "../names";
import { DateRange } from "../types";
import { PhysicalColumn } from "../engine";

/** A frame checked for storing, with what its index says. Times are epoch microseconds. */
export interface PreparedFrame {
  frame: Frame;
  indexed: boolean;
  /** Smallest and largest index time; null when row-indexed or empty. */
  minUs: number | null;
  maxUs: number | null;
  firstUs: number | null;
  lastUs: number | null;
  sorted: boolean;
}

/**
 * Normalises user data for a write to `symbol`, and checks its index: present or not, sorted, bounds
 * (reported in epoch microseconds, the store's resolution).
 * The index column is moved first.
 * @throws UnsortedDataError when `validateIndex` and the index is not ascending (names the first row out of order).
 * @throws InvalidDataError naming the row when an index time lies outside {@link MIN_INDEX_US}..{@link MAX_INDEX_US}.
 */
export function prepareFrame(library: string, symbol: string, data: unknown, validateIndex: boolean): PreparedFrame {
  const frame = toFrame(data, { symbol });
  for (const column of frame.columns) checkStoredColumn(column, library, symbol);
  const at = frame.columns.findIndex((c) => c.name === INDEX_COLUMN);
  if (at < 0) return { frame, indexed: false, minUs: null, maxUs: null, firstUs: null, lastUs: null, sorted: true };
  if (at > 0) frame.columns.unshift(...frame.columns.splice(at, 1));
  const index = frame.columns[0].values as Float64Array;
  const { unsortedAt, min, max } = frame.columns[0].stats ?? indexStats(index);
  if (index.length > 0 && (msToUs(min) < MIN_INDEX_US || msToUs(max) > MAX_INDEX_US)) checkIndexRange(library, symbol, index);
  const sorted = unsortedAt < 0;
  if (!sorted && validateIndex) {
    const i = unsortedAt;
    throw new UnsortedDataError(
      `data for '${symbol}' is not sorted by timestamp: row ${i} (${new Date(index[i]).toISOString()}) comes before row ${i - 1} (${new Date(index[i - 1]).toISOString()}); sort it, or pass validateIndex: false`,
      { library, symbol, row: i, column: INDEX_COLUMN },
    );
  }
  const n = index.length;
  return {
    frame,
    indexed: true,
    minUs: n ? msToUs(min) : null,
    maxUs: n ? msToUs(max) : null,
    firstUs: n ? msToUs(index[0]) : null,
    lastUs: n ? msToUs(index[n - 1]) : null,
    sorted,
  };
}

/** @throws InvalidDataError naming the first row of `index` outside the range the store keeps. */
function checkIndexRange(library: string, symbol: string, index: Float64Array): void {
  const row = index.findIndex((ms) => msToUs(ms) < MIN_INDEX_US || msToUs(ms) > MAX_INDEX_US);
  const when = Number.isFinite(new Date(index[row]).getTime()) ? new Date(index[row]).toISOString() : `${index[row]} ms`;
  throw new InvalidDataError(
    `data for '${symbol}': row ${row} of '${INDEX_COLUMN}' is ${when}, outside the times an index keeps (1677-09-21T00:12:43.145226Z to 2262-04-11T23:47:16.854774Z, those 64-bit nanoseconds hold, as in pandas and ArcticDB); fix or drop that row`,
    { library, symbol, column: INDEX_COLUMN, row },
  );
}

/**
 * Checks a column can be stored exactly: its name, and (strings) no unpaired surrogate.
 * @throws InvalidNameError for the name; InvalidDataError naming the column and row of a lone surrogate.
 */
function checkStoredColumn(column: Column, library: string, symbol: string): void {
  checkName("column", column.name);
  if (column.type !== "string") return;
  const row = loneSurrogateRow(column.values);
  if (row < 0) return;
  const value = String(column.values[row]);
  throw new InvalidDataError(
    `column '${column.name}' of '${symbol}', row ${row}: ${JSON.stringify(value.slice(0, 40))} holds an unpaired UTF-16 surrogate, which cannot be stored (it would read back as U+FFFD); fix or drop the character`,
    { library, symbol, column: column.name, row },
  );
}

/** Epoch milliseconds (microseconds in the fraction) to whole epoch microseconds. */
export const msToUs = (ms: number) => Math.round(ms * 1000);

/** Order and bounds of an index of epoch milliseconds. */
export function indexStats(index: Float64Array): IndexStats {
  let unsortedAt = -1;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < index.length; i++) {
    const v = index[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (unsortedAt < 0 && i > 0 && v < index[i - 1]) unsortedAt = i;
  }
  return { unsortedAt, min, max };
}

/**
 * Converts a column to a stored type: ints into a float column, integral floats into an int column,
 * numbers (epoch ms) or ISO strings into a timestamp column, and all-null columns into anything.
 * @throws SchemaError naming the column and the first row that does not fit.
 */
export function coerceColumn(column: Column, type: PhysicalColumn["type"], library: string, symbol: string): Column {
  if (column.type === type) return column;
  const n = column.values.length;
  const fail = (detail: string, row?: number) =>
    new SchemaError(
      `column '${column.name}' of '${symbol}' is stored as ${type} but the new data holds ${column.type}${detail}`,
      { library, symbol, column: column.name, row },
    );
  if (column.allNull) {
    const values = type === "string" ? new Array<string | null>(n).fill(null) : type === "bool" ? new Uint8Array(n) : new Float64Array(n);
    return { name: column.name, type, values, valid: new Uint8Array(n), allNull: true };
  }
  if (type === "float" && column.type === "int") {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = Number(column.values[i]);
    return { ...column, type, values };
  }
  if (type === "int" && column.type === "float") {
    const values = column.values as Float64Array;
    for (let i = 0; i < n; i++) {
      if (column.valid && !column.valid[i]) continue;
      if (!Number.isSafeInteger(values[i])) throw fail(` (row ${i} is ${values[i]}, not an integer)`, i);
    }
    return { ...column, type };
  }
  if (type === "timestamp" && (column.type === "float" || column.type === "int" || column.type === "string")) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (column.valid && !column.valid[i]) continue;
      const v = column.values[i];
      const ms = toEpochMs(column.type === "string" ? v : Number(v));
      if (Number.isNaN(ms)) throw fail(` (row ${i} is ${JSON.stringify(String(v))}, not a time)`, i);
      values[i] = ms;
    }
    return { ...column, type, values };
  }
  throw fail("; write the symbol anew to change a column's type");
}

/**
 * Lines new data up with the columns of the version it extends. Static schema: the same column names
 * (types coerced). Dynamic schema: new columns are added after the stored ones, missing ones read null.
 * A column named in `retype` (one whose kept rows hold no value) that does not convert takes the new
 * data's type instead. Returns the version's columns (name and type) and the frame's columns in storable form.
 * @throws SchemaError for missing or extra columns under static schema, or a type that does not convert.
 */
export function alignColumns(
  stored: PhysicalColumn[],
  prepared: PreparedFrame,
  dynamicSchema: boolean,
  library: string,
  symbol: string,
  retype: ReadonlySet<string> = new Set(),
): { versionColumns: { name: string; type: PhysicalColumn["type"] }[]; columns: Column[] } {
  const given = new Map(prepared.frame.columns.map((c) => [c.name, c]));
  const storedNames = new Set(stored.map((c) => c.name));
  if (!dynamicSchema) {
    const missing = stored.filter((c) => !given.has(c.name)).map((c) => c.name);
    const extra = prepared.frame.columns.filter((c) => !storedNames.has(c.name)).map((c) => c.name);
    if (missing.length || extra.length) {
      const parts = [];
      if (missing.length) parts.push(`missing ${missing.map((m) => `'${m}'`).join(", ")}`);
      if (extra.length) parts.push(`new ${extra.map((m) => `'${m}'`).join(", ")}`);
      throw new SchemaError(
        `the columns of the new data for '${symbol}' differ from the stored ones (${parts.join("; ")}); the library has static schema: write the symbol anew, or create the library with dynamicSchema: true`,
        { library, symbol, column: missing[0] ?? extra[0] },
      );
    }
  }
  const versionColumns = stored.map((c) => ({ name: c.name, type: c.type }));
  const columns: Column[] = [];
  stored.forEach((c, at) => {
    const column = given.get(c.name);
    if (!column) return;
    try {
      columns.push(coerceColumn(column, c.type, library, symbol));
    } catch (error) {
      if (!retype.has(c.name)) throw error;
      versionColumns[at].type = column.type as PhysicalColumn["type"];
      columns.push(column);
    }
  });
  for (const column of prepared.frame.columns) {
    if (storedNames.has(column.name)) continue;
    versionColumns.push({ name: column.name, type: column.type });
    columns.push(column);
  }
  return { versionColumns, columns };
}

/** Converts a user's dateRange to inclusive epoch-microsecond bounds (null = open). */
export function toUsRange(range: DateRange, library: string, symbol: string): [number | null, number | null] {
  if (!Array.isArray(range) || range.length !== 2) {
    throw new InvalidDataError(`dateRange for '${symbol}' must be [start, end] (either may be null)`, { library, symbol });
  }
  return range.map((bound, i) => {
    if (bound === null || bound === undefined) return null;
    const us = toEpochUs(bound);
    if (Number.isNaN(us)) {
      throw new InvalidDataError(
        `dateRange ${i === 0 ? "start" : "end"} for '${symbol}' is ${JSON.stringify(String(bound))}: give a Date, epoch milliseconds or an ISO string`,
        { library, symbol },
      );
    }
    return us;
  }) as [number | null, number | null];
}
