import { beforeEach, describe, expect, it } from "vitest";
import {
  Arctic,
  DuplicateSnapshotError,
  InvalidDataError,
  Library,
  NoSuchVersionError,
  SnapshotNotFoundError,
  StoreError,
  SymbolNotFoundError,
} from "./index";
import { bars, day, useMemoryLibrary } from "./testing";

const closes = async (lib: Library, symbol: string, asOf?: number | string) =>
  Array.from((await lib.read(symbol, { asOf })).data.array("close") as ArrayLike<number>);

let ac: Arctic;
let lib: Library;
useMemoryLibrary((store) => ({ ac, lib } = store));

describe("snapshot, listSnapshots, deleteSnapshot", () => {
  beforeEach(async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await lib.write("B", bars([1]));
  });

  it("pins the latest version of every symbol", async () => {
    await lib.snapshot("s");
    await lib.append("A", bars([3]));
    await lib.write("B", bars([7]));
    await lib.write("C", bars([1]));
    expect((await lib.read("A", { asOf: "s" })).version).toBe(1);
    expect(await closes(lib, "A", "s")).toEqual([10, 20]);
    expect(await closes(lib, "B", "s")).toEqual([10]);
    const error = await lib.read("C", { asOf: "s" }).catch((e: unknown) => e);
    expect(error, "a symbol written after the snapshot is not in it").toBeInstanceOf(SymbolNotFoundError);
    expect(error).toMatchObject({ symbol: "C", snapshot: "s" });
  });

  it("listSnapshots gives names sorted, creation time and metadata", async () => {
    const before = Date.now();
    await lib.snapshot("zz", { metadata: { note: "eod" } });
    await lib.snapshot("aa");
    const list = await lib.listSnapshots();
    expect(list.map((s) => s.name)).toEqual(["aa", "zz"]);
    expect(list[1].metadata).toEqual({ note: "eod" });
    expect(list[0].metadata).toBeUndefined();
    for (const s of list) {
      expect(s.created).toBeInstanceOf(Date);
      expect(s.created.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(s.created.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });

  it("a taken name throws DuplicateSnapshotError and leaves the snapshot as it was", async () => {
    await lib.snapshot("s", { metadata: { first: true } });
    await lib.append("A", bars([3]));
    const error = await lib.snapshot("s").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateSnapshotError);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: "DUPLICATE_SNAPSHOT", snapshot: "s", library: "lib" });
    expect((error as Error).message).toContain("'s'");
    expect(await closes(lib, "A", "s")).toEqual([10, 20]);
    expect((await lib.listSnapshots()).map((s) => [s.name, s.metadata])).toEqual([["s", { first: true }]]);
  });

  it("skipSymbols leaves symbols out", async () => {
    await lib.snapshot("s", { skipSymbols: ["B"] });
    expect(await lib.listSymbols({ snapshot: "s" })).toEqual(["A"]);
    await expect(lib.read("B", { asOf: "s" })).rejects.toBeInstanceOf(SymbolNotFoundError);
  });

  it("versions pins the given version per symbol", async () => {
    await lib.snapshot("s", { versions: { A: 0 } });
    expect(await closes(lib, "A", "s")).toEqual([10]);
    expect(await closes(lib, "B", "s")).toEqual([10]);
  });

  it("versions naming a missing version or symbol fails and creates no snapshot", async () => {
    const error = await lib.snapshot("s", { versions: { A: 5 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchVersionError);
    expect(error).toMatchObject({ symbol: "A", version: 5 });
    await expect(lib.snapshot("t", { versions: { Z: 0 } })).rejects.toBeInstanceOf(SymbolNotFoundError);
    expect(await lib.listSnapshots()).toEqual([]);
  });

  it("versions naming a deleted version throws NoSuchVersionError", async () => {
    await lib.delete("A", { versions: [0] });
    await expect(lib.snapshot("s", { versions: { A: 0 } })).rejects.toBeInstanceOf(NoSuchVersionError);
  });

  it("a snapshot of an empty library holds nothing", async () => {
    const empty = await ac.createLibrary("empty");
    await empty.snapshot("nothing");
    expect(await empty.listSymbols({ snapshot: "nothing" })).toEqual([]);
    expect((await empty.listSnapshots()).map((s) => s.name)).toEqual(["nothing"]);
  });

  it("delete and prune never remove what a snapshot holds", async () => {
    await lib.snapshot("s");
    await lib.append("A", bars([3]));
    await lib.prunePreviousVersions("A");
    await lib.delete("B");
    expect(await closes(lib, "A", "s")).toEqual([10, 20]);
    expect(await closes(lib, "B", "s")).toEqual([10]);
    await expect(lib.read("A", { asOf: 1 })).rejects.toBeInstanceOf(NoSuchVersionError);
  });

  it("deleteSnapshot removes it; versions only it held and that were deleted are gone for good", async () => {
    await lib.snapshot("s");
    await lib.snapshot("t", { versions: { A: 0 } });
    await lib.append("A", bars([3]));
    await lib.prunePreviousVersions("A");
    await lib.deleteSnapshot("s");
    expect((await lib.listSnapshots()).map((s) => s.name)).toEqual(["t"]);
    await expect(lib.read("A", { asOf: "s" })).rejects.toBeInstanceOf(SnapshotNotFoundError);
    expect((await lib.listVersions("A")).map((v) => [v.version, v.deleted, v.snapshots])).toEqual([
      [2, false, []],
      [0, true, ["t"]],
    ]);
    expect(await closes(lib, "A", "t"), "another snapshot's version survives").toEqual([10]);
    expect(await closes(lib, "A")).toEqual([10, 20, 30]);
  });

  it("deleteSnapshot keeps live versions readable", async () => {
    await lib.snapshot("s");
    await lib.deleteSnapshot("s");
    expect(await closes(lib, "A", 1)).toEqual([10, 20]);
    expect(await closes(lib, "A", 0)).toEqual([10]);
  });

  it("deleting a missing snapshot throws SnapshotNotFoundError naming it", async () => {
    await lib.snapshot("s");
    const error = await lib.deleteSnapshot("nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotNotFoundError);
    expect(error).toMatchObject({ code: "SNAPSHOT_NOT_FOUND", snapshot: "nope", library: "lib" });
    expect((error as Error).message).toContain("nope");
    expect((await lib.listSnapshots()).map((s) => s.name)).toEqual(["s"]);
  });

  it("a deleted name can be used again for a new snapshot", async () => {
    await lib.snapshot("s");
    await lib.deleteSnapshot("s");
    await lib.append("A", bars([3]));
    await lib.snapshot("s");
    expect(await closes(lib, "A", "s")).toEqual([10, 20, 30]);
  });

  it("snapshot metadata that is not JSON throws InvalidDataError and creates nothing", async () => {
    await expect(lib.snapshot("s", { metadata: { when: new Date() } })).rejects.toBeInstanceOf(InvalidDataError);
    expect(await lib.listSnapshots()).toEqual([]);
  });
});

describe("getDescription", () => {
  it("describes columns and types, index, rowCount, dateRange, lastUpdate, sorted and metadata", async () => {
    const item = await lib.write(
      "A",
      {
        timestamp: ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-03T12:00:00.5Z"],
        close: [1.5, 2.5, 3.5],
        volume: new Int32Array([1, 2, 3]),
        halted: [false, true, false],
        venue: ["X", "Y", "Z"],
        settled: [new Date(0), new Date(1), new Date(2)],
      },
      { metadata: { src: "t" } },
    );
    const d = await lib.getDescription("A");
    expect(d.symbol).toBe("A");
    expect(d.version).toBe(0);
    expect(d.columns).toEqual([
      { name: "timestamp", type: "timestamp" },
      { name: "close", type: "float" },
      { name: "volume", type: "int" },
      { name: "halted", type: "bool" },
      { name: "venue", type: "string" },
      { name: "settled", type: "timestamp" },
    ]);
    expect(d.index).toEqual({ name: "timestamp", type: "timestamp" });
    expect(d.rowCount).toBe(3);
    expect(d.dateRange).toEqual([new Date("2024-01-01T00:00:00Z"), new Date("2024-01-03T12:00:00.5Z")]);
    expect(d.lastUpdate.getTime()).toBe(item.timestamp.getTime());
    expect(d.sorted).toBe("ASCENDING");
    expect(d.metadata).toEqual({ src: "t" });
  });

  it("describes a row-indexed symbol: no index, no dateRange, sortedness UNKNOWN", async () => {
    await lib.write("rows", { x: [3, 1, 2] });
    const d = await lib.getDescription("rows");
    expect(d.index).toBeNull();
    expect(d.dateRange).toBeNull();
    expect(d.sorted).toBe("UNKNOWN");
    expect(d.rowCount).toBe(3);
  });

  it("describes an empty time series with no dateRange", async () => {
    await lib.write("E", { timestamp: [], close: [] });
    const d = await lib.getDescription("E");
    expect(d.rowCount).toBe(0);
    expect(d.dateRange).toBeNull();
    expect(d.columns.map((c) => c.name)).toEqual(["timestamp", "close"]);
  });

  it("takes asOf (number, snapshot) and follows appends", async () => {
    await lib.write("A", bars([1, 2]));
    await lib.snapshot("s");
    await lib.append("A", bars([5]));
    expect((await lib.getDescription("A")).rowCount).toBe(3);
    expect((await lib.getDescription("A")).dateRange).toEqual([new Date(day(1)), new Date(day(5))]);
    expect((await lib.getDescription("A", { asOf: 0 })).rowCount).toBe(2);
    expect((await lib.getDescription("A", { asOf: "s" })).dateRange).toEqual([new Date(day(1)), new Date(day(2))]);
  });

  it("throws SymbolNotFoundError for a missing symbol", async () => {
    await expect(lib.getDescription("nope")).rejects.toBeInstanceOf(SymbolNotFoundError);
  });
});
