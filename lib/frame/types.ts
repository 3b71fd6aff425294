/** The five column types the store keeps. `int` is a 64-bit integer, `timestamp` has microsecond precision. */
export type ColumnType = "float" | "int" | "bool" | "string" | "timestamp";

/** All column types, in a fixed order. */
export const COLUMN_TYPES: readonly ColumnType[] = ["float", "int", "bool", "string", "timestamp"];

/**
 * One column in the store's normalised form:
 * - float: Float64Array (NaN is a value, null is marked in `valid`)
 * - int: Float64Array of integers when every value is a safe integer, else BigInt64Array
 * - bool: Uint8Array of 0/1
 * - string: array of strings (null where missing)
 * - timestamp: Float64Array of epoch **milliseconds**, microseconds in the fraction (a user's
 *   Float64Array or TimestampArray index is used as it is, without a copy)
 */
export interface Column {
  name: string;
  type: ColumnType;
  values: Float64Array | BigInt64Array | Uint8Array | (string | null)[];
  /** 1 = value present, 0 = null; `null` when the column has no nulls. */
  valid: Uint8Array | null;
  /** True when every value is null, so the column's type was not inferred from any value. */
  allNull?: boolean;
  /** For an index: order and bounds, when the pass that made the column already knew them. */
  stats?: IndexStats;
}

/** Order and bounds of an index column (epoch milliseconds). */
export interface IndexStats {
  /** First row whose time is before the previous row's, or -1 when sorted. */
  unsortedAt: number;
  min: number;
  max: number;
}

/** A table in the store's normalised form: named columns of equal length. */
export interface Frame {
  columns: Column[];
  rowCount: number;
}

/** The name of the index column. A frame with it is a time series; without it, it is row-indexed. */
export const INDEX_COLUMN = "timestamp";
