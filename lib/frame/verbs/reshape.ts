import { columnKindOf } from "../columnKind";
import { columnValues } from "../columnValues";
import { TimestampArray } from "../TimestampArray";
import { INDEX_COLUMN } from "../types";
import { Table, toTable } from "../toTable";
import { FrameError } from "./FrameError";
import { findTableColumn, toFloat64, VerbTable } from "./series";

/** Options of {@link pivot}. */
export interface PivotOptions {
  /** The column whose values become the rows (e.g. "timestamp"). */
  index: string;
  /** The column whose values become the column names (e.g. "symbol"). */
  columns: string;
  /** The numeric column that fills the cells (e.g. "close"). */
  values: string;
}

/** Options of {@link melt}. */
export interface MeltOptions {
  /** Columns repeated on every output row (e.g. ["timestamp"]). @default [] */
  idVars?: string[];
  /** Columns stacked into rows. @default every column not in idVars */
  valueVars?: string[];
  /** Name of the column holding the stacked column names. @default "variable" */
  varName?: string;
  /** Name of the column holding their values. @default "value" */
  valueName?: string;
}

/**
 * Times stay times: a column that was a TimestampArray, was read from the store as timestamps, or is the
 * `timestamp` index holding epoch milliseconds (arquero's concat and derive turn TimestampArrays into
 * plain arrays) comes out as a TimestampArray.
 */
function keepTimes(name: string, source: ArrayLike<unknown>, values: ArrayLike<unknown>): ArrayLike<unknown> {
  if (values instanceof TimestampArray) return values;
  const isTime = source instanceof TimestampArray || columnKindOf(source) === "timestamp" || name === INDEX_COLUMN;
  if (!isTime) return values;
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== "number") return values;
  return TimestampArray.from(values as ArrayLike<number>);
}

const keyOf = (v: unknown) => (v instanceof Date ? v.getTime() : v);

/** The distinct values, ascending (numbers by value, strings by code unit), as pandas' unstack orders them. */
function distinctSorted(values: ArrayLike<unknown>): unknown[] {
  const seen = new Map<unknown, unknown>();
  for (let i = 0; i < values.length; i++) if (!seen.has(keyOf(values[i]))) seen.set(keyOf(values[i]), values[i]);
  return [...seen.values()].sort((a, b) => {
    const x = keyOf(a) as number | string;
    const y = keyOf(b) as number | string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * Long to wide, as pandas' `df.pivot(index=..., columns=..., values=...)`: one row per distinct
 * `index` value and one column per distinct `columns` value, both in ascending order as pandas sorts
 * them, NaN where a pair has no row. A long table of
 * closes per symbol becomes one column per symbol.
 * @throws FrameError MISSING_COLUMN for an option's column; INVALID_OPTION naming the first pair that
 *   appears twice (pandas: "Index contains duplicate entries, cannot reshape").
 * @example pivot(long, { index: "timestamp", columns: "symbol", values: "close" })
 */
export function pivot(table: VerbTable, options: PivotOptions): Table {
  const indexName = findTableColumn(table, options.index, "pivot");
  const columnsName = findTableColumn(table, options.columns, "pivot");
  const valuesName = findTableColumn(table, options.values, "pivot");
  const index = columnValues(table, indexName);
  const keys = columnValues(table, columnsName);
  const values = toFloat64(columnValues(table, valuesName), "pivot", valuesName);
  const rowKeys = distinctSorted(index);
  const colKeys = distinctSorted(keys);
  const rowOf = new Map(rowKeys.map((k, i) => [keyOf(k), i]));
  const colOf = new Map(colKeys.map((k, i) => [keyOf(k), i]));
  const colNames = colKeys.map(String);
  if (colNames.includes(indexName)) throw new FrameError(`pivot: a value of '${columnsName}' is '${indexName}', the name of the index column`, { code: "INVALID_OPTION", column: columnsName });
  const n = rowKeys.length;
  const cells = colNames.map(() => new Float64Array(n).fill(NaN));
  const filled = colNames.map(() => new Uint8Array(n));
  for (let i = 0; i < index.length; i++) {
    const r = rowOf.get(keyOf(index[i]))!;
    const c = colOf.get(keyOf(keys[i]))!;
    if (filled[c][r]) {
      throw new FrameError(`pivot: row ${i} repeats ${indexName}=${String(index[i])}, ${columnsName}=${String(keys[i])}; each pair may appear once (aggregate first, e.g. with groupby)`, { code: "INVALID_OPTION", row: i });
    }
    filled[c][r] = 1;
    cells[c][r] = values[i];
  }
  return toTable([[indexName, keepTimes(indexName, index, rowKeys)], ...colNames.map((name, c): [string, Float64Array] => [name, cells[c]])]);
}

/**
 * Wide to long, as pandas' `df.melt(id_vars=..., value_vars=...)`: each value column becomes rows,
 * stacked column after column, with its name in `varName` and its value in `valueName`; the id columns
 * are repeated on every row. One column per symbol becomes (timestamp, variable, value) rows.
 * @throws FrameError MISSING_COLUMN for a named column, INVALID_OPTION when no column is left to stack.
 * @example melt(wide, { idVars: ["timestamp"], varName: "symbol", valueName: "close" })
 */
export function melt(table: VerbTable, options: MeltOptions = {}): Table {
  const ids = (options.idVars ?? []).map((c) => findTableColumn(table, c, "melt"));
  const stacked = options.valueVars ? options.valueVars.map((c) => findTableColumn(table, c, "melt")) : table.columnNames().filter((c) => !ids.includes(c));
  if (stacked.length === 0) throw new FrameError("melt: no column left to stack; name them with { valueVars: [...] }", { code: "INVALID_OPTION" });
  const varName = options.varName ?? "variable";
  const valueName = options.valueName ?? "value";
  const n = table.numRows();
  const repeat = (values: ArrayLike<unknown>) => {
    const out = values instanceof Float64Array ? new (values.constructor as typeof Float64Array)(n * stacked.length) : new Array<unknown>(n * stacked.length);
    for (let k = 0; k < stacked.length; k++) for (let i = 0; i < n; i++) out[k * n + i] = values[i] as number;
    return out;
  };
  const names: string[] = [];
  for (const name of stacked) for (let i = 0; i < n; i++) names.push(name);
  const sources = stacked.map((name) => columnValues(table, name));
  const allFloat = sources.every((s) => s instanceof Float64Array);
  const values = allFloat ? new Float64Array(n * stacked.length) : new Array<unknown>(n * stacked.length);
  sources.forEach((s, k) => {
    for (let i = 0; i < n; i++) values[k * n + i] = s[i] as number;
  });
  return toTable([...ids.map((id): [string, ArrayLike<unknown>] => [id, keepTimes(id, columnValues(table, id), repeat(columnValues(table, id)))]), [varName, names], [valueName, values]]);
}
