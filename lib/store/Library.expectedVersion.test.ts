import { describe, expect, it } from "vitest";
import { InvalidDataError, Library, VersionConflictError } from "./index";
import { bars, useMemoryLibrary } from "./testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

const versions = async (symbol: string) => (await lib.listVersions(symbol)).map((v) => v.version).sort();

describe("expectedVersion (optimistic concurrency)", () => {
  it("writes, appends and updates when the latest version is the expected one; null creates a new symbol", async () => {
    expect((await lib.write("A", bars([1, 2]), { expectedVersion: null })).version).toBe(0);
    expect((await lib.append("A", bars([3]), { expectedVersion: 0 })).version).toBe(1);
    expect((await lib.update("A", bars([2], [99]), { expectedVersion: 1 })).version).toBe(2);
    expect((await lib.write("A", bars([5]), { expectedVersion: 2 })).version).toBe(3);
  });

  it.each(["write", "append", "update"] as const)("%s against a stale version: VersionConflictError naming what it found; nothing written", async (op) => {
    await lib.write("A", bars([1, 2]));
    await lib.append("A", bars([3]));
    const error = await lib[op]("A", bars([4]), { expectedVersion: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ code: "VERSION_CONFLICT", symbol: "A", version: 1 });
    expect((error as Error).message).toBe(
      "'A' in 'lib' is at version 1, not the expected version 0: it was changed since it was read; nothing was written (read it again and retry)",
    );
    expect(await versions("A")).toEqual([0, 1]);
  });

  it("null when the symbol exists, or a version when it has none left, is a conflict", async () => {
    await lib.write("A", bars([1]));
    await expect(lib.write("A", bars([2]), { expectedVersion: null })).rejects.toMatchObject({ code: "VERSION_CONFLICT", version: 0 });
    await lib.delete("A");
    await expect(lib.write("A", bars([2]), { expectedVersion: 0 })).rejects.toThrow("'A' in 'lib' is at no live version, not the expected version 0");
    expect((await lib.write("A", bars([2]), { expectedVersion: null })).version).toBe(1);
  });

  it("of two writers that read the same version, exactly one wins; the other is told", async () => {
    await lib.write("A", bars([1]));
    const results = await Promise.allSettled([lib.write("A", bars([2]), { expectedVersion: 0 }), lib.write("A", bars([3]), { expectedVersion: 0 })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
    expect(await versions("A")).toEqual([0, 1]);
  });

  it("refuses an expectedVersion that is not a version number or null", async () => {
    for (const bad of [-1, 1.5, "0", NaN]) {
      const error = await lib.write("A", bars([1]), { expectedVersion: bad as never }).catch((e: unknown) => e);
      expect(error, String(bad)).toBeInstanceOf(InvalidDataError);
      expect((error as Error).message).toBe(`expectedVersion for 'A' must be a version number (an integer >= 0) or null, got ${String(bad)}`);
    }
    expect(await lib.hasSymbol("A")).toBe(false);
  });
});
