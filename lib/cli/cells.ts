import { Table, TimestampArray } from "../frame";

/**
 * Reading the cells of a store Table for printing. Timestamps print as ISO-8601 UTC (microseconds
 * kept), nulls as null, NaN as NaN; big integers that do not fit a double print exactly.
 */

/** A column of a store Table as an indexable array (typed array or plain array with nulls). */
export function columnValues(table: Table, name: string): ArrayLike<unknown> {
  return table.column(name) as unknown as ArrayLike<unknown>;
}

/** True for columns printed right-aligned: numbers that are not timestamps. */
export function isNumericColumn(values: ArrayLike<unknown>): boolean {
  if (values instanceof TimestampArray) return false;
  if (ArrayBuffer.isView(values)) return true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) return typeof v === "number" || typeof v === "bigint";
  }
  return false;
}

/** A cell's JSON value: ISO string for timestamps, string for unsafe big integers, null for NaN/null. */
export function jsonCell(values: ArrayLike<unknown>, row: number): unknown {
  if (values instanceof TimestampArray) return values.iso(row);
  const v = values[row];
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  return v === undefined ? null : v;
}

/** A cell as text; `empty` stands for null (CSV prints "", a table prints "null"). */
export function textCell(values: ArrayLike<unknown>, row: number, empty: string): string {
  if (values instanceof TimestampArray) return values.iso(row);
  const v = values[row];
  if (v === null || v === undefined) return empty;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** The rows [start, end) of a table as JSON objects keyed by column name. */
export function jsonRows(table: Table, start = 0, end = table.numRows()): Record<string, unknown>[] {
  const names = table.columnNames();
  const columns = names.map((n) => columnValues(table, n));
  const rows: Record<string, unknown>[] = [];
  for (let r = start; r < end; r++) {
    const row: Record<string, unknown> = {};
    names.forEach((n, c) => (row[n] = jsonCell(columns[c], r)));
    rows.push(row);
  }
  return rows;
}
