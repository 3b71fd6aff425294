import { InvalidDataError } from "../errors";
import { TimestampArray } from "./TimestampArray";
import { toEpochMs } from "./timestamps";
import { Column, INDEX_COLUMN } from "./types";

/** Anything a column can be given as. */
export type ColumnInput = ArrayLike<unknown> | Iterable<unknown>;

type Kind = "number" | "bigint" | "boolean" | "string" | "date";

const TYPED_INT = [Int8Array, Int16Array, Int32Array, Uint8Array, Uint16Array, Uint32Array, Uint8ClampedArray];
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function kindOf(value: unknown): Kind | "other" {
  if (typeof value === "number") return "number";
  if (typeof value === "bigint") return "bigint";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  if (value instanceof Date) return "date";
  return "other";
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

/**
 * Turns one column of user data into the store's normalised {@link Column}.
 *
 * Types: Float64Array/Float32Array and JS numbers are `float`; integer typed arrays, BigInt64Array and
 * bigints are `int`; booleans `bool`; strings `string`; Dates and TimestampArray `timestamp`. The index
 * column `timestamp` is always a timestamp: numbers in it are epoch milliseconds, strings ISO-8601
 * (taken as UTC when they carry no zone). null and undefined are nulls; NaN is a float value.
 * @throws InvalidDataError when values of different kinds are mixed, a value has no column type
 *   (objects, functions, symbols), an int is outside 64 bits, or the index holds a null or a non-time.
 */
export function inferColumn(name: string, input: ColumnInput, context: { symbol?: string } = {}): Column {
  const isIndex = name === INDEX_COLUMN;
  const where = context.symbol === undefined ? `column '${name}'` : `column '${name}' of '${context.symbol}'`;
  const fail = (message: string, row?: number) =>
    new InvalidDataError(`${where}: ${message}`, { symbol: context.symbol, column: name, row });

  if (input instanceof TimestampArray) {
    if (isIndex) return indexFromMs(name, input, fail);
    return { name, type: "timestamp", values: input, valid: null };
  }
  if (input instanceof Float64Array || input instanceof Float32Array) {
    if (isIndex) return indexFromMs(name, input instanceof Float64Array ? input : Float64Array.from(input), fail);
    return { name, type: "float", values: input instanceof Float64Array ? input : Float64Array.from(input), valid: null };
  }
  if (TYPED_INT.some((T) => input instanceof T)) {
    const values = Float64Array.from(input as ArrayLike<number>);
    if (isIndex) return indexFromMs(name, values, fail);
    return { name, type: "int", values, valid: null };
  }
  if (input instanceof BigInt64Array || input instanceof BigUint64Array) {
    if (isIndex) throw fail("the index must hold Dates, epoch milliseconds or ISO strings, not bigints");
    if (input instanceof BigUint64Array) {
      const values = new BigInt64Array(input.length);
      for (let i = 0; i < input.length; i++) {
        if (input[i] > INT64_MAX) throw fail(`value ${input[i]} does not fit a 64-bit signed integer`, i);
        values[i] = input[i];
      }
      return { name, type: "int", values, valid: null };
    }
    return { name, type: "int", values: input, valid: null };
  }
  const array: unknown[] = Array.isArray(input) ? input : Array.from(input as Iterable<unknown>);
  return inferFromValues(name, array, isIndex, fail);
}

function inferFromValues(
  name: string,
  array: unknown[],
  isIndex: boolean,
  fail: (message: string, row?: number) => InvalidDataError,
): Column {
  const n = array.length;
  let kind: Kind | undefined;
  let firstRow = -1;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = array[i];
    if (v === null || v === undefined) {
      nulls++;
      continue;
    }
    const k = kindOf(v);
    if (k === "other") throw fail(`row ${i} holds a ${describe(v)}, which is not a number, bigint, boolean, string or Date`, i);
    if (kind === undefined) {
      kind = k;
      firstRow = i;
    } else if (k !== kind) {
      throw fail(`mixes ${kind} (row ${firstRow}) and ${k} (row ${i}); a column holds one type`, i);
    }
  }
  const valid = nulls === 0 ? null : new Uint8Array(n);
  if (valid) for (let i = 0; i < n; i++) valid[i] = array[i] === null || array[i] === undefined ? 0 : 1;

  if (isIndex || kind === "date") {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (valid && !valid[i]) continue;
      const ms = toEpochMs(array[i]);
      if (Number.isNaN(ms)) throw fail(`row ${i} holds ${JSON.stringify(String(array[i]))}, which is not a time`, i);
      values[i] = ms;
    }
    return checkIndex({ name, type: "timestamp", values, valid, allNull: kind === undefined }, isIndex, fail);
  }
  switch (kind) {
    case undefined:
      return { name, type: "float", values: new Float64Array(n), valid: new Uint8Array(n), allNull: true };
    case "number": {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) if (!valid || valid[i]) values[i] = array[i] as number;
      return { name, type: "float", values, valid };
    }
    case "bigint":
      return bigintColumn(name, array, valid, fail);
    case "boolean": {
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) values[i] = array[i] === true ? 1 : 0;
      return { name, type: "bool", values, valid };
    }
    case "string":
      return { name, type: "string", values: array.map((v) => (v === undefined ? null : (v as string | null))), valid };
  }
}

function bigintColumn(
  name: string,
  array: unknown[],
  valid: Uint8Array | null,
  fail: (message: string, row?: number) => InvalidDataError,
): Column {
  const n = array.length;
  const big = new BigInt64Array(n);
  let safe = true;
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) continue;
    const v = array[i] as bigint;
    if (v < INT64_MIN || v > INT64_MAX) throw fail(`value ${v} does not fit a 64-bit signed integer`, i);
    big[i] = v;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) safe = false;
  }
  if (!safe) return { name, type: "int", values: big, valid };
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = Number(big[i]);
  return { name, type: "int", values, valid };
}

/** Largest |epoch ms| a timestamp holds: DuckDB's TIMESTAMP is 64-bit microseconds. */
const MAX_MS = 9.2e15;

/**
 * An index of epoch milliseconds, used as it is (no copy): one pass checks every value is a time in
 * range and records order and bounds.
 */
function indexFromMs(name: string, ms: Float64Array, fail: (message: string, row?: number) => InvalidDataError): Column {
  let unsortedAt = -1;
  let min = Infinity;
  let max = -Infinity;
  let previous = -Infinity;
  for (let i = 0; i < ms.length; i++) {
    const v = ms[i];
    if (!(v > -MAX_MS && v < MAX_MS)) {
      throw fail(`row ${i} is ${v}; every row of the index needs a time (epoch ms within about 290,000 years of 1970)`, i);
    }
    if (v < previous && unsortedAt < 0) unsortedAt = i;
    if (v < min) min = v;
    if (v > max) max = v;
    previous = v;
  }
  return { name, type: "timestamp", values: ms, valid: null, stats: { unsortedAt, min, max } };
}

function checkIndex(
  column: Column,
  isIndex: boolean,
  fail: (message: string, row?: number) => InvalidDataError,
): Column {
  if (!isIndex) return column;
  const values = column.values as Float64Array;
  for (let i = 0; i < values.length; i++) {
    if (column.valid && !column.valid[i]) throw fail(`row ${i} is null; every row of the index needs a time`, i);
    if (!Number.isFinite(values[i])) throw fail(`row ${i} is ${values[i]}; every row of the index needs a time`, i);
  }
  return column;
}
