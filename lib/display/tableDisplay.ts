import type { Table } from "../frame";

/** An arquero Table (what the store returns): it has columnNames, numRows and array. */
export function isTable(value: unknown): value is Table {
  const t = value as Partial<Table> | null;
  return typeof t === "object" && t !== null && typeof t.columnNames === "function" && typeof t.numRows === "function" && typeof t.array === "function";
}
