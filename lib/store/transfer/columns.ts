import { ColumnType, Table } from "../../frame";
import type { ParquetColumn } from "../parquet";

type Cells = ArrayLike<unknown>;

/** The column as the Table holds it, uncopied. */
export const rawColumn = (table: Table, name: string) => table.column(name) as unknown as Cells;

function validity(values: Cells): Uint8Array | null {
  let valid: Uint8Array | null = null;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || values[i] === undefined) {
      if (!valid) valid = new Uint8Array(values.length).fill(1);
      valid[i] = 0;
    }
  }
  return valid;
}

/** Epoch milliseconds (microseconds in the fraction) of a timestamp cell. */
const msOf = (v: unknown) => (v instanceof Date ? v.getTime() : (v as number));

/**
 * One column of a version as the store reads it, as the Parquet column that keeps it exactly: floats
 * bit for bit (NaN, ±Infinity), ints as int64, timestamps as microseconds, nulls as nulls.
 */
export function toParquetColumn(name: string, type: ColumnType, values: Cells): ParquetColumn {
  const n = values.length;
  const valid = validity(values);
  switch (type) {
    case "float": {
      if (values instanceof Float64Array) return { name, type: "double", values, valid };
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) if (!valid || valid[i]) out[i] = values[i] as number;
      return { name, type: "double", values: out, valid };
    }
    case "int": {
      if (values instanceof BigInt64Array) return { name, type: "int64", values, valid };
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) if (!valid || valid[i]) out[i] = BigInt(values[i] as number | bigint);
      return { name, type: "int64", values: out, valid };
    }
    case "bool": {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = values[i] === true || values[i] === 1 ? 1 : 0;
      return { name, type: "bool", values: out, valid };
    }
    case "string":
      return { name, type: "string", values: Array.from(values, (v) => (v === undefined ? null : (v as string | null))), valid };
    case "timestamp": {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) if (!valid || valid[i]) out[i] = Math.round(msOf(values[i]) * 1000);
      return { name, type: "timestamp_us", values: out, valid };
    }
  }
}

/**
 * One column of an exported file as read back, as data the store infers `type` from: ints become
 * bigints (a number would be taken for a float), the other types are already what they were.
 */
export function fromParquetColumn(type: ColumnType, values: Cells): unknown {
  if (type !== "int" || values instanceof BigInt64Array || values instanceof Int32Array) return values;
  const valid = validity(values);
  if (!valid) return BigInt64Array.from(values as ArrayLike<number>, (v) => BigInt(v));
  return Array.from(values, (v) => (v === null || v === undefined ? null : BigInt(v as number | bigint)));
}
