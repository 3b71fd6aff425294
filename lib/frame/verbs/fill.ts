import { columnValues } from "../columnValues";
import { Table, toTable } from "../toTable";
import { FrameError } from "./FrameError";
import { findTableColumn, VerbTable } from "./series";

/** Options of {@link ffill}. */
export interface FfillOptions {
  /** Columns to fill. @default every column */
  columns?: string[];
  /** Fill at most this many missing values in a row; the rest stay missing (pandas' `limit`). @default no limit */
  limit?: number;
}

/** A value {@link fillna} puts in place of a missing one. */
export type FillValue = number | string | boolean | Date | bigint;

/** Options of {@link fillna}. */
export interface FillnaOptions {
  /** The value for every filled column, or one value per column name (other columns are left alone). */
  value: FillValue | Record<string, FillValue>;
  /** With one `value`: the columns to fill. @default every column */
  columns?: string[];
}

const isMissing = (v: unknown) => v === null || v === undefined || (typeof v === "number" && v !== v);

/** A copy of `values` of the same kind (a Float64Array stays one, a TimestampArray too). */
function copyOf(values: ArrayLike<unknown>): unknown[] | Float64Array {
  if (values instanceof Float64Array) return (values.constructor as typeof Float64Array).from(values);
  return Array.from(values);
}

function hasMissing(values: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(values) && !(values instanceof Float64Array) && !(values instanceof Float32Array)) return false;
  for (let i = 0; i < values.length; i++) if (isMissing(values[i])) return true;
  return false;
}

function selected(table: VerbTable, columns: string[] | undefined, verb: string): Set<string> {
  return new Set(columns ? columns.map((c) => findTableColumn(table, c, verb)) : table.columnNames());
}

/**
 * Carries the last value forward over missing ones (NaN in number columns, null in any column), as
 * pandas' `df.ffill(limit=...)`: a missing value at the start stays missing. Columns without missing
 * values are kept as they are (no copy); the table given is not changed.
 * @throws FrameError MISSING_COLUMN for a named column, INVALID_OPTION for a limit below 1.
 * @example const filled = ffill(t, { columns: ["close"], limit: 5 });
 */
export function ffill(table: VerbTable, options: FfillOptions = {}): Table {
  const limit = options.limit ?? Infinity;
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 1))) {
    throw new FrameError(`ffill: 'limit' must be a whole number >= 1, got ${String(limit)}`, { code: "INVALID_OPTION" });
  }
  const fill = selected(table, options.columns, "ffill");
  return toTable(
    table.columnNames().map((name) => {
      const values = columnValues(table, name);
      if (!fill.has(name) || !hasMissing(values)) return [name, values];
      const out = copyOf(values);
      let last: unknown = undefined;
      let run = 0;
      for (let i = 0; i < out.length; i++) {
        if (!isMissing(out[i])) {
          last = out[i];
          run = 0;
        } else if (last !== undefined && run < limit) {
          (out as unknown[])[i] = last;
          run++;
        }
      }
      return [name, out];
    }),
  );
}

function fitsColumn(values: ArrayLike<unknown>, value: FillValue): boolean {
  if (values instanceof Float64Array || values instanceof Float32Array) return typeof value === "number";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    return v instanceof Date ? value instanceof Date : typeof v === typeof value;
  }
  return true;
}

/**
 * Replaces missing values (NaN in number columns, null in any column) by a value, as pandas'
 * `df.fillna(value)` / `df.fillna({"close": 0})`. One value without `columns` fills the columns of its type and leaves the others. Columns without missing values are kept as they are;
 * the table given is not changed.
 * @throws FrameError MISSING_COLUMN for a named column, INVALID_OPTION when the value's type does not
 *   match the column's (a string into a number column).
 * @example const clean = fillna(t, { value: { volume: 0, venue: "unknown" } });
 */
export function fillna(table: VerbTable, options: FillnaOptions): Table {
  const perColumn = new Map<string, FillValue>();
  let strict = true;
  const v = options?.value;
  if (v === undefined || v === null) throw new FrameError("fillna: pass the value, e.g. fillna(t, { value: 0 })", { code: "INVALID_OPTION" });
  if (typeof v === "object" && !(v instanceof Date)) {
    if (options.columns) throw new FrameError("fillna: 'columns' applies to one value; with a value per column, name the columns there", { code: "INVALID_OPTION" });
    for (const [name, value] of Object.entries(v)) perColumn.set(findTableColumn(table, name, "fillna"), value);
  } else {
    for (const name of selected(table, options.columns, "fillna")) perColumn.set(name, v);
    strict = options.columns !== undefined;
  }
  return toTable(
    table.columnNames().map((name) => {
      const values = columnValues(table, name);
      const value = perColumn.get(name);
      if (value === undefined || !hasMissing(values)) return [name, values];
      if (!fitsColumn(values, value)) {
        if (!strict) return [name, values];
        throw new FrameError(`fillna: cannot put ${JSON.stringify(String(value))} (${value instanceof Date ? "a Date" : typeof value}) into column '${name}' of another type`, { code: "INVALID_OPTION", column: name });
      }
      const out = copyOf(values);
      for (let i = 0; i < out.length; i++) if (isMissing(out[i])) (out as unknown[])[i] = value;
      return [name, out];
    }),
  );
}
