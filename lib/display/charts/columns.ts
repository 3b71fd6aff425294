import { columnValues, FrameInput, Table, TimestampArray, toFrame, toTable } from "../../frame";
import { findColumn } from "../../market";
import { DisplayError } from "../DisplayError";

/** Any table a chart takes: an arquero Table or anything the store accepts as data. */
export type ChartData = Table | FrameInput;

/** The input as a Table (no copy when it already is one). */
export function chartTable(data: ChartData): Table {
  const t = data as Table;
  if (typeof t?.columnNames === "function" && typeof t.array === "function") return t;
  const frame = toFrame(data);
  return toTable(frame.columns.map((c) => [c.name, c.type === "timestamp" ? TimestampArray.from(c.values as Float64Array) : (c.values as ArrayLike<unknown>)]));
}

/** A column by name (lib/market's findColumn: exact, else regardless of case); the error lists the columns there are. */
export function column(table: Table, name: string, chart: string): ArrayLike<unknown> {
  const names = table.columnNames();
  const found = findColumn(names, name);
  if (found === undefined) {
    throw new DisplayError(`${chart}: the table has no column '${name}' (it has ${names.map((n) => `'${n}'`).join(", ")})`, { code: "MISSING_COLUMN" });
  }
  return columnValues(table, found);
}

/** Whether the table has a column of that name (case-insensitive). */
export function hasColumn(table: Table, name: string): boolean {
  return findColumn(table.columnNames(), name) !== undefined;
}
