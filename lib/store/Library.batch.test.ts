import { describe, expect, it } from "vitest";
import { Table } from "../frame";
import { DataError, Library, ReadResult, StoreError, VersionedItem, isDataError } from "./index";
import { bars, day, useMemoryLibrary } from "./testing";

const closes = (t: Table) => Array.from(t.array("close") as ArrayLike<number>);

function expectDataError(slot: unknown, symbol: string, code: string): void {
  expect(isDataError(slot), `slot for ${symbol} should be a DataError`).toBe(true);
  const error = slot as DataError;
  expect(error).toBeInstanceOf(DataError);
  expect(error.symbol).toBe(symbol);
  expect(error.code).toBe(code);
  expect(error.error).toBeInstanceOf(StoreError);
  expect(error.error.code).toBe(code);
  expect(error.message).toBe(error.error.message);
}

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

describe("writeBatch", () => {
  it("writes the good items and returns a DataError in each bad item's slot", async () => {
    const result = await lib.writeBatch([
      { symbol: "A", data: bars([1, 2]), metadata: { n: "a" } },
      { symbol: "MIXED", data: { timestamp: [new Date(day(1))], close: ["x"], x: [1, "y"] } },
      { symbol: "bad\nname", data: bars([1]) },
      { symbol: "UNSORTED", data: bars([2, 1]) },
      { symbol: "B", data: bars([3]) },
    ]);
    expect(result).toHaveLength(5);
    expect((result[0] as VersionedItem).version).toBe(0);
    expect((result[0] as VersionedItem).metadata).toEqual({ n: "a" });
    expectDataError(result[1], "MIXED", "INVALID_DATA");
    expectDataError(result[2], "bad\nname", "INVALID_NAME");
    expectDataError(result[3], "UNSORTED", "UNSORTED_DATA");
    expect((result[4] as VersionedItem).symbol).toBe("B");
    expect(await lib.listSymbols()).toEqual(["A", "B"]);
    expect((await lib.readMetadata("A")).metadata).toEqual({ n: "a" });
  });

  it("applies prunePreviousVersions to every item", async () => {
    await lib.write("A", bars([1]));
    await lib.writeBatch([{ symbol: "A", data: bars([2]) }], { prunePreviousVersions: true });
    expect((await lib.listVersions("A")).map((v) => v.version)).toEqual([1]);
  });
});

describe("appendBatch", () => {
  it("appends the good items; an item before the stored end gets UNSORTED_DATA", async () => {
    await lib.write("A", bars([1, 2]));
    await lib.write("B", bars([1, 2]));
    const result = await lib.appendBatch([
      { symbol: "A", data: bars([3]) },
      { symbol: "B", data: bars([1]) },
      { symbol: "C", data: bars([5]) },
      { symbol: "A", data: { timestamp: [new Date(day(4))], close: [1], extra: [1] } },
    ]);
    expect((result[0] as VersionedItem).version).toBe(1);
    expectDataError(result[1], "B", "UNSORTED_DATA");
    expect((result[2] as VersionedItem).version).toBe(0);
    expectDataError(result[3], "A", "SCHEMA_ERROR");
    expect(closes((await lib.read("A")).data)).toEqual([10, 20, 30]);
    expect((await lib.listVersions("B")).length).toBe(1);
    expect(await lib.listSymbols()).toEqual(["A", "B", "C"]);
  });
});

describe("updateBatch", () => {
  it("updates the good items; a missing symbol without upsert gets SYMBOL_NOT_FOUND", async () => {
    await lib.write("A", bars([1, 2, 3]));
    const result = await lib.updateBatch([
      { symbol: "A", data: bars([2], [200]) },
      { symbol: "MISSING", data: bars([1]) },
      { symbol: "A", data: bars([3], [300]), dateRange: [day(3), null] },
    ]);
    expect((result[0] as VersionedItem).version).toBe(1);
    expectDataError(result[1], "MISSING", "SYMBOL_NOT_FOUND");
    expect((result[2] as VersionedItem).version).toBe(2);
    expect(closes((await lib.read("A")).data)).toEqual([10, 200, 300]);
    expect(await lib.hasSymbol("MISSING")).toBe(false);
  });

  it("with upsert writes missing symbols", async () => {
    const result = await lib.updateBatch([{ symbol: "NEW", data: bars([1]) }], { upsert: true });
    expect((result[0] as VersionedItem).version).toBe(0);
    expect(await lib.listSymbols()).toEqual(["NEW"]);
  });
});

describe("a check in a batch", () => {
  /** Refuses data whose first close is above 100: a plain Error, as a user's check would throw. */
  const check = (frame: { columns: { name: string; values: ArrayLike<unknown> }[] }) => {
    const close = frame.columns.find((c) => c.name === "close")!.values[0] as number;
    if (close > 100) throw new Error(`close ${close} is above 100`);
  };

  it.each(["writeBatch", "appendBatch", "updateBatch"] as const)(
    "%s: an error the check throws refuses that item only, as INVALID_DATA with the error as cause",
    async (method) => {
      if (method === "updateBatch") await lib.writeBatch([{ symbol: "A", data: bars([1]) }, { symbol: "B", data: bars([1]) }, { symbol: "C", data: bars([1]) }]);
      const items = [
        { symbol: "A", data: bars([2]) },
        { symbol: "B", data: bars([2], [200]) },
        { symbol: "C", data: bars([2]) },
      ];
      const result =
        method === "updateBatch" ? await lib.updateBatch(items, { check }) : await lib[method](items, { check });
      expect((result[0] as VersionedItem).symbol).toBe("A");
      expect((result[2] as VersionedItem).symbol).toBe("C");
      expectDataError(result[1], "B", "INVALID_DATA");
      const error = (result[1] as DataError).error;
      expect(error.message).toBe("the check refused the data for 'B': close 200 is above 100");
      expect((error.cause as Error).message).toBe("close 200 is above 100");
      const versionsOfB = (await lib.listVersions("B")).length;
      expect(versionsOfB, "nothing stored for B").toBe(method === "updateBatch" ? 1 : 0);
    },
  );

  it("a single call still gets the check's own error", async () => {
    await expect(lib.write("B", bars([2], [200]), { check })).rejects.toThrow(/^close 200 is above 100$/);
  });
});

describe("readBatch", () => {
  it("reads names and requests with options; missing ones get a DataError", async () => {
    await lib.write("A", bars([1, 2]));
    await lib.append("A", bars([3]));
    await lib.write("B", bars([1]));
    const result = await lib.readBatch([
      "A",
      { symbol: "A", asOf: 0 },
      { symbol: "A", asOf: 9 },
      "nope",
      { symbol: "B", columns: ["close"], rowRange: [0, 1] },
      { symbol: "A", asOf: "no-snapshot" },
    ]);
    expect(closes((result[0] as ReadResult).data)).toEqual([10, 20, 30]);
    expect((result[1] as ReadResult).version).toBe(0);
    expect(closes((result[1] as ReadResult).data)).toEqual([10, 20]);
    expectDataError(result[2], "A", "NO_SUCH_VERSION");
    expectDataError(result[3], "nope", "SYMBOL_NOT_FOUND");
    expect((result[4] as ReadResult).data.columnNames()).toEqual(["timestamp", "close"]);
    expectDataError(result[5], "A", "SNAPSHOT_NOT_FOUND");
  });
});

describe("deleteBatch", () => {
  it("deletes symbols and versions; a bad version gets NO_SUCH_VERSION and the rest still happen", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await lib.write("B", bars([1]));
    await lib.write("C", bars([1]));
    const result = await lib.deleteBatch(["B", { symbol: "A", versions: [0] }, { symbol: "C", versions: [4] }, "never"]);
    expect(result[0]).toBeUndefined();
    expect(result[1]).toBeUndefined();
    expectDataError(result[2], "C", "NO_SUCH_VERSION");
    expect(result[3], "deleting a missing symbol is a no-op").toBeUndefined();
    expect(await lib.listSymbols()).toEqual(["A", "C"]);
    expect((await lib.listVersions("A")).map((v) => v.version)).toEqual([1]);
  });
});
