/** The parts of an arquero Table that reading a column needs. */
export interface ColumnSource {
  columnNames(): string[];
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
  column?(name: string): unknown;
  isFiltered?(): boolean;
  isOrdered?(): boolean;
}

/**
 * A column's values without copying when that is possible: the array the Table holds (a Float64Array, a
 * TimestampArray, ...) when the table is neither filtered nor ordered, else a copy in table order.
 * arquero's own `table.array(name)` always copies into a plain Array, which loses the typed array and
 * costs a pass per column on large tables.
 * @example const close = columnValues(item.data, "close") as Float64Array;
 */
export function columnValues(table: ColumnSource, name: string): ArrayLike<unknown> {
  if (typeof table.column === "function" && !table.isFiltered?.() && !table.isOrdered?.()) {
    const column = table.column(name);
    if (Array.isArray(column) || (ArrayBuffer.isView(column) && !(column instanceof DataView))) {
      const values = column as ArrayLike<unknown>;
      if (values.length === table.numRows()) return values;
    }
  }
  return table.array(name);
}
