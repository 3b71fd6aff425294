import { ColumnTable, table } from "arquero";

/** An arquero Table, the type every read returns. */
export type Table = ColumnTable;

/**
 * Builds an arquero Table from named columns, in the order given. Typed arrays are kept as they are
 * (no copy), so numeric columns stay Float64Array/Int32Array/TimestampArray.
 */
export function toTable(columns: [string, ArrayLike<unknown>][]): Table {
  const data: Record<string, ArrayLike<unknown>> = {};
  for (const [name, values] of columns) data[name] = values;
  return table(data, columns.map(([name]) => name));
}
