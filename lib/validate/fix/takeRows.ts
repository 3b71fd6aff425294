import { Table, columnValues, toTable } from "../../frame";

/** A new table with the given rows (indices into `table`, in that order), column types kept. */
export function takeRows(table: Table, rows: ArrayLike<number>): Table {
  return toTable(
    table.columnNames().map((name) => {
      const values = columnValues(table, name);
      const out = ArrayBuffer.isView(values)
        ? new (values.constructor as new (n: number) => { [i: number]: unknown; length: number })(rows.length)
        : new Array<unknown>(rows.length);
      for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
      return [name, out as ArrayLike<unknown>];
    }),
  );
}

/** The rows of `table` not flagged in `drop` (1 = drop), in order. */
export function keptRows(n: number, drop: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < n; i++) if (!drop[i]) count++;
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (!drop[i]) rows[k++] = i;
  return rows;
}
