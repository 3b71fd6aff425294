import { beforeEach, describe, expect, it } from "vitest";
import { Table } from "../frame";
import { InvalidDataError, Library, NoSuchVersionError, SchemaError, SnapshotNotFoundError, SymbolNotFoundError } from "./index";
import { bars, columns, day, days, sleep, useMemoryLibrary } from "./testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

describe("write and read", () => {
  it("write returns the new version without data; read returns it with data", async () => {
    const written = await lib.write("AAPL", bars([1, 2, 3]), { metadata: { source: "unit" } });
    expect(written).toMatchObject({ library: "lib", symbol: "AAPL", version: 0, metadata: { source: "unit" }, data: undefined });
    expect(written.timestamp).toBeInstanceOf(Date);
    const item = await lib.read("AAPL");
    expect(item).toMatchObject({ library: "lib", symbol: "AAPL", version: 0, metadata: { source: "unit" } });
    expect(item.timestamp.getTime()).toBe(written.timestamp.getTime());
    expect(columns(item.data)).toEqual({ timestamp: [day(1), day(2), day(3)], close: [10, 20, 30] });
  });

  it("numbers versions from 0 per symbol: write, append, update, writeMetadata and deleteDataInRange each make one", async () => {
    expect((await lib.write("A", bars([1, 2, 3]))).version).toBe(0);
    expect((await lib.write("B", bars([1]))).version, "versions count per symbol").toBe(0);
    expect((await lib.append("A", bars([4]))).version).toBe(1);
    expect((await lib.update("A", bars([2], [99]))).version).toBe(2);
    expect((await lib.writeMetadata("A", { note: 1 })).version).toBe(3);
    expect((await lib.deleteDataInRange("A", [day(1), day(1)])).version).toBe(4);
    expect((await lib.write("A", bars([7]))).version).toBe(5);
    expect((await lib.listVersions("A")).map((v) => v.version)).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it("a write replaces all data and may change the schema; earlier versions keep theirs", async () => {
    await lib.write("A", bars([1, 2, 3]));
    await lib.write("A", { timestamp: [new Date(day(5))], open: [1], label: ["x"] });
    expect(columns((await lib.read("A")).data)).toEqual({ timestamp: [day(5)], open: [1], label: ["x"] });
    expect(columns((await lib.read("A", { asOf: 0 })).data)).toEqual({ timestamp: [day(1), day(2), day(3)], close: [10, 20, 30] });
  });

  it("reads a row-indexed symbol (no timestamp column) in written order", async () => {
    await lib.write("rows", { b: [3, 1, 2], a: ["z", "x", "y"] });
    const item = await lib.read("rows");
    expect(item.data.columnNames(), "column order is kept for row-indexed data").toEqual(["b", "a"]);
    expect(columns(item.data)).toEqual({ b: [3, 1, 2], a: ["z", "x", "y"] });
  });

  it("moves the timestamp index first whatever its position in the input", async () => {
    await lib.write("A", { close: [1, 2], timestamp: [new Date(day(1)), new Date(day(2))] });
    expect((await lib.read("A")).data.columnNames()).toEqual(["timestamp", "close"]);
  });
});

describe("asOf", () => {
  beforeEach(async () => {
    // Versions a few milliseconds apart, so each has its own millisecond timestamp.
    await lib.write("A", bars([1]));
    await sleep(3);
    await lib.append("A", bars([2]));
    await sleep(3);
    await lib.append("A", bars([3]));
  });
  const rowsAt = async (asOf: number | string | Date) => (await lib.read("A", { asOf })).data.numRows();

  it("takes a version number", async () => {
    expect(await rowsAt(0)).toBe(1);
    expect(await rowsAt(1)).toBe(2);
    expect(await rowsAt(2)).toBe(3);
    expect((await lib.read("A", { asOf: 1 })).version).toBe(1);
  });

  it("takes a negative number counting back from the latest", async () => {
    expect((await lib.read("A", { asOf: -1 })).version).toBe(2);
    expect((await lib.read("A", { asOf: -2 })).version).toBe(1);
    expect((await lib.read("A", { asOf: -3 })).version).toBe(0);
    await expect(lib.read("A", { asOf: -4 })).rejects.toBeInstanceOf(NoSuchVersionError);
  });

  it("negative numbers count over versions that are not deleted", async () => {
    await lib.delete("A", { versions: [1] });
    expect((await lib.read("A", { asOf: -2 })).version, "-2 skips the deleted version 1").toBe(0);
  });

  it("a version number past the latest throws NoSuchVersionError naming symbol and version", async () => {
    const error = await lib.read("A", { asOf: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchVersionError);
    expect(error).toMatchObject({ code: "NO_SUCH_VERSION", library: "lib", symbol: "A", version: 7 });
    expect((error as Error).message).toContain("7");
    expect((error as Error).message).toContain("'A'");
  });

  it("a non-integer version number throws InvalidDataError", async () => {
    await expect(lib.read("A", { asOf: 1.5 })).rejects.toBeInstanceOf(InvalidDataError);
  });

  it("takes a snapshot name", async () => {
    await lib.snapshot("two");
    await lib.append("A", bars([4]));
    const item = await lib.read("A", { asOf: "two" });
    expect(item.version).toBe(2);
    expect(item.data.numRows()).toBe(3);
    const error = await lib.read("A", { asOf: "nope" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotNotFoundError);
    expect(error).toMatchObject({ snapshot: "nope" });
    expect((error as Error).message).toContain("nope");
  });

  it("takes a Date: the latest version created at or before it", async () => {
    const versions = await lib.listVersions("A");
    const [v2, v1, v0] = versions;
    expect((await lib.read("A", { asOf: v0.date })).version, "a Date equal to a version's time selects it").toBe(0);
    expect((await lib.read("A", { asOf: v1.date })).version).toBe(1);
    expect((await lib.read("A", { asOf: new Date(v2.date.getTime() + 60_000) })).version).toBe(2);
    const error = await lib.read("A", { asOf: new Date(v0.date.getTime() - 60_000) }).catch((e: unknown) => e);
    expect(error, "nothing existed before version 0").toBeInstanceOf(NoSuchVersionError);
  });

  it("a Date between two versions selects the earlier one", async () => {
    await sleep(15);
    const between = new Date();
    await sleep(15);
    await lib.append("A", bars([4]));
    const item = await lib.read("A", { asOf: between });
    expect(item.version).toBe(2);
    expect(item.data.numRows()).toBe(3);
  });
});

describe("dateRange", () => {
  beforeEach(async () => {
    await lib.write("A", bars(days(1, 10)));
  });
  const stamps = async (range: [unknown, unknown]) =>
    Array.from((await lib.read("A", { dateRange: range as never })).data.array("timestamp") as Float64Array);

  it("is inclusive at both ends", async () => {
    expect(await stamps([day(3), day(5)])).toEqual([day(3), day(4), day(5)]);
  });

  it("accepts Dates, epoch milliseconds and ISO strings", async () => {
    expect(await stamps([new Date(day(3)), new Date(day(4))])).toEqual([day(3), day(4)]);
    expect(await stamps(["2024-01-03", "2024-01-04T00:00:00Z"])).toEqual([day(3), day(4)]);
    expect(await stamps(["2024-01-03T12:00:00", "2024-01-05T00:00:00.000001Z"]), "bounds between rows").toEqual([day(4), day(5)]);
  });

  it("is open-ended with null or undefined either side", async () => {
    expect(await stamps([null, day(2)])).toEqual([day(1), day(2)]);
    expect(await stamps([day(9), null])).toEqual([day(9), day(10)]);
    expect(await stamps([undefined, day(1)])).toEqual([day(1)]);
    expect((await stamps([null, null])).length).toBe(10);
  });

  it("returns an empty table with the columns when no row is in range", async () => {
    const item = await lib.read("A", { dateRange: [day(20), day(30)] });
    expect(item.data.numRows()).toBe(0);
    expect(item.data.columnNames()).toEqual(["timestamp", "close"]);
  });

  it("combines with asOf, columns and rowRange (rowRange applies after dateRange)", async () => {
    await lib.append("A", bars([11, 12]));
    const old = await lib.read("A", { asOf: 0, dateRange: [day(9), null] });
    expect(columns(old.data).timestamp).toEqual([day(9), day(10)]);
    const item = await lib.read("A", { dateRange: [day(5), day(11)], rowRange: [1, -1], columns: ["close"] });
    expect(columns(item.data)).toEqual({ timestamp: [day(6), day(7), day(8), day(9), day(10)], close: [60, 70, 80, 90, 100] });
  });

  it("on a row-indexed symbol throws SchemaError", async () => {
    await lib.write("rows", { x: [1, 2] });
    await expect(lib.read("rows", { dateRange: [day(1), day(2)] })).rejects.toBeInstanceOf(SchemaError);
  });

  it("with a bound that is not a time throws InvalidDataError", async () => {
    await expect(lib.read("A", { dateRange: ["yesterday", null] })).rejects.toBeInstanceOf(InvalidDataError);
  });
});

describe("rowRange, columns, head and tail", () => {
  beforeEach(async () => {
    await lib.write("A", { timestamp: days(1, 6).map((d) => new Date(day(d))), close: days(1, 6), open: days(1, 6).map((d) => -d) });
  });
  const closes = (t: Table) => Array.from(t.array("close") as ArrayLike<number>);

  it("rowRange selects rows [start, end)", async () => {
    expect(closes((await lib.read("A", { rowRange: [1, 3] })).data)).toEqual([2, 3]);
    expect(closes((await lib.read("A", { rowRange: [0, 100] })).data), "an end past the last row clamps").toEqual([1, 2, 3, 4, 5, 6]);
    expect(closes((await lib.read("A", { rowRange: [4, 2] })).data)).toEqual([]);
  });

  it("rowRange takes negative numbers counting from the end, and open ends", async () => {
    expect(closes((await lib.read("A", { rowRange: [-2, null] })).data)).toEqual([5, 6]);
    expect(closes((await lib.read("A", { rowRange: [null, -4] })).data)).toEqual([1, 2]);
    expect(closes((await lib.read("A", { rowRange: [-3, -1] })).data)).toEqual([4, 5]);
    expect(closes((await lib.read("A", { rowRange: [-100, 2] })).data)).toEqual([1, 2]);
  });

  it("columns selects a subset in the order asked, with the index first", async () => {
    expect((await lib.read("A", { columns: ["close"] })).data.columnNames()).toEqual(["timestamp", "close"]);
    expect((await lib.read("A", { columns: ["open", "close"] })).data.columnNames()).toEqual(["timestamp", "open", "close"]);
    expect((await lib.read("A", { columns: ["open", "timestamp"] })).data.columnNames()).toEqual(["timestamp", "open"]);
    expect(columns((await lib.read("A", { columns: ["open"], rowRange: [0, 2] })).data)).toEqual({
      timestamp: [day(1), day(2)],
      open: [-1, -2],
    });
  });

  it("columns naming a missing column throws SchemaError naming it", async () => {
    const error = await lib.read("A", { columns: ["close", "volume"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error).toMatchObject({ column: "volume", symbol: "A" });
    expect((error as Error).message).toContain("volume");
  });

  it("columns on a row-indexed symbol gives just those columns", async () => {
    await lib.write("rows", { a: [1], b: [2], c: [3] });
    expect((await lib.read("rows", { columns: ["c", "a"] })).data.columnNames()).toEqual(["c", "a"]);
  });

  it("head gives the first n rows (default 5); a negative n all but the last |n|", async () => {
    expect(closes((await lib.head("A")).data)).toEqual([1, 2, 3, 4, 5]);
    expect(closes((await lib.head("A", 2)).data)).toEqual([1, 2]);
    expect(closes((await lib.head("A", -2)).data)).toEqual([1, 2, 3, 4]);
    expect(closes((await lib.head("A", 0)).data)).toEqual([]);
    expect(closes((await lib.head("A", 100)).data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("tail gives the last n rows (default 5); a negative n all but the first |n|", async () => {
    expect(closes((await lib.tail("A")).data)).toEqual([2, 3, 4, 5, 6]);
    expect(closes((await lib.tail("A", 2)).data)).toEqual([5, 6]);
    expect(closes((await lib.tail("A", -2)).data)).toEqual([3, 4, 5, 6]);
    expect(closes((await lib.tail("A", 0)).data)).toEqual([]);
    expect(closes((await lib.tail("A", 100)).data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("head and tail take asOf and columns", async () => {
    await lib.append("A", { timestamp: [new Date(day(7))], close: [7], open: [-7] });
    const head = await lib.head("A", 1, { asOf: 0, columns: ["open"] });
    expect(head.version).toBe(0);
    expect(columns(head.data)).toEqual({ timestamp: [day(1)], open: [-1] });
    expect(closes((await lib.tail("A", 1, { asOf: 0 })).data)).toEqual([6]);
    expect(closes((await lib.tail("A", 1)).data)).toEqual([7]);
  });

  it("reads across appended segments and after an update in index order", async () => {
    await lib.append("A", { timestamp: [new Date(day(7)), new Date(day(8))], close: [7, 8], open: [-7, -8] });
    await lib.update("A", { timestamp: [new Date(day(3))], close: [33], open: [-33] });
    expect(closes((await lib.read("A")).data)).toEqual([1, 2, 33, 4, 5, 6, 7, 8]);
    expect(closes((await lib.read("A", { rowRange: [1, 4] })).data)).toEqual([2, 33, 4]);
    expect(closes((await lib.tail("A", 3)).data)).toEqual([6, 7, 8]);
    expect(closes((await lib.read("A", { dateRange: [day(3), day(7)], rowRange: [-2, null] })).data)).toEqual([6, 7]);
  });
});

describe("readMetadata and writeMetadata", () => {
  it("readMetadata returns a version's metadata and no data", async () => {
    await lib.write("A", bars([1]), { metadata: { source: "csv", fields: ["close"], nested: { n: 1, ok: true, none: null } } });
    const item = await lib.readMetadata("A");
    expect(item).toMatchObject({ symbol: "A", version: 0, library: "lib" });
    expect(item.metadata).toEqual({ source: "csv", fields: ["close"], nested: { n: 1, ok: true, none: null } });
    expect(item.data).toBeUndefined();
  });

  it("a version without metadata reads it as undefined", async () => {
    await lib.write("A", bars([1]));
    expect((await lib.readMetadata("A")).metadata).toBeUndefined();
  });

  it("writeMetadata makes a new version with the same data; the old one keeps its metadata", async () => {
    await lib.write("A", bars([1, 2]), { metadata: { v: 0 } });
    const item = await lib.writeMetadata("A", { v: 1 });
    expect(item.version).toBe(1);
    expect(item.metadata).toEqual({ v: 1 });
    expect((await lib.readMetadata("A")).metadata).toEqual({ v: 1 });
    expect((await lib.readMetadata("A", { asOf: 0 })).metadata).toEqual({ v: 0 });
    expect(columns((await lib.read("A")).data)).toEqual(columns((await lib.read("A", { asOf: 0 })).data));
  });

  it("writeMetadata on a missing symbol throws SymbolNotFoundError", async () => {
    await expect(lib.writeMetadata("missing", { a: 1 })).rejects.toBeInstanceOf(SymbolNotFoundError);
    expect(await lib.listSymbols()).toEqual([]);
  });

  it("append's metadata belongs to the new version and is not merged", async () => {
    await lib.write("A", bars([1]), { metadata: { a: 1 } });
    await lib.append("A", bars([2]), { metadata: { b: 2 } });
    expect((await lib.readMetadata("A")).metadata).toEqual({ b: 2 });
    await lib.append("A", bars([3]));
    expect((await lib.readMetadata("A")).metadata, "an append without metadata stores none").toBeUndefined();
  });

  it("keeps metadata values exactly: strings with quotes, unicode, numbers, arrays", async () => {
    const metadata = { q: `it's "x"; --`, u: "日本 📈", n: -1.25e-7, big: 2 ** 52, arr: [1, "a", null, [true]] };
    await lib.write("A", bars([1]), { metadata });
    expect((await lib.read("A")).metadata).toEqual(metadata);
  });

  it("a missing symbol throws SymbolNotFoundError naming it", async () => {
    const error = await lib.readMetadata("ghost").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SymbolNotFoundError);
    expect(error).toMatchObject({ symbol: "ghost", library: "lib" });
    expect((error as Error).message).toContain("ghost");
  });
});
