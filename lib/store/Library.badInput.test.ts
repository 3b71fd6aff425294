import { beforeEach, describe, expect, it } from "vitest";
import * as aq from "arquero";
import {
  Arctic,
  InvalidDataError,
  Library,
  LibraryNotFoundError,
  NoSuchVersionError,
  SchemaError,
  SnapshotNotFoundError,
  StoreError,
  SymbolNotFoundError,
  UnsortedDataError,
} from "./index";
import { bars, day, failure, storedState, useMemoryLibrary, writeVariedHistory } from "./testing";

let ac: Arctic;
let lib: Library;
let before: unknown;

useMemoryLibrary((store) => ({ ac, lib } = store));
beforeEach(async () => {
  await writeVariedHistory(lib);
  before = await storedState(lib);
});

/** Asserts that nothing stored before the failed call changed. */
async function expectUnchanged(): Promise<void> {
  expect(await storedState(lib), "a failed call must leave every earlier version as it was").toEqual(before);
}

describe("index problems", () => {
  it("append with an earlier index throws UnsortedDataError naming the symbol", async () => {
    const error = await failure(() => lib.append("AAPL", { ...bars([3]), venue: ["late"] }));
    expect(error).toBeInstanceOf(UnsortedDataError);
    expect(error).toMatchObject({ symbol: "AAPL", library: "lib", code: "UNSORTED_DATA" });
    expect((error as Error).message).toContain("AAPL");
    await expectUnchanged();
  });

  it("an unsorted index on write throws UnsortedDataError naming the row", async () => {
    const error = await failure(() => lib.write("AAPL", bars([1, 3, 2])));
    expect(error).toBeInstanceOf(UnsortedDataError);
    expect(error).toMatchObject({ symbol: "AAPL", row: 2 });
    expect((error as Error).message).toContain("row 2");
    await expect(lib.write("NEW", bars([2, 1]))).rejects.toBeInstanceOf(UnsortedDataError);
    await expectUnchanged();
  });

  it.each([
    ["a null", [new Date(day(1)), null]],
    ["an undefined", [new Date(day(1)), undefined]],
    ["a NaN", [day(1), NaN]],
    ["an Infinity", [day(1), Infinity]],
    ["an invalid Date", [new Date(day(1)), new Date("nope")]],
    ["a non-ISO string", ["2024-01-01", "tomorrow"]],
    ["a boolean", [true, false]],
    ["a bigint", [1n, 2n]],
  ])("an index with %s throws InvalidDataError naming the column and row", async (_kind, index) => {
    const error = await failure(() => lib.write("AAPL", { timestamp: index, close: [1, 2] }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).column).toBe("timestamp");
    expect((error as Error).message).toContain("timestamp");
    await expectUnchanged();
  });

  it.each([
    ["year 9999", "9999-12-31T00:00:00Z", "9999-12-31T00:00:00.000Z"],
    ["year 1600", "1600-01-01T00:00:00Z", "1600-01-01T00:00:00.000Z"],
    ["just past 64-bit nanoseconds", "2262-04-11T23:47:16.854776Z", "2262-04-11T23:47:16.854Z"],
    ["just before them", "1677-09-21T00:12:43.145224Z", "1677-09-21T00:12:43.146Z"],
  ])("an index time outside what 64-bit nanoseconds hold (%s) throws InvalidDataError naming the row, on write and append", async (_kind, time, shown) => {
    const iso = (d: number) => new Date(day(d)).toISOString();
    for (const call of [() => lib.write("AAPL", { timestamp: [iso(1), time], close: [1, 2] }), () => lib.append("AAPL", { timestamp: [iso(40), time], close: [1, 2] })]) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(InvalidDataError);
      expect(error).toMatchObject({ column: "timestamp", row: 1, symbol: "AAPL" });
      expect((error as Error).message).toContain(`row 1 of 'timestamp' is ${shown}`);
    }
    await expectUnchanged();
  });

  it("the edges of that range are kept", async () => {
    await lib.write("EDGES", { timestamp: ["1677-09-21T00:12:43.145226Z", "2262-04-11T23:47:16.854774Z"], close: [1, 2] });
    const read = (await lib.read("EDGES")).data.array("timestamp") as ArrayLike<number>;
    expect(Array.from(read, (ms) => Math.round(ms * 1000)), "epoch microseconds").toEqual([-9_223_372_036_854_774, 9_223_372_036_854_774]);
  });

  it("a NaN in a Float64Array index throws InvalidDataError", async () => {
    const error = await failure(() => lib.write("AAPL", { timestamp: Float64Array.from([day(1), NaN]), close: [1, 2] }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error).toMatchObject({ column: "timestamp", row: 1 });
    await expectUnchanged();
  });
});

describe("column problems", () => {
  it("a column mixing types throws InvalidDataError naming the column and row", async () => {
    const error = await failure(() => lib.write("AAPL", { timestamp: bars([1, 2, 3]).timestamp, close: [1, 2, "3"] }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error).toMatchObject({ column: "close", row: 2, symbol: "AAPL" });
    expect((error as Error).message).toContain("close");
    expect((error as Error).message).toContain("row 2");
    await expectUnchanged();
  });

  it.each([
    ["an object", [{ a: 1 }]],
    ["an array", [[1]]],
    ["a function", [() => 1]],
    ["a symbol", [Symbol("x")]],
    ["a number then a Date", [1, new Date()]],
    ["an int beyond 64 bits", [2n ** 64n]],
  ])("a column holding %s throws InvalidDataError", async (_kind, values) => {
    const error = await failure(() => lib.write("AAPL", { x: values }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).column).toBe("x");
    await expectUnchanged();
  });

  it.each([
    ["close and Close", { close: [1], Close: [2] }],
    ["rows with a and A", [{ a: 1, A: 2 }]],
  ])("duplicate column names (%s) throw InvalidDataError naming both", async (_kind, data) => {
    const error = await failure(() => lib.write("AAPL", data));
    expect(error).toBeInstanceOf(InvalidDataError);
    const message = (error as Error).message;
    const names = Object.keys(Array.isArray(data) ? data[0] : data);
    for (const name of names) expect(message).toContain(`'${name}'`);
    await expectUnchanged();
  });

  it("a danfo-shaped object with a repeated column name throws InvalidDataError", async () => {
    const frame = { columns: ["close", "close"], shape: [1, 2], column: () => ({ values: [1] }) };
    await expect(failure(() => lib.write("AAPL", frame))).resolves.toBeInstanceOf(InvalidDataError);
    await expectUnchanged();
  });

  it("columns of different lengths throw InvalidDataError", async () => {
    await expect(failure(() => lib.write("AAPL", { a: [1, 2], b: [1] }))).resolves.toBeInstanceOf(InvalidDataError);
    await expectUnchanged();
  });

  it("a column missing on append under static schema throws SchemaError", async () => {
    const error = await failure(() => lib.append("AAPL", bars([9])));
    expect(error).toBeInstanceOf(SchemaError);
    expect(error).toMatchObject({ column: "venue", symbol: "AAPL" });
    await expectUnchanged();
  });
});

describe("not a table", () => {
  it.each([
    ["a number", 42],
    ["a string", "timestamp,close\n1,2"],
    ["null", null],
    ["undefined", undefined],
    ["a Map", new Map([["x", [1]]])],
    ["a column that is not an array", { x: 5 }],
    ["a row that is not an object", [{ x: 1 }, 2]],
  ])("%s throws InvalidDataError", async (_kind, data) => {
    await expect(failure(() => lib.write("AAPL", data))).resolves.toBeInstanceOf(InvalidDataError);
    await expectUnchanged();
  });

  it.each([
    ["an empty object", {}],
    ["an empty array", []],
    ["an arquero table without columns", aq.table({})],
  ])("a frame with no columns (%s) throws InvalidDataError", async (_kind, data) => {
    const error = await failure(() => lib.write("AAPL", data));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toContain("no columns");
    await expect(failure(() => lib.append("AAPL", data))).resolves.toBeInstanceOf(InvalidDataError);
    await expectUnchanged();
  });

  it("zero rows with columns: a write makes a version, an append of zero rows makes none", async () => {
    const empty = await lib.write("EMPTY", { timestamp: [], close: [] });
    expect(empty.version).toBe(0);
    expect((await lib.read("EMPTY")).data.numRows()).toBe(0);
    const latest = (await lib.listVersions("AAPL"))[0].version;
    const appended = await lib.append("AAPL", { timestamp: [], close: [], venue: [] });
    expect(appended.version).toBe(latest);
    await lib.delete("EMPTY");
    await expectUnchanged();
  });
});

describe("missing things", () => {
  it("a missing library: LibraryNotFoundError naming it", async () => {
    const error = await failure(() => ac.getLibrary("nolib"));
    expect(error).toBeInstanceOf(LibraryNotFoundError);
    expect(error).toMatchObject({ library: "nolib" });
    expect((error as Error).message).toContain("nolib");
  });

  it.each([
    ["read", () => lib.read("GHOST")],
    ["head", () => lib.head("GHOST")],
    ["tail", () => lib.tail("GHOST")],
    ["readMetadata", () => lib.readMetadata("GHOST")],
    ["getDescription", () => lib.getDescription("GHOST")],
    ["writeMetadata", () => lib.writeMetadata("GHOST", {})],
    ["deleteDataInRange", () => lib.deleteDataInRange("GHOST", [null, null])],
    ["prunePreviousVersions", () => lib.prunePreviousVersions("GHOST")],
    ["update", () => lib.update("GHOST", bars([1]))],
    ["delete versions", () => lib.delete("GHOST", { versions: [0] })],
  ])("a missing symbol in %s: SymbolNotFoundError naming it", async (_call, call) => {
    const error = await failure(call);
    expect(error).toBeInstanceOf(SymbolNotFoundError);
    expect(error).toMatchObject({ symbol: "GHOST", library: "lib", code: "SYMBOL_NOT_FOUND" });
    expect((error as Error).message).toContain("GHOST");
    await expectUnchanged();
  });

  it("a deleted symbol is missing too", async () => {
    await lib.write("TMP", bars([1]));
    await lib.delete("TMP");
    await expect(failure(() => lib.read("TMP"))).resolves.toBeInstanceOf(SymbolNotFoundError);
  });

  it.each([
    ["a version past the latest", 99, "99"],
    ["a deleted version", 0, "0"],
    ["too far back", -9, "-9"],
  ])("%s: NoSuchVersionError naming symbol and version", async (_kind, asOf, text) => {
    const error = await failure(() => lib.read("AAPL", { asOf }));
    expect(error).toBeInstanceOf(NoSuchVersionError);
    expect((error as NoSuchVersionError).symbol).toBe("AAPL");
    expect((error as Error).message).toContain("AAPL");
    expect((error as Error).message).toContain(text);
    await expectUnchanged();
  });

  it("a version given as a positive number names it in the error field", async () => {
    await expect(failure(() => lib.read("AAPL", { asOf: 99 }))).resolves.toMatchObject({ version: 99 });
  });

  it.each([
    ["read", () => lib.read("AAPL", { asOf: "nosnap" })],
    ["deleteSnapshot", () => lib.deleteSnapshot("nosnap")],
    ["listSymbols", () => lib.listSymbols({ snapshot: "nosnap" })],
    ["listVersions", () => lib.listVersions(undefined, { snapshot: "nosnap" })],
    ["getDescription", () => lib.getDescription("AAPL", { asOf: "nosnap" })],
  ])("a missing snapshot in %s: SnapshotNotFoundError naming it", async (_call, call) => {
    const error = await failure(call);
    expect(error).toBeInstanceOf(SnapshotNotFoundError);
    expect(error).toMatchObject({ snapshot: "nosnap", code: "SNAPSHOT_NOT_FOUND" });
    expect((error as Error).message).toContain("nosnap");
    await expectUnchanged();
  });

  it("bad read options are InvalidDataError or SchemaError, never a raw error", async () => {
    for (const options of [{ asOf: 1.5 }, { asOf: new Date("x") }, { asOf: {} as never }, { dateRange: ["nope", null] as never }]) {
      const error = await failure(() => lib.read("AAPL", options));
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidDataError);
    }
    await expect(failure(() => lib.read("AAPL", { columns: ["nope"] }))).resolves.toBeInstanceOf(SchemaError);
    await expect(failure(() => lib.read("rows", { dateRange: [null, null] }))).resolves.toBeInstanceOf(StoreError);
    await expectUnchanged();
  });
});
