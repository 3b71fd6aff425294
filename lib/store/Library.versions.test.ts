import { beforeEach, describe, expect, it } from "vitest";
import {
  InvalidDataError,
  Library,
  NoSuchVersionError,
  SchemaError,
  SnapshotNotFoundError,
  SymbolNotFoundError,
} from "./index";
import { bars, day, days, useMemoryLibrary } from "./testing";

const closes = async (lib: Library, symbol: string, asOf?: number | string) =>
  Array.from((await lib.read(symbol, { asOf })).data.array("close") as ArrayLike<number>);

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

describe("listSymbols", () => {
  beforeEach(async () => {
    for (const s of ["MSFT", "AAPL", "AMZN", "spx.idx"]) await lib.write(s, bars([1]));
  });

  it("lists symbols with a live version, sorted", async () => {
    expect(await lib.listSymbols()).toEqual(["AAPL", "AMZN", "MSFT", "spx.idx"]);
  });

  it("filters by regex given as string or RegExp, matching anywhere in the name", async () => {
    expect(await lib.listSymbols({ regex: "^A" })).toEqual(["AAPL", "AMZN"]);
    expect(await lib.listSymbols({ regex: /M/ })).toEqual(["AMZN", "MSFT"]);
    expect(await lib.listSymbols({ regex: /\.idx$/ })).toEqual(["spx.idx"]);
    expect(await lib.listSymbols({ regex: "zzz" })).toEqual([]);
  });

  it("a regex with the global flag gives the same answer every call", async () => {
    const regex = /A/g;
    expect(await lib.listSymbols({ regex })).toEqual(["AAPL", "AMZN"]);
    expect(await lib.listSymbols({ regex }), "a /g regex's lastIndex must not leak between names or calls").toEqual(["AAPL", "AMZN"]);
  });

  it("an invalid regex throws InvalidDataError", async () => {
    await expect(async () => lib.listSymbols({ regex: "(" })).rejects.toBeInstanceOf(InvalidDataError);
  });

  it("lists the symbols of a snapshot, also after they were deleted", async () => {
    await lib.snapshot("snap", { skipSymbols: ["MSFT"] });
    await lib.delete("AAPL");
    await lib.write("NEW", bars([1]));
    expect(await lib.listSymbols({ snapshot: "snap" })).toEqual(["AAPL", "AMZN", "spx.idx"]);
    expect(await lib.listSymbols({ snapshot: "snap", regex: "^A" })).toEqual(["AAPL", "AMZN"]);
    expect(await lib.listSymbols()).toEqual(["AMZN", "MSFT", "NEW", "spx.idx"]);
    await expect(lib.listSymbols({ snapshot: "none" })).rejects.toBeInstanceOf(SnapshotNotFoundError);
  });
});

describe("hasSymbol", () => {
  it("is true for a live symbol and false for a missing or deleted one, never throwing", async () => {
    await lib.write("A", bars([1]));
    await lib.write("B", bars([1]));
    await lib.delete("B");
    expect(await lib.hasSymbol("A")).toBe(true);
    expect(await lib.hasSymbol("B")).toBe(false);
    expect(await lib.hasSymbol("never")).toBe(false);
  });

  it("with asOf tells whether that version exists", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await lib.snapshot("s1");
    await lib.delete("A", { versions: [0] });
    expect(await lib.hasSymbol("A", { asOf: 1 })).toBe(true);
    expect(await lib.hasSymbol("A", { asOf: 0 }), "version 0 was deleted").toBe(false);
    expect(await lib.hasSymbol("A", { asOf: 5 })).toBe(false);
    expect(await lib.hasSymbol("A", { asOf: "s1" })).toBe(true);
    expect(await lib.hasSymbol("A", { asOf: "no-such-snapshot" })).toBe(false);
    expect(await lib.hasSymbol("B", { asOf: "s1" })).toBe(false);
  });
});

describe("listVersions", () => {
  it("lists one symbol's versions newest first with dates", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await lib.append("A", bars([3]));
    const versions = await lib.listVersions("A");
    expect(versions.map((v) => [v.symbol, v.version, v.deleted, v.snapshots])).toEqual([
      ["A", 2, false, []],
      ["A", 1, false, []],
      ["A", 0, false, []],
    ]);
    for (const v of versions) expect(v.date).toBeInstanceOf(Date);
    expect(versions[0].date.getTime()).toBeGreaterThanOrEqual(versions[2].date.getTime());
    const read = await lib.read("A", { asOf: 1 });
    expect(versions[1].date.getTime(), "listVersions' date is the version's timestamp").toBe(read.timestamp.getTime());
  });

  it("lists every symbol's versions when no symbol is given", async () => {
    await lib.write("B", bars([1]));
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    const all = await lib.listVersions();
    expect(all.map((v) => `${v.symbol}@${v.version}`).sort()).toEqual(["A@0", "A@1", "B@0"]);
  });

  it("flags deleted versions a snapshot holds, lists the snapshots, hides deleted unheld ones", async () => {
    await lib.write("A", bars([1]));
    await lib.snapshot("s0");
    await lib.append("A", bars([2]));
    await lib.snapshot("s1");
    await lib.snapshot("a-s1");
    await lib.append("A", bars([3]));
    await lib.delete("A", { versions: [0, 1] });
    await lib.append("A", bars([4]));
    await lib.delete("A", { versions: [2] });
    const versions = await lib.listVersions("A");
    expect(versions.map((v) => ({ version: v.version, deleted: v.deleted, snapshots: [...v.snapshots].sort() }))).toEqual([
      { version: 3, deleted: false, snapshots: [] },
      { version: 1, deleted: true, snapshots: ["a-s1", "s1"] },
      { version: 0, deleted: true, snapshots: ["s0"] },
    ]);
  });

  it("with snapshot lists only the versions in it", async () => {
    await lib.write("A", bars([1]));
    await lib.write("B", bars([1]));
    await lib.snapshot("snap");
    await lib.append("A", bars([2]));
    const versions = await lib.listVersions(undefined, { snapshot: "snap" });
    expect(versions.map((v) => `${v.symbol}@${v.version}`).sort()).toEqual(["A@0", "B@0"]);
    expect((await lib.listVersions("A", { snapshot: "snap" })).map((v) => v.version)).toEqual([0]);
    await expect(lib.listVersions("A", { snapshot: "none" })).rejects.toBeInstanceOf(SnapshotNotFoundError);
  });

  it("with latestOnly lists each symbol's latest live version", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await lib.write("B", bars([1]));
    await lib.snapshot("s");
    await lib.delete("B");
    const latest = await lib.listVersions(undefined, { latestOnly: true });
    expect(latest.map((v) => `${v.symbol}@${v.version}`)).toEqual(["A@1"]);
    expect((await lib.listVersions("A", { latestOnly: true })).map((v) => v.version)).toEqual([1]);
  });

  it("is empty for a missing symbol", async () => {
    expect(await lib.listVersions("nope")).toEqual([]);
  });
});

describe("delete", () => {
  it("deletes a whole symbol: gone from listSymbols, unreadable, still readable via a snapshot", async () => {
    await lib.write("A", bars([1, 2]));
    await lib.append("A", bars([3]));
    await lib.snapshot("keep");
    await lib.write("B", bars([1]));
    await lib.delete("A");
    expect(await lib.listSymbols()).toEqual(["B"]);
    expect(await lib.hasSymbol("A")).toBe(false);
    const error = await lib.read("A").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SymbolNotFoundError);
    expect((error as Error).message).toContain("A");
    await expect(lib.read("A", { asOf: 1 })).rejects.toBeInstanceOf(StoreErrorLike);
    expect(await closes(lib, "A", "keep")).toEqual([10, 20, 30]);
    expect(await closes(lib, "B")).toEqual([10]);
  });

  it("never reuses version numbers after a symbol is deleted and re-written", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await lib.snapshot("snap");
    await lib.delete("A");
    const again = await lib.write("A", bars([5]));
    expect(again.version, "a re-written symbol continues after its highest version").toBe(2);
    expect((await lib.listVersions("A")).map((v) => [v.version, v.deleted])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(await closes(lib, "A")).toEqual([50]);
    expect(await closes(lib, "A", "snap")).toEqual([10, 20]);
    await expect(lib.read("A", { asOf: 0 })).rejects.toBeInstanceOf(NoSuchVersionError);
  });

  it("never reuses version numbers even when nothing held the deleted versions", async () => {
    await lib.write("A", bars([1]));
    await lib.delete("A");
    expect((await lib.write("A", bars([2]))).version).toBe(1);
  });

  it("deletes specific versions: by number NoSuchVersionError, via a snapshot it still reads", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await lib.snapshot("s1");
    await lib.append("A", bars([3]));
    await lib.delete("A", { versions: [0, 1] });
    for (const v of [0, 1]) {
      const error = await lib.read("A", { asOf: v }).catch((e: unknown) => e);
      expect(error, `version ${v}`).toBeInstanceOf(NoSuchVersionError);
      expect(error).toMatchObject({ symbol: "A", version: v });
      expect((error as Error).message).toContain(String(v));
    }
    expect(await closes(lib, "A", "s1")).toEqual([10, 20]);
    expect(await closes(lib, "A")).toEqual([10, 20, 30]);
    expect(await lib.listSymbols()).toEqual(["A"]);
  });

  it("deleting the latest version makes the previous one the latest", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await lib.delete("A", { versions: [1] });
    const item = await lib.read("A");
    expect(item.version).toBe(0);
    expect((await lib.append("A", bars([3]))).version, "the next version is still past the deleted one").toBe(2);
    expect(await closes(lib, "A")).toEqual([10, 30]);
  });

  it("deleting a version that does not exist or was deleted throws NoSuchVersionError and deletes nothing", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await expect(lib.delete("A", { versions: [0, 9] })).rejects.toBeInstanceOf(NoSuchVersionError);
    expect((await lib.listVersions("A")).map((v) => v.version), "nothing is deleted when one version is bad").toEqual([1, 0]);
    await lib.delete("A", { versions: [0] });
    const error = await lib.delete("A", { versions: [0] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchVersionError);
    expect(error).toMatchObject({ version: 0, symbol: "A" });
  });

  it("deleting a missing symbol is a no-op", async () => {
    await lib.write("A", bars([1]));
    await lib.delete("nope");
    expect(await lib.listSymbols()).toEqual(["A"]);
  });
});

describe("deleteDataInRange", () => {
  beforeEach(async () => {
    await lib.write("A", bars(days(1, 6)), { metadata: { m: 1 } });
  });

  it("removes the rows in the inclusive range as a new version", async () => {
    const item = await lib.deleteDataInRange("A", [day(2), day(4)]);
    expect(item.version).toBe(1);
    expect(await closes(lib, "A")).toEqual([10, 50, 60]);
    expect(await closes(lib, "A", 0)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it("accepts open ends", async () => {
    await lib.deleteDataInRange("A", [null, day(2)]);
    expect(await closes(lib, "A")).toEqual([30, 40, 50, 60]);
    await lib.deleteDataInRange("A", [day(5), null]);
    expect(await closes(lib, "A")).toEqual([30, 40]);
    const described = await lib.getDescription("A");
    expect(described.dateRange).toEqual([new Date(day(3)), new Date(day(4))]);
    expect(described.rowCount).toBe(2);
  });

  it("a range with no rows still makes a version with the same data", async () => {
    const item = await lib.deleteDataInRange("A", [day(20), day(30)]);
    expect(item.version).toBe(1);
    expect(await closes(lib, "A")).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it("throws SymbolNotFoundError for a missing symbol and SchemaError for a row-indexed one", async () => {
    await expect(lib.deleteDataInRange("nope", [day(1), day(2)])).rejects.toBeInstanceOf(SymbolNotFoundError);
    await lib.write("rows", { x: [1, 2] });
    await expect(lib.deleteDataInRange("rows", [day(1), day(2)])).rejects.toBeInstanceOf(SchemaError);
    expect((await lib.listVersions("rows")).length).toBe(1);
  });
});

describe("prunePreviousVersions", () => {
  it("deletes every version but the latest; snapshotted ones stay readable there", async () => {
    await lib.write("A", bars([1]));
    await lib.snapshot("s0");
    await lib.append("A", bars([2]));
    await lib.append("A", bars([3]));
    await lib.prunePreviousVersions("A");
    expect((await lib.listVersions("A")).map((v) => [v.version, v.deleted])).toEqual([
      [2, false],
      [0, true],
    ]);
    await expect(lib.read("A", { asOf: 1 })).rejects.toBeInstanceOf(NoSuchVersionError);
    await expect(lib.read("A", { asOf: 0 })).rejects.toBeInstanceOf(NoSuchVersionError);
    expect(await closes(lib, "A", "s0")).toEqual([10]);
    expect(await closes(lib, "A")).toEqual([10, 20, 30]);
  });

  it("throws SymbolNotFoundError for a missing symbol", async () => {
    await expect(lib.prunePreviousVersions("nope")).rejects.toBeInstanceOf(SymbolNotFoundError);
  });

  it("write with prunePreviousVersions keeps only the new version", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    const item = await lib.write("A", bars([5]), { prunePreviousVersions: true });
    expect(item.version).toBe(2);
    expect((await lib.listVersions("A")).map((v) => v.version)).toEqual([2]);
    expect(await closes(lib, "A")).toEqual([50]);
  });

  it("append with prunePreviousVersions keeps only the new version, with all rows", async () => {
    await lib.write("A", bars([1]));
    await lib.append("A", bars([2]));
    await lib.snapshot("s");
    await lib.append("A", bars([3]), { prunePreviousVersions: true });
    expect((await lib.listVersions("A")).map((v) => [v.version, v.deleted])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(await closes(lib, "A")).toEqual([10, 20, 30]);
    expect(await closes(lib, "A", "s")).toEqual([10, 20]);
  });
});

/** Either error a read of a deleted symbol's version may give (the symbol is gone, or the version is). */
class StoreErrorLike {
  static [Symbol.hasInstance](e: unknown): boolean {
    return e instanceof SymbolNotFoundError || e instanceof NoSuchVersionError;
  }
}
