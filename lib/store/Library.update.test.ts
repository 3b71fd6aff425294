import { beforeEach, describe, expect, it } from "vitest";
import {
  Arctic,
  InvalidDataError,
  Library,
  SchemaError,
  SymbolNotFoundError,
  UnsortedDataError,
} from "./index";
import { bars, columns, day, days, useMemoryLibrary } from "./testing";

/** The days (of January 2024) and closes of a version. */
async function series(lib: Library, symbol: string, asOf?: number): Promise<[number, number][]> {
  const t = (await lib.read(symbol, { asOf })).data;
  const ts = t.array("timestamp") as ArrayLike<number>;
  const close = t.array("close") as ArrayLike<number>;
  return Array.from(ts, (v, i) => [new Date(v).getUTCDate(), close[i]]);
}

let ac: Arctic;
let lib: Library;
useMemoryLibrary((store) => ({ ac, lib } = store));

describe("update", () => {
  beforeEach(async () => {
    await lib.write("A", bars(days(1, 10)));
  });

  it("replaces exactly [first, last] of the new data; rows outside are kept", async () => {
    const item = await lib.update("A", bars([3, 5], [300, 500]));
    expect(item.version).toBe(1);
    expect(await series(lib, "A")).toEqual([
      [1, 10],
      [2, 20],
      [3, 300],
      [5, 500],
      [6, 60],
      [7, 70],
      [8, 80],
      [9, 90],
      [10, 100],
    ]);
    expect((await series(lib, "A", 0)).length, "the previous version is unchanged").toBe(10);
  });

  it("replaces exactly the dateRange when given, even beyond the new data", async () => {
    await lib.update("A", bars([4, 5], [400, 500]), { dateRange: [day(3), day(7)] });
    expect(await series(lib, "A")).toEqual([
      [1, 10],
      [2, 20],
      [4, 400],
      [5, 500],
      [8, 80],
      [9, 90],
      [10, 100],
    ]);
  });

  it("with an open-ended dateRange replaces to the end", async () => {
    await lib.update("A", bars([8], [800]), { dateRange: [day(7), null] });
    expect(await series(lib, "A")).toEqual([...days(1, 6).map((d) => [d, d * 10]), [8, 800]]);
  });

  it("with a dateRange and no rows deletes the range", async () => {
    await lib.update("A", { timestamp: [], close: [] }, { dateRange: [day(2), day(9)] });
    expect(await series(lib, "A")).toEqual([
      [1, 10],
      [10, 100],
    ]);
  });

  it("data outside the dateRange throws InvalidDataError", async () => {
    await expect(lib.update("A", bars([2, 8]), { dateRange: [day(3), day(7)] })).rejects.toBeInstanceOf(InvalidDataError);
    expect((await lib.listVersions("A")).length).toBe(1);
  });

  it("can extend the series past its end and before its start", async () => {
    await lib.update("A", bars([10, 11, 12], [1000, 1100, 1200]));
    await lib.update("A", { timestamp: [new Date(Date.UTC(2023, 11, 31))], close: [-1] });
    const t = (await lib.read("A")).data;
    expect(Array.from(t.array("close") as ArrayLike<number>)).toEqual([-1, ...days(1, 9).map((d) => d * 10), 1000, 1100, 1200]);
    const description = await lib.getDescription("A");
    expect(description.dateRange).toEqual([new Date(Date.UTC(2023, 11, 31)), new Date(day(12))]);
    expect(description.rowCount).toBe(13);
  });

  it("a repeated update over the same span replaces the previous update's rows", async () => {
    await lib.update("A", bars([4, 5], [400, 500]));
    await lib.update("A", bars([4, 5], [4000, 5000]));
    expect((await series(lib, "A")).slice(2, 6)).toEqual([
      [3, 30],
      [4, 4000],
      [5, 5000],
      [6, 60],
    ]);
    expect((await series(lib, "A", 1)).slice(3, 5)).toEqual([
      [4, 400],
      [5, 500],
    ]);
  });

  it("with no rows and no dateRange changes nothing", async () => {
    const item = await lib.update("A", { timestamp: [], close: [] });
    expect((await lib.read("A")).data.numRows()).toBe(10);
    expect(item.version).toBeLessThanOrEqual(1);
  });

  it("throws SymbolNotFoundError for a missing symbol without upsert; upsert writes it", async () => {
    const error = await lib.update("B", bars([1])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SymbolNotFoundError);
    expect(error).toMatchObject({ symbol: "B", library: "lib" });
    expect(await lib.hasSymbol("B")).toBe(false);
    const item = await lib.update("B", bars([1, 2]), { upsert: true });
    expect(item.version).toBe(0);
    expect(await series(lib, "B")).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });

  it("upsert on an existing symbol updates it", async () => {
    await lib.update("A", bars([2], [200]), { upsert: true });
    expect((await series(lib, "A")).slice(0, 3)).toEqual([
      [1, 10],
      [2, 200],
      [3, 30],
    ]);
  });

  it("unsorted new data throws UnsortedDataError", async () => {
    await expect(lib.update("A", bars([5, 3]))).rejects.toBeInstanceOf(UnsortedDataError);
    expect((await lib.listVersions("A")).length).toBe(1);
  });

  it("data without a timestamp index, or a row-indexed symbol, throws SchemaError", async () => {
    await expect(lib.update("A", { close: [1] })).rejects.toBeInstanceOf(SchemaError);
    await lib.write("rows", { close: [1, 2] });
    await expect(lib.update("rows", bars([1]))).rejects.toBeInstanceOf(SchemaError);
  });

  it("stores metadata on the new version", async () => {
    await lib.update("A", bars([2]), { metadata: { fix: "day 2" } });
    expect((await lib.readMetadata("A")).metadata).toEqual({ fix: "day 2" });
  });

  it("prunePreviousVersions leaves only the new version", async () => {
    await lib.update("A", bars([2]), { prunePreviousVersions: true });
    expect((await lib.listVersions("A")).map((v) => v.version)).toEqual([1]);
  });
});

describe("append", () => {
  beforeEach(async () => {
    await lib.write("A", bars([1, 2, 3]));
  });

  it("adds rows after the stored ones as a new version", async () => {
    const item = await lib.append("A", bars([4, 5]));
    expect(item.version).toBe(1);
    expect((await series(lib, "A")).map(([d]) => d)).toEqual([1, 2, 3, 4, 5]);
    expect((await series(lib, "A", 0)).map(([d]) => d)).toEqual([1, 2, 3]);
  });

  it("accepts a first new index equal to the stored last index", async () => {
    await lib.append("A", bars([3, 4], [31, 40]));
    expect(await series(lib, "A")).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
      [3, 31],
      [4, 40],
    ]);
  });

  it("rejects rows before the stored last index with UnsortedDataError (validateIndex defaults to true)", async () => {
    const error = await lib.append("A", bars([2, 5])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsortedDataError);
    expect(error).toMatchObject({ code: "UNSORTED_DATA", symbol: "A", library: "lib" });
    expect((await lib.listVersions("A")).length).toBe(1);
  });

  it("rejects unsorted new rows with UnsortedDataError", async () => {
    await expect(lib.append("A", bars([6, 5]))).rejects.toBeInstanceOf(UnsortedDataError);
    expect((await lib.listVersions("A")).length).toBe(1);
  });

  it("with validateIndex: false stores the rows; the symbol becomes UNSORTED and reads back in stored order", async () => {
    await lib.append("A", bars([9, 2, 7]), { validateIndex: false });
    expect((await series(lib, "A")).map(([d]) => d)).toEqual([1, 2, 3, 9, 2, 7]);
    const description = await lib.getDescription("A");
    expect(description.sorted).toBe("UNSORTED");
    expect(description.dateRange, "dateRange spans the smallest to the largest index").toEqual([new Date(day(1)), new Date(day(9))]);
    expect((await lib.getDescription("A", { asOf: 0 })).sorted).toBe("ASCENDING");
    const filtered = await lib.read("A", { dateRange: [day(2), day(7)] });
    expect(
      Array.from(filtered.data.array("timestamp") as ArrayLike<number>, (v) => new Date(v).getUTCDate()),
      "dateRange keeps rows in stored order",
    ).toEqual([2, 3, 2, 7]);
  });

  it("an unsorted symbol refuses update and deleteDataInRange with UnsortedDataError", async () => {
    await lib.append("A", bars([0]), { validateIndex: false });
    await expect(lib.update("A", bars([2]))).rejects.toBeInstanceOf(UnsortedDataError);
    await expect(lib.deleteDataInRange("A", [day(1), day(2)])).rejects.toBeInstanceOf(UnsortedDataError);
    expect((await lib.listVersions("A")).length).toBe(2);
  });

  it("appending to a missing symbol writes it as version 0", async () => {
    const item = await lib.append("B", bars([1]));
    expect(item.version).toBe(0);
    expect(await series(lib, "B")).toEqual([[1, 10]]);
  });

  it("appending zero rows makes no version and returns the latest", async () => {
    await lib.append("A", bars([4]));
    const item = await lib.append("A", { timestamp: [], close: [] });
    expect(item.version).toBe(1);
    expect((await lib.listVersions("A")).map((v) => v.version)).toEqual([1, 0]);
  });

  it("appends to a row-indexed symbol, and refuses an index mismatch with SchemaError", async () => {
    await lib.write("rows", { x: [1, 2] });
    await lib.append("rows", { x: [3] });
    expect(columns((await lib.read("rows")).data)).toEqual({ x: [1, 2, 3] });
    await expect(lib.append("rows", bars([9]))).rejects.toBeInstanceOf(SchemaError);
    await expect(lib.append("A", { close: [1] })).rejects.toBeInstanceOf(SchemaError);
  });

  it("many appends read back in order", async () => {
    for (let d = 4; d <= 30; d++) await lib.append("A", bars([d]));
    expect((await series(lib, "A")).map(([d]) => d)).toEqual(days(1, 30));
    expect((await lib.getDescription("A")).rowCount).toBe(30);
    expect((await series(lib, "A", 10)).map(([d]) => d)).toEqual(days(1, 13));
  });
});

describe("schema", () => {
  const row = (d: number, extra: Record<string, unknown[]> = {}) => ({ timestamp: [new Date(day(d))], close: [d], ...extra });

  beforeEach(async () => {
    await lib.write("A", { timestamp: [new Date(day(1))], close: [1.5], qty: new Int32Array([7]) });
  });

  it("static schema: append with a missing column throws SchemaError naming it", async () => {
    const error = await lib.append("A", row(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error).toMatchObject({ code: "SCHEMA_ERROR", symbol: "A", column: "qty" });
    expect((error as Error).message).toContain("qty");
  });

  it("static schema: append or update with an extra column throws SchemaError naming it", async () => {
    const error = await lib.append("A", row(2, { qty: [1], venue: ["X"] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as Error).message).toContain("venue");
    await expect(lib.update("A", row(1, { qty: [1], venue: ["X"] }))).rejects.toBeInstanceOf(SchemaError);
    expect((await lib.listVersions("A")).length).toBe(1);
  });

  it("static schema: a column of another type throws SchemaError", async () => {
    await expect(lib.append("A", { timestamp: [new Date(day(2))], close: ["1.5"], qty: [1] })).rejects.toBeInstanceOf(SchemaError);
    await expect(lib.append("A", { timestamp: [new Date(day(2))], close: [true], qty: [1] })).rejects.toBeInstanceOf(SchemaError);
    await expect(lib.append("A", { timestamp: [new Date(day(2))], close: [1], qty: [1.5] })).rejects.toBeInstanceOf(SchemaError);
    expect((await lib.listVersions("A")).length).toBe(1);
  });

  it("ints are accepted into float columns and whole floats into int columns", async () => {
    await lib.append("A", { timestamp: [new Date(day(2))], close: new Int32Array([2]), qty: [8] });
    await lib.append("A", { timestamp: [new Date(day(3))], close: [3n], qty: new Float64Array([9]) });
    const description = await lib.getDescription("A");
    expect(description.columns).toEqual([
      { name: "timestamp", type: "timestamp" },
      { name: "close", type: "float" },
      { name: "qty", type: "int" },
    ]);
    const t = (await lib.read("A")).data;
    expect(Array.from(t.array("close") as ArrayLike<number>)).toEqual([1.5, 2, 3]);
    expect(Array.from(t.array("qty") as ArrayLike<number>)).toEqual([7, 8, 9]);
  });

  it("dynamic schema: append adds columns (old rows null) and omitted columns read null", async () => {
    const dyn = await ac.createLibrary("dyn", { dynamicSchema: true });
    await dyn.write("A", { timestamp: [new Date(day(1)), new Date(day(2))], close: [1, 2] });
    await dyn.append("A", { timestamp: [new Date(day(3))], close: [3], venue: ["XNAS"] });
    await dyn.append("A", { timestamp: [new Date(day(4))], venue: ["ARCX"] });
    const t = (await dyn.read("A")).data;
    expect(t.columnNames()).toEqual(["timestamp", "close", "venue"]);
    expect(columns(t)).toEqual({
      timestamp: [day(1), day(2), day(3), day(4)],
      close: [1, 2, 3, null],
      venue: [null, null, "XNAS", "ARCX"],
    });
    expect((await dyn.read("A", { asOf: 0 })).data.columnNames(), "older versions keep their columns").toEqual(["timestamp", "close"]);
    expect((await dyn.getDescription("A")).columns.map((c) => c.type)).toEqual(["timestamp", "float", "string"]);
  });

  it("dynamic schema: update may add a column", async () => {
    const dyn = await ac.createLibrary("dyn", { dynamicSchema: true });
    await dyn.write("A", bars([1, 2, 3]));
    await dyn.update("A", { timestamp: [new Date(day(2))], close: [22], flag: [true] });
    expect(columns((await dyn.read("A")).data)).toEqual({
      timestamp: [day(1), day(2), day(3)],
      close: [10, 22, 30],
      flag: [null, true, null],
    });
  });

  it("dynamic schema still refuses a type change with SchemaError", async () => {
    const dyn = await ac.createLibrary("dyn", { dynamicSchema: true });
    await dyn.write("A", bars([1]));
    await expect(dyn.append("A", { timestamp: [new Date(day(2))], close: ["x"] })).rejects.toBeInstanceOf(SchemaError);
  });
});
