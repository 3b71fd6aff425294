import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  Arctic,
  InvalidNameError,
  LibraryExistsError,
  LibraryNotFoundError,
  SchemaError,
  StoreError,
} from "./index";

const bars = {
  timestamp: ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"],
  close: [1.5, 2.5, 3.5],
};

/** Everything an observer can see of a store: library names and, per library, its symbols. */
async function storeState(ac: Arctic): Promise<Record<string, string[]>> {
  const state: Record<string, string[]> = {};
  for (const name of await ac.listLibraries()) state[name] = await (await ac.getLibrary(name)).listSymbols();
  return state;
}

const NAMES = {
  quotes: `it's a "lib"`,
  semicolon: "a; DROP TABLE ql_meta; --",
  spaces: "  market data  ",
  unicode: "données_市場_📈",
  slashes: "../escape/..\\x",
  dot: ".",
};

describe("Arctic.open", () => {
  const dirs: string[] = [];
  const opened: Arctic[] = [];
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const ac of opened.splice(0)) await ac.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("opens an in-memory store with mem:// that starts empty", async () => {
    const ac = await Arctic.open("mem://");
    opened.push(ac);
    expect(ac.root).toBeNull();
    expect(await ac.listLibraries()).toEqual([]);
  });

  it("two mem:// stores are independent", async () => {
    const a = await Arctic.open("mem://");
    const b = await Arctic.open("mem://");
    opened.push(a, b);
    await a.createLibrary("x");
    expect(await b.listLibraries(), "a second in-memory store must not see the first one's libraries").toEqual([]);
  });

  it("opens duckdb:///abs and creates the folder when missing", async () => {
    const dir = path.join(tmp(), "nested", "store");
    const ac = await Arctic.open(`duckdb://${dir}`);
    opened.push(ac);
    expect(ac.root).toBe(dir);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    await ac.createLibrary("lib");
    expect(fs.readdirSync(dir).some((f) => f.endsWith(".duckdb")), "a library is one DuckDB file in the folder").toBe(true);
  });

  it("opens duckdb:./relative against the working directory", async () => {
    const dir = tmp();
    const rel = path.relative(process.cwd(), dir);
    const ac = await Arctic.open(`duckdb:./${rel}`);
    opened.push(ac);
    expect(ac.root).toBe(path.resolve(dir));
    await ac.createLibrary("rel");
    expect(fs.readdirSync(dir).length).toBeGreaterThan(0);
  });

  it.each(["s3://bucket/path", "lmdb:///tmp/x", "duckdb:", "duckdb://", "/just/a/path", "mem:/"])(
    "rejects the URI %j with a StoreError naming it",
    async (uri) => {
      const error = await Arctic.open(uri).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toContain(uri);
    },
  );
});

describe.each([
  ["mem://", false],
  ["duckdb folder", true],
])("Arctic libraries (%s)", (_label, onDisk) => {
  let ac: Arctic;
  let dir: string | null = null;

  beforeEach(async () => {
    if (onDisk) {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-"));
      ac = await Arctic.open(`duckdb://${dir}`);
    } else ac = await Arctic.open("mem://");
  });
  afterEach(async () => {
    await ac.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it("createLibrary returns a usable library; listLibraries is sorted; hasLibrary tells", async () => {
    const lib = await ac.createLibrary("zeta");
    expect(lib.name).toBe("zeta");
    await ac.createLibrary("alpha");
    await ac.createLibrary("Mid");
    expect(await ac.listLibraries()).toEqual(["Mid", "alpha", "zeta"]);
    expect(await ac.hasLibrary("alpha")).toBe(true);
    expect(await ac.hasLibrary("beta")).toBe(false);
    const v = await lib.write("AAPL", bars);
    expect(v.version).toBe(0);
    expect(v.library).toBe("zeta");
  });

  it("createLibrary of an existing name throws LibraryExistsError and keeps the library's data", async () => {
    const lib = await ac.createLibrary("dup");
    await lib.write("AAPL", bars);
    const error = await ac.createLibrary("dup").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibraryExistsError);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as LibraryExistsError).code).toBe("LIBRARY_EXISTS");
    expect((error as LibraryExistsError).library).toBe("dup");
    expect((error as Error).message).toContain("dup");
    const again = await ac.getLibrary("dup");
    expect(await again.listSymbols()).toEqual(["AAPL"]);
    expect(Array.from((await again.read("AAPL")).data.array("close"))).toEqual([1.5, 2.5, 3.5]);
  });

  it("getLibrary of a missing library throws LibraryNotFoundError naming it, and creates nothing", async () => {
    const error = await ac.getLibrary("missing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibraryNotFoundError);
    expect((error as LibraryNotFoundError).code).toBe("LIBRARY_NOT_FOUND");
    expect((error as LibraryNotFoundError).library).toBe("missing");
    expect((error as Error).message).toContain("missing");
    expect(await ac.listLibraries()).toEqual([]);
    expect(await ac.hasLibrary("missing")).toBe(false);
  });

  it("getLibrary with createIfMissing creates it once, with the libraryOptions given", async () => {
    const lib = await ac.getLibrary("auto", { createIfMissing: true, libraryOptions: { dynamicSchema: true } });
    expect(lib.options.dynamicSchema).toBe(true);
    await lib.write("X", bars);
    const same = await ac.getLibrary("auto", { createIfMissing: true });
    expect(same.options.dynamicSchema, "an existing library keeps its options").toBe(true);
    expect(await same.listSymbols(), "createIfMissing must not recreate an existing library").toEqual(["X"]);
    expect(await ac.listLibraries()).toEqual(["auto"]);
  });

  it("createLibrary defaults to static schema", async () => {
    const lib = await ac.createLibrary("static");
    expect(lib.options.dynamicSchema).toBe(false);
    await lib.write("X", bars);
    await expect(
      lib.append("X", { timestamp: ["2024-01-04T00:00:00Z"], close: [4], extra: [1] }),
    ).rejects.toBeInstanceOf(SchemaError);
  });

  it("deleteLibrary removes the library and its data; a re-created library is empty", async () => {
    const lib = await ac.createLibrary("gone");
    await lib.write("AAPL", bars);
    await lib.snapshot("snap");
    await ac.createLibrary("kept");
    await ac.deleteLibrary("gone");
    expect(await ac.listLibraries()).toEqual(["kept"]);
    expect(await ac.hasLibrary("gone")).toBe(false);
    await expect(ac.getLibrary("gone")).rejects.toBeInstanceOf(LibraryNotFoundError);
    const fresh = await ac.createLibrary("gone");
    expect(await fresh.listSymbols()).toEqual([]);
    expect(await fresh.listSnapshots()).toEqual([]);
  });

  it("deleteLibrary of a missing library is a no-op", async () => {
    await ac.createLibrary("a");
    await ac.deleteLibrary("nope");
    expect(await ac.listLibraries()).toEqual(["a"]);
  });

  it("a Library handle of a deleted library fails with LibraryNotFoundError", async () => {
    const lib = await ac.createLibrary("doomed");
    await lib.write("AAPL", bars);
    await ac.deleteLibrary("doomed");
    const error = await lib.read("AAPL").catch((e: unknown) => e);
    expect(error, "the handle must not read data of a deleted library").toBeInstanceOf(LibraryNotFoundError);
    expect((error as LibraryNotFoundError).library).toBe("doomed");
  });

  it.each(Object.entries(NAMES))("stores the library name with %s faithfully", async (_kind, name) => {
    const lib = await ac.createLibrary(name);
    expect(lib.name).toBe(name);
    await lib.write("AAPL", bars);
    expect(await ac.listLibraries()).toEqual([name]);
    expect(await ac.hasLibrary(name)).toBe(true);
    const again = await ac.getLibrary(name);
    expect(await again.listSymbols()).toEqual(["AAPL"]);
    if (dir) {
      const entries = fs.readdirSync(dir).filter((f) => f !== ".tmp" && f !== ".waiting");
      expect(entries.every((f) => !f.includes("/") && !f.includes("\\")), `file names ${entries.join(", ")}`).toBe(true);
      expect(fs.existsSync(path.join(dir, "..", "escape")), "a name with ../ must not leave the store folder").toBe(false);
    }
    await ac.deleteLibrary(name);
    expect(await ac.listLibraries()).toEqual([]);
  });

  it("keeps libraries whose names differ only by quoting apart", async () => {
    const names = ["a'b", 'a"b', "a b", "a;b", "a%27b"];
    for (const name of names) await (await ac.createLibrary(name)).write(name, bars);
    expect(await ac.listLibraries()).toEqual([...names].sort());
    for (const name of names) expect(await (await ac.getLibrary(name)).listSymbols()).toEqual([name]);
  });

  it.each([
    ["500 characters", "x".repeat(500)],
    ["a newline", "bad\nname"],
    ["a NUL", "bad\u0000name"],
    ["a tab", "bad\tname"],
    ["the empty string", ""],
  ])("rejects a library name with %s with InvalidNameError and changes nothing", async (_kind, name) => {
    const lib = await ac.createLibrary("existing");
    await lib.write("AAPL", bars);
    const before = await storeState(ac);
    const files = dir ? fs.readdirSync(dir).sort() : [];
    for (const call of [
      () => ac.createLibrary(name),
      () => ac.getLibrary(name, { createIfMissing: true }),
      () => ac.getLibrary(name),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidNameError);
      expect((error as InvalidNameError).code).toBe("INVALID_NAME");
    }
    expect(await storeState(ac)).toEqual(before);
    if (dir) expect(fs.readdirSync(dir).sort(), "no file may be created for a rejected name").toEqual(files);
  });
});

describe("Arctic persistence in a folder", () => {
  let dir: string;
  const opened: Arctic[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-"));
  });
  afterEach(async () => {
    for (const ac of opened.splice(0)) await ac.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const open = async () => {
    const ac = await Arctic.open(`duckdb://${dir}`);
    opened.push(ac);
    return ac;
  };

  it("a second Arctic on the same folder sees libraries, data, versions and snapshots", async () => {
    const first = await open();
    const lib = await first.createLibrary("market data");
    await lib.write("AAPL", bars, { metadata: { source: "test" } });
    await lib.append("AAPL", { timestamp: ["2024-01-04T00:00:00Z"], close: [4.5] });
    await lib.snapshot("eod");
    await first.close();

    const second = await open();
    expect(await second.listLibraries()).toEqual(["market data"]);
    const again = await second.getLibrary("market data");
    const latest = await again.read("AAPL");
    expect(latest.version).toBe(1);
    expect(Array.from(latest.data.array("close"))).toEqual([1.5, 2.5, 3.5, 4.5]);
    const v0 = await again.read("AAPL", { asOf: 0 });
    expect(v0.metadata).toEqual({ source: "test" });
    expect(v0.data.numRows()).toBe(3);
    expect((await again.listSnapshots()).map((s) => s.name)).toEqual(["eod"]);
  });

  it("persists dynamicSchema: true across a re-open by a second Arctic", async () => {
    const first = await open();
    const lib = await first.createLibrary("dyn", { dynamicSchema: true });
    await lib.write("X", bars);
    await first.close();

    const second = await open();
    const again = await second.getLibrary("dyn");
    expect(again.options.dynamicSchema).toBe(true);
    await again.append("X", { timestamp: ["2024-01-04T00:00:00Z"], close: [4.5], volume: [10] });
    const read = await again.read("X");
    expect(read.data.columnNames()).toEqual(["timestamp", "close", "volume"]);
    expect(Array.from(read.data.array("volume")), "rows before the new column read as null").toEqual([null, null, null, 10]);
  });

  it("persists the default static schema across a re-open", async () => {
    const first = await open();
    await (await first.createLibrary("stat")).write("X", bars);
    await first.close();
    const again = await (await open()).getLibrary("stat");
    expect(again.options.dynamicSchema).toBe(false);
    await expect(again.append("X", { timestamp: ["2024-01-04T00:00:00Z"], close: [4.5], volume: [10] })).rejects.toBeInstanceOf(
      SchemaError,
    );
    expect((await again.read("X")).version).toBe(0);
  });

  it("getLibrary's createIfMissing options do not override stored options on re-open", async () => {
    const first = await open();
    await first.createLibrary("dyn", { dynamicSchema: true });
    await first.close();
    const again = await (await open()).getLibrary("dyn", { createIfMissing: true, libraryOptions: { dynamicSchema: false } });
    expect(again.options.dynamicSchema).toBe(true);
  });

  it("a library created by one Arctic is visible to another open on the same folder", async () => {
    const a = await open();
    const b = await open();
    const lib = await a.createLibrary("shared");
    await lib.write("AAPL", bars);
    expect(await b.hasLibrary("shared")).toBe(true);
    expect((await (await b.getLibrary("shared")).read("AAPL")).data.numRows()).toBe(3);
    await expect(b.createLibrary("shared")).rejects.toBeInstanceOf(LibraryExistsError);
  });
});
