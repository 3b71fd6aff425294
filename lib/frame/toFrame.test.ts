import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { InvalidDataError } from "../errors";
import { Column, TimestampArray, inferColumn, isDanfoFrame, toFrame, toTable } from "./index";

/** A TimestampArray (epoch ms) from epoch microseconds. */
function usToTimestampArray(us: Float64Array): TimestampArray {
  return TimestampArray.from(us, (v) => v / 1000) as TimestampArray;
}

const D1 = Date.UTC(2024, 0, 1);
const D2 = Date.UTC(2024, 0, 2);

/** A column in plain form for comparisons: name, type, values (timestamps in whole microseconds) and null mask. */
function plain(column: Column) {
  const values = Array.from(column.values as ArrayLike<unknown>);
  return {
    name: column.name,
    type: column.type,
    values: column.type === "timestamp" ? values.map((v) => Math.round((v as number) * 1000)) : values,
    valid: column.valid ? Array.from(column.valid) : null,
  };
}

function failure(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("toFrame input shapes", () => {
  const expected = [
    { name: "timestamp", type: "timestamp", values: [D1 * 1000, D2 * 1000], valid: null },
    { name: "close", type: "float", values: [1.5, 2.5], valid: null },
    { name: "venue", type: "string", values: ["X", "Y"], valid: null },
  ];

  it("an object of column arrays", () => {
    const frame = toFrame({ timestamp: [new Date(D1), new Date(D2)], close: [1.5, 2.5], venue: ["X", "Y"] });
    expect(frame.rowCount).toBe(2);
    expect(frame.columns.map(plain)).toEqual(expected);
  });

  it("an arquero Table", () => {
    const frame = toFrame(aq.table({ timestamp: [new Date(D1), new Date(D2)], close: [1.5, 2.5], venue: ["X", "Y"] }));
    expect(frame.columns.map(plain)).toEqual(expected);
  });

  it("a filtered and ordered arquero Table gives its visible rows in its order", () => {
    const t = aq
      .table({ k: [3, 1, 2, 0], v: ["c", "a", "b", "z"] })
      .filter((d: { k: number }) => d.k > 0)
      .orderby("k");
    const frame = toFrame(t);
    expect(frame.rowCount).toBe(3);
    expect(frame.columns.map(plain)).toEqual([
      { name: "k", type: "float", values: [1, 2, 3], valid: null },
      { name: "v", type: "string", values: ["a", "b", "c"], valid: null },
    ]);
  });

  it("an array of row objects: columns in first-seen key order, missing keys null", () => {
    const frame = toFrame([{ a: 1, b: "x" }, { b: "y" }, { c: true, a: 3 }]);
    expect(frame.columns.map(plain)).toEqual([
      { name: "a", type: "float", values: [1, 0, 3], valid: [1, 0, 1] },
      { name: "b", type: "string", values: ["x", "y", null], valid: [1, 1, 0] },
      { name: "c", type: "bool", values: [0, 0, 1], valid: [0, 0, 1] },
    ]);
  });

  it("a danfo-shaped DataFrame", () => {
    const data: Record<string, unknown[]> = { timestamp: [new Date(D1), new Date(D2)], close: [1.5, 2.5], venue: ["X", "Y"] };
    const frame = { columns: Object.keys(data), shape: [2, 3], column: (name: string) => ({ values: data[name] }) };
    expect(isDanfoFrame(frame)).toBe(true);
    expect(toFrame(frame).columns.map(plain)).toEqual(expected);
  });

  it("typed arrays keep their kind: float, int, int64", () => {
    const frame = toFrame({
      f64: Float64Array.from([0.5, -1]),
      f32: Float32Array.from([0.25, 2]),
      i32: Int32Array.from([1, -2]),
      u8: Uint8Array.from([0, 255]),
      u8c: Uint8ClampedArray.from([1, 2]),
      i64: BigInt64Array.from([2n ** 62n, -1n]),
      u64: BigUint64Array.from([1n, 2n ** 62n]),
    });
    expect(frame.columns.map((c) => [c.name, c.type])).toEqual([
      ["f64", "float"],
      ["f32", "float"],
      ["i32", "int"],
      ["u8", "int"],
      ["u8c", "int"],
      ["i64", "int"],
      ["u64", "int"],
    ]);
    expect(Array.from(frame.columns[5].values as BigInt64Array)).toEqual([2n ** 62n, -1n]);
    expect(Array.from(frame.columns[6].values as BigInt64Array)).toEqual([1n, 2n ** 62n]);
  });

  it("a Table made by toTable (what reads return) goes back in unchanged", () => {
    const ts = usToTimestampArray(Float64Array.from([D1 * 1000 + 7, D2 * 1000]));
    const frame = toFrame(toTable([["timestamp", ts], ["close", Float64Array.from([1, 2])]]));
    expect(frame.columns.map(plain)).toEqual([
      { name: "timestamp", type: "timestamp", values: [D1 * 1000 + 7, D2 * 1000], valid: null },
      { name: "close", type: "float", values: [1, 2], valid: null },
    ]);
  });

  it("zero rows with columns is a frame of zero rows", () => {
    const frame = toFrame({ timestamp: [], close: [] });
    expect(frame.rowCount).toBe(0);
    expect(frame.columns.map((c) => c.name)).toEqual(["timestamp", "close"]);
  });
});

describe("inferColumn types", () => {
  it("numbers are float; NaN is a value and null/undefined are nulls", () => {
    const c = inferColumn("x", [1, NaN, null, undefined, -0]);
    expect(c.type).toBe("float");
    expect(Array.from(c.valid!)).toEqual([1, 1, 0, 0, 1]);
    expect(Number.isNaN((c.values as Float64Array)[1])).toBe(true);
    expect(Object.is((c.values as Float64Array)[4], -0)).toBe(true);
  });

  it("bigints are int; those past 2^53 are kept exactly in a BigInt64Array", () => {
    expect(inferColumn("n", [1n, 2n]).type).toBe("int");
    const big = inferColumn("n", [2n ** 53n + 1n, null]);
    expect(big.values).toBeInstanceOf(BigInt64Array);
    expect((big.values as BigInt64Array)[0]).toBe(2n ** 53n + 1n);
    expect(Array.from(big.valid!)).toEqual([1, 0]);
  });

  it("booleans are bool, strings string, Dates timestamp (microseconds)", () => {
    expect(plain(inferColumn("b", [true, false]))).toMatchObject({ type: "bool", values: [1, 0] });
    expect(plain(inferColumn("s", ["", "é"]))).toMatchObject({ type: "string", values: ["", "é"] });
    expect(plain(inferColumn("d", [new Date(-1)]))).toMatchObject({ type: "timestamp", values: [-1000] });
  });

  it("an all-null column is marked allNull", () => {
    const c = inferColumn("x", [null, undefined]);
    expect(c.allNull).toBe(true);
    expect(Array.from(c.valid!)).toEqual([0, 0]);
  });

  it("the index column turns epoch ms, ISO strings and TimestampArrays into microseconds", () => {
    expect(plain(inferColumn("timestamp", [D1, D2 + 0.001])).values).toEqual([D1 * 1000, D2 * 1000 + 1]);
    expect(plain(inferColumn("timestamp", ["2024-01-01", "2024-01-02T00:00:00.000001Z"])).values).toEqual([D1 * 1000, D2 * 1000 + 1]);
    expect(plain(inferColumn("timestamp", Float64Array.from([D1]))).values).toEqual([D1 * 1000]);
    expect(plain(inferColumn("timestamp", Int32Array.from([5]))).values).toEqual([5000]);
    const ts = new TimestampArray(1);
    ts[0] = D1 + 0.5;
    expect(plain(inferColumn("timestamp", ts))).toMatchObject({ type: "timestamp", values: [D1 * 1000 + 500] });
  });

  it("a non-index TimestampArray is a timestamp column", () => {
    const ts = new TimestampArray(1);
    ts[0] = D1;
    expect(inferColumn("settled", ts).type).toBe("timestamp");
  });

  it("strings outside the index stay strings even when they look like dates", () => {
    expect(inferColumn("when", ["2024-01-01"]).type).toBe("string");
  });
});

describe("toFrame errors", () => {
  it.each([
    ["an empty object", {}],
    ["an empty array", []],
    ["an arquero table without columns", aq.table({})],
    ["a danfo-shaped frame without columns", { columns: [], shape: [0, 0], column: () => ({ values: [] }) }],
  ])("%s has no columns: InvalidDataError", (_kind, data) => {
    const error = failure(() => toFrame(data));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toContain("no columns");
  });

  it.each([
    ["a number", 1],
    ["a string", "a,b"],
    ["null", null],
    ["undefined", undefined],
    ["a Map", new Map()],
    ["a Date", new Date()],
    ["a class instance", new (class Frame {})()],
  ])("%s is not a table: InvalidDataError saying what is accepted", (_kind, data) => {
    const error = failure(() => toFrame(data));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toContain("arquero");
  });

  it("names the symbol in messages when given one", () => {
    const error = failure(() => toFrame(42, { symbol: "AAPL" }));
    expect(error).toMatchObject({ symbol: "AAPL" });
    expect((error as Error).message).toContain("AAPL");
  });

  it("a column that is not an array: InvalidDataError naming it", () => {
    expect(failure(() => toFrame({ a: [1], b: 2 }))).toMatchObject({ code: "INVALID_DATA", column: "b" });
    expect(failure(() => toFrame({ a: "abc" }))).toBeInstanceOf(InvalidDataError);
  });

  it("a row that is not an object: InvalidDataError naming the row", () => {
    expect(failure(() => toFrame([{ a: 1 }, null]))).toMatchObject({ code: "INVALID_DATA", row: 1 });
    expect(failure(() => toFrame([{ a: 1 }, [1]]))).toMatchObject({ code: "INVALID_DATA", row: 1 });
  });

  it("columns of different lengths: InvalidDataError naming the column", () => {
    const error = failure(() => toFrame({ a: [1, 2], b: [1] }));
    expect(error).toMatchObject({ code: "INVALID_DATA", column: "b" });
  });

  it.each([
    ["close and Close", { close: [1], Close: [2] }],
    ["a and A in rows", [{ a: 1 }, { A: 2 }]],
    ["TIMESTAMP beside timestamp", { timestamp: [D1], TIMESTAMP: [D1] }],
  ])("duplicate column names (%s): InvalidDataError", (_kind, data) => {
    expect(failure(() => toFrame(data))).toBeInstanceOf(InvalidDataError);
  });

  it("a danfo-shaped frame with a repeated name: InvalidDataError", () => {
    const frame = { columns: ["a", "b", "a"], shape: [1, 3], column: () => ({ values: [1] }) };
    const error = failure(() => toFrame(frame));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toContain("'a'");
  });

  it("a column mixing types: InvalidDataError naming column and row", () => {
    const error = failure(() => toFrame({ ok: [1, 2, 3], px: [1, 2, "3"] }, { symbol: "AAPL" }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error).toMatchObject({ column: "px", row: 2, symbol: "AAPL" });
    expect((error as Error).message).toMatch(/px/);
    expect((error as Error).message).toMatch(/row 2/);
  });

  it.each([
    ["an object", [{}]],
    ["a nested array", [[1]]],
    ["a function", [() => 0]],
    ["a symbol", [Symbol("s")]],
    ["a bigint past 64 bits", [2n ** 63n]],
    ["a bigint below -2^63", [-(2n ** 63n) - 1n]],
    ["a BigUint64Array value past 2^63", BigUint64Array.from([2n ** 63n])],
  ])("a value that has no column type (%s): InvalidDataError", (_kind, values) => {
    expect(failure(() => toFrame({ x: values }))).toMatchObject({ code: "INVALID_DATA", column: "x", row: 0 });
  });

  it.each([
    ["null", [D1, null]],
    ["NaN", [D1, NaN]],
    ["Infinity", Float64Array.from([D1, Infinity])],
    ["an invalid Date", [new Date(D1), new Date("x")]],
    ["a non-ISO string", ["2024-01-01", "2024/01/02"]],
    ["a bigint", BigInt64Array.from([1n, 2n])],
    ["a boolean", [true, false]],
  ])("an index holding %s: InvalidDataError at row 1 or 0", (_kind, values) => {
    const error = failure(() => toFrame({ timestamp: values }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).column).toBe("timestamp");
  });
});
