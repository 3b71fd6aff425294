import { InvalidDataError } from "../errors";
import { columnKindOf, ColumnKind } from "./columnKind";
import { columnValues, ColumnSource } from "./columnValues";
import { ColumnInput } from "./inferColumn";
import { TimestampArray } from "./TimestampArray";

/** The dtypes danfo.js gives columns. */
export type DanfoDtype = "float32" | "int32" | "boolean" | "string" | "datetime";

/** The part of a danfo.js DataFrame quantlab reads: column names, dtypes and per-column values. */
export interface DanfoFrameLike {
  columns: string[];
  shape: number[];
  /** danfo's dtype of each column, in column order (absent on frames that only look like danfo's). */
  dtypes?: string[];
  column(name: string): { values: ArrayLike<unknown> };
}

/** True for an object shaped like a danfo.js DataFrame (danfojs itself is never loaded for this). */
export function isDanfoFrame(data: unknown): data is DanfoFrameLike {
  const d = data as DanfoFrameLike;
  return (
    typeof data === "object" &&
    data !== null &&
    Array.isArray(d.columns) &&
    Array.isArray(d.shape) &&
    typeof d.column === "function"
  );
}

/**
 * The columns of a danfo DataFrame as name/values pairs for the store. danfo keeps every number as a
 * JS number and says in its dtype what it means: an `int32` column is stored as an int (64-bit), a
 * `float32` column as a float (float64: danfo's name, not its precision), `datetime` as a timestamp,
 * `boolean` as bool and `string` as string.
 * @throws InvalidDataError naming column and row for a value of an int32 column that is not a whole number.
 */
export function danfoColumns(frame: DanfoFrameLike): [string, ColumnInput][] {
  return frame.columns.map((name, c) => {
    const values = frame.column(name).values;
    if (frame.dtypes?.[c] !== "int32") return [name, values];
    const ints = Array.from(values, (v, row) => {
      if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return null;
      if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
      throw new InvalidDataError(`danfo column '${name}' is int32 but row ${row} holds ${String(v)}, not a whole number`, { column: name, row });
    });
    return [name, ints];
  });
}

const DTYPE_OF_KIND: Record<ColumnKind, DanfoDtype> = { float: "float32", int: "int32", bool: "boolean", string: "string", timestamp: "datetime", duration: "float32" };

/** What a column's values are, for danfo: the store's tag when it has one, else the array's type or its values. */
function dtypeOf(values: ArrayLike<unknown>): DanfoDtype {
  const kind = columnKindOf(values);
  if (kind !== undefined) return DTYPE_OF_KIND[kind];
  if (values instanceof TimestampArray) return "datetime";
  if (values instanceof Float64Array || values instanceof Float32Array) return "float32";
  if (ArrayBuffer.isView(values)) return "int32";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (v instanceof Date) return "datetime";
    if (typeof v === "boolean") return "boolean";
    if (typeof v === "string") return "string";
    if (typeof v === "bigint") return "int32";
    return "float32";
  }
  return "float32";
}

/** The values as danfo holds them: numbers, Dates for timestamps, null where missing. */
function danfoValues(name: string, values: ArrayLike<unknown>, dtype: DanfoDtype): unknown[] {
  return Array.from(values, (v, row) => {
    if (v === null || v === undefined) return null;
    if (dtype === "datetime") return v instanceof Date ? v : new Date(v as number);
    if (typeof v === "bigint") {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new InvalidDataError(`toDanfo: column '${name}' row ${row} holds ${v}, past 2^53; danfo keeps numbers as doubles and would change it`, { column: name, row });
      }
      return Number(v);
    }
    return v;
  });
}

/**
 * Converts a Table (as a read returns it) to a danfo.js DataFrame with the same columns in the same
 * order: timestamps become Dates (dtype `datetime`), ints `int32` (danfo's name; values stay exact up to
 * 2^53), floats `float32` (danfo's name; values stay float64), bools `boolean`, strings `string`, and
 * missing values null (NaN stays NaN). Writing the DataFrame back stores the same types and values.
 * danfojs is optional: install `danfojs` (not `danfojs-node`, which downloads libtensorflow at install
 * time) to use this. Name danfo's DataFrame as the type parameter to get it typed.
 * @throws Error naming the package to install when danfojs is not installed.
 * @throws InvalidDataError for an int past 2^53, which danfo cannot hold exactly.
 * @example const df = toDanfo(item.data); // with danfo's types: toDanfo<DataFrame>(...), see the notebooks docs
 */
export function toDanfo<DataFrame = DanfoFrameLike>(table: ColumnSource): DataFrame {
  let danfo: { DataFrame: new (data: Record<string, unknown[]>, options: { columns: string[]; dtypes: DanfoDtype[] }) => DataFrame };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    danfo = require("danfojs");
  } catch (cause) {
    throw new Error("toDanfo needs the optional package danfojs: npm install danfojs", { cause });
  }
  const columns = table.columnNames();
  const dtypes: DanfoDtype[] = [];
  const data: Record<string, unknown[]> = {};
  for (const name of columns) {
    const values = columnValues(table, name);
    const dtype = dtypeOf(values);
    dtypes.push(dtype);
    data[name] = danfoValues(name, values, dtype);
  }
  return new danfo.DataFrame(data, { columns, dtypes });
}
