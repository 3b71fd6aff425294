import { findColumn } from "../../market";
import { columnValues, ColumnSource } from "../columnValues";
import { FrameError } from "./FrameError";

/**
 * A numeric series as the verbs take it: any array of numbers, such as a column the store returns
 * (Float64Array, Int32Array, TimestampArray, or a plain array with nulls where values are missing).
 * null and undefined count as missing (NaN), as pandas reads None in a float column.
 */
export type NumericValues = ArrayLike<number | null | undefined>;

/** The table a verb reads: an arquero Table (as the store returns it) or anything with its columns. */
export type VerbTable = ColumnSource;

/** The column of `table` called `name` (exact, else regardless of case), or a MISSING_COLUMN error listing the columns. */
export function findTableColumn(table: VerbTable, name: string, verb: string): string {
  const names = table.columnNames();
  const found = findColumn(names, name);
  if (found === undefined) {
    throw new FrameError(`${verb}: the table has no column '${name}' (it has ${names.map((n) => `'${n}'`).join(", ")})`, { code: "MISSING_COLUMN", column: name,
    });
  }
  return found;
}

/**
 * The values as a Float64Array: the array itself when it already is one (no copy; callers never write
 * to it), else a copy with null/undefined as NaN and bigints as numbers.
 * @throws FrameError NOT_NUMERIC naming the column and row of the first value that is not a number.
 */
export function toFloat64(values: ArrayLike<unknown>, verb: string, column?: string): Float64Array {
  if (values instanceof Float64Array) return values;
  if (ArrayBuffer.isView(values) && !(values instanceof BigInt64Array) && !(values instanceof BigUint64Array)) {
    return Float64Array.from(values as ArrayLike<number>);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number") out[i] = v;
    else if (v === null || v === undefined) out[i] = NaN;
    else if (typeof v === "bigint") out[i] = Number(v);
    else if (typeof v === "boolean") out[i] = v ? 1 : 0;
    else {
      const what = column === undefined ? "the series" : `column '${column}'`;
      const kind = v instanceof Date ? "a Date" : typeof v === "string" ? `the string ${JSON.stringify(v)}` : `a ${typeof v}`;
      throw new FrameError(`${verb}: ${what} holds ${kind} at row ${i}; it needs numbers`, { code: "NOT_NUMERIC", column, row: i });
    }
  }
  return out;
}

/**
 * A numeric column of a table as a Float64Array, typed, without a cast: the array itself when the table
 * holds one (do not write to it), else a copy with nulls as NaN.
 * @throws FrameError MISSING_COLUMN / NOT_NUMERIC naming the column (and `verb`, when given, in the message).
 * @example const close = numericColumn(item.data, "close");
 */
export function numericColumn(table: VerbTable, name: string, verb = "numericColumn"): Float64Array {
  const found = findTableColumn(table, name, verb);
  return toFloat64(columnValues(table, found), verb, found);
}

/**
 * The two call forms of a series verb, `verb(table, "close", options)` and `verb(values, options)`:
 * the series as a Float64Array and the options object.
 */
export function seriesArgs<O>(verb: string, source: VerbTable | NumericValues, columnOrOptions: string | O | undefined, options: O | undefined): [Float64Array, O | undefined] {
  if (typeof columnOrOptions === "string") {
    if (!isTable(source)) throw new FrameError(`${verb}: a column name ('${columnOrOptions}') needs a table as the first argument`, { code: "INVALID_OPTION" });
    return [numericColumn(source, columnOrOptions, verb), options];
  }
  if (isTable(source)) throw new FrameError(`${verb}: name the column to use, e.g. ${verb}(table, "close", ...)`, { code: "INVALID_OPTION" });
  return [toFloat64(source, verb), columnOrOptions];
}

function isTable(source: unknown): source is VerbTable {
  return typeof (source as VerbTable).columnNames === "function" && typeof (source as VerbTable).array === "function";
}

/** Checks a whole-number option: `min <= value`, with the verb and option named in the error. */
export function checkInteger(verb: string, option: string, value: number, min: number): number {
  if (!(Number.isInteger(value) && value >= min)) {
    throw new FrameError(`${verb}: '${option}' must be a whole number >= ${min}, got ${String(value)}`, { code: "INVALID_OPTION" });
  }
  return value;
}
