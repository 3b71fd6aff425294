/**
 * toDanfo and danfo DataFrames in the store, with danfojs 1.2.0 itself and a real (in-memory) store:
 * timestamps come out as Dates, every column kind keeps its type and values, and a DataFrame written and
 * read back equals the original, both ways round.
 */
// danfojs declares its types only under package.json "exports", which the project's (and tslab's) node10
// module resolution does not read: the types come from their file, the module from require.
import type * as Danfo from "danfojs/dist/danfojs-browser/src/index";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic, InvalidDataError, Library, TimestampArray, toDanfo, toTable } from "../../lib";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dfd: typeof Danfo = require("danfojs");

let ac: Arctic;
let lib: Library;
beforeAll(async () => {
  ac = await Arctic.open("mem://");
  lib = await ac.getLibrary("danfo", { createIfMissing: true });
}, 60_000);
afterAll(() => ac.close());

const T0 = Date.UTC(2024, 0, 2, 9, 30);
const times = [T0, T0 + 60_000, T0 + 120_000, T0 + 180_000];

/** A danfo frame of every column kind, with missing values in each but the index. */
function everyKind(): Danfo.DataFrame {
  return new dfd.DataFrame(
    {
      timestamp: times.map((t) => new Date(t)),
      close: [101.25, NaN, null, 0.1],
      volume: [100, null, 2 ** 40, -3],
      halted: [false, null, true, false],
      venue: ["XNAS", null, "", "ARCX"],
      settled: [new Date(T0 + 86_400_000), null, new Date(0), new Date(-1)],
    },
    { dtypes: ["datetime", "float32", "int32", "boolean", "string", "datetime"] },
  );
}

/** A danfo frame as plain data: columns, dtypes and values (NaN, null and Dates compared exactly). */
function contents(df: Danfo.DataFrame) {
  return { columns: df.columns, dtypes: df.dtypes, values: df.columns.map((c: string) => Array.from(df.column(c).values as ArrayLike<unknown>)) };
}

describe("toDanfo", () => {
  it("turns a read's timestamps into Dates and keeps every column's type", async () => {
    await lib.write("BARS", { timestamp: times.map((t) => new Date(t)), close: Float64Array.of(1, 2, 3, 4.5), volume: BigInt64Array.of(1n, 2n, 3n, 4n), venue: ["a", "b", null, "d"] });
    const df = toDanfo<Danfo.DataFrame>((await lib.read("BARS")).data);
    expect(df.dtypes).toEqual(["datetime", "float32", "int32", "string"]);
    const ts = df.column("timestamp").values as unknown[];
    expect(ts.every((v) => v instanceof Date)).toBe(true);
    expect(ts.map((d) => (d as Date).getTime())).toEqual(times);
    expect(df.column("close").values).toEqual([1, 2, 3, 4.5]);
    expect(df.column("volume").values).toEqual([1, 2, 3, 4]);
    expect(df.column("venue").values).toEqual(["a", "b", null, "d"]);
  });

  it("a float column of whole numbers stays float (danfo alone would call it int32)", () => {
    const df = toDanfo<Danfo.DataFrame>(toTable([["x", Float64Array.of(1, 2)]]));
    expect(df.dtypes).toEqual(["float32"]);
  });

  it("a TimestampArray outside the store is a datetime column too", () => {
    const df = toDanfo<Danfo.DataFrame>(toTable([["t", TimestampArray.from([T0])]]));
    expect(df.dtypes).toEqual(["datetime"]);
    expect((df.column("t").values as unknown[])[0]).toEqual(new Date(T0));
  });

  it("an int past 2^53, which danfo cannot hold, is an InvalidDataError naming column and row", () => {
    const error = (() => {
      try {
        toDanfo(toTable([["n", BigInt64Array.of(1n, 2n ** 60n)]]));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error).toMatchObject({ column: "n", row: 1 });
  });
});

describe("round trips", () => {
  it("a danfo DataFrame written to the store and read back with toDanfo equals the original, every column kind", async () => {
    const original = everyKind();
    await lib.write("DF", original);
    const item = await lib.read("DF");
    expect((await lib.getDescription("DF")).columns.map((c) => [c.name, c.type])).toEqual([
      ["timestamp", "timestamp"],
      ["close", "float"],
      ["volume", "int"],
      ["halted", "bool"],
      ["venue", "string"],
      ["settled", "timestamp"],
    ]);
    expect(contents(toDanfo<Danfo.DataFrame>(item.data))).toEqual(contents(original));
  });

  it("a Table read from the store, through danfo and written again, reads back equal (same types, values, nulls)", async () => {
    await lib.write("DF", everyKind());
    const first = (await lib.read("DF")).data;
    await lib.write("AGAIN", toDanfo<Danfo.DataFrame>(first));
    const second = (await lib.read("AGAIN")).data;
    expect(second.columnNames()).toEqual(first.columnNames());
    for (const name of first.columnNames()) {
      expect(Array.from(second.array(name) as ArrayLike<unknown>), name).toEqual(Array.from(first.array(name) as ArrayLike<unknown>));
      expect(second.column(name)?.constructor, name).toBe(first.column(name)?.constructor);
    }
    expect((await lib.getDescription("AGAIN")).columns).toEqual((await lib.getDescription("DF")).columns);
  });

  it("a non-integer in an int32 danfo column is refused with its column and row", async () => {
    const df = new dfd.DataFrame({ n: [1, 2.5] }, { dtypes: ["int32"] });
    await expect(lib.write("BAD", df)).rejects.toMatchObject({ code: "INVALID_DATA", column: "n", row: 1 });
  });
});
