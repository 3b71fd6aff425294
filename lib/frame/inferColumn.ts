import { InvalidDataError } from "../errors";
import { TimestampArray } from "./TimestampArray";
import { toEpochUs } from "./timestamps";
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
    if (isIndex) return numbersToTimestamps(name, input, fail);
    const values = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) values[i] = Math.round(input[i] * 1000);
    return checkIndex({ name, type: "timestamp", values, valid: null }, isIndex, fail);
  }
  if (input instanceof Float64Array || input instanceof Float32Array) {
    if (isIndex) return numbersToTimestamps(name, input, fail);
    return { name, type: "float", values: input instanceof Float64Array ? input : Float64Array.from(input), valid: null };
  }
  if (TYPED_INT.some((T) => input instanceof T)) {
    const values = Float64Array.from(input as ArrayLike<number>);
    if (isIndex) return numbersToTimestamps(name, values, fail);
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
      const us = toEpochUs(array[i]);
      if (Number.isNaN(us)) throw fail(`row ${i} holds ${JSON.stringify(String(array[i]))}, which is not a time`, i);
      values[i] = us;
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

/**
 * Turns an index of epoch milliseconds into microseconds, in one pass that also writes them as 64-bit
 * integers (for staging), checks every value is finite and records order and bounds.
 */
function numbersToTimestamps(
  name: string,
  ms: ArrayLike<number>,
  fail: (message: string, row?: number) => InvalidDataError,
): Column {
  const n = ms.length;
  const values = new Float64Array(n);
  const int64 = new BigInt64Array(n);
  const halves = new Int32Array(int64.buffer);
  let unsortedAt = -1;
  let min = Infinity;
  let max = -Infinity;
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const us = Math.round(ms[i] * 1000);
    if (!Number.isFinite(us)) throw fail(`row ${i} is ${ms[i]}; every row of the index needs a time`, i);
    values[i] = us;
    if (us > -9e15 && us < 9e15) {
      const hi = Math.floor(us / 4294967296);
      halves[2 * i] = (us - hi * 4294967296) | 0;
      halves[2 * i + 1] = hi;
    } else int64[i] = BigInt(us); // past 2^53 microseconds (years beyond 2255): rare, exact, slower
    if (us < previous && unsortedAt < 0) unsortedAt = i;
    if (us < min) min = us;
    if (us > max) max = us;
    previous = us;
  }
  return { name, type: "timestamp", values, valid: null, int64, stats: { unsortedAt, min, max } };
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
