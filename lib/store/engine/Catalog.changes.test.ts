import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Catalog, isStaleCatalog } from "./Catalog";
import { StoreFile } from "./StoreFile";
import type { SymbolRow, VersionRow } from "./catalogRows";
import { Connection } from "./Connection";
import { Database } from "./Database";

/**
 * A catalog's cache is dropped by symbol: forgetChanged drops the rows of the symbols another connection
 * changed and keeps the rest, and takeChanges reports what this connection changed. Two connections to one
 * real library file: `mine` caches, `theirs` changes rows behind its back.
 */

let dir: string;
let database: Database;
let mine: Connection;
let theirs: Connection;
let catalog: Catalog;
let a: SymbolRow;
let b: SymbolRow;

function versionRow(symbolId: number, version: number): VersionRow {
  return {
    symbolId,
    version,
    createdUs: 1_700_000_000_000_000 + version,
    operation: "write",
    rowCount: 3,
    columns: [],
    indexed: true,
    firstUs: 0,
    lastUs: 2,
    sorted: true,
    metadata: { v: version },
    deleted: false,
    pieces: [{ rowLo: 0, rowHi: 2 }],
  };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-catalog-"));
  database = await Database.create(path.join(dir, "lib.duckdb"));
  mine = await database.connect();
  theirs = await database.connect();
  await Catalog.init(mine, { test: true });
  const writer = new Catalog(theirs);
  await writer.transaction(async () => {
    for (const name of ["A", "B"]) {
      const symbol = await writer.createSymbol(name);
      writer.insertVersion(versionRow(symbol.id, 0));
      symbol.nextVersion = 1;
      writer.saveSymbol(symbol);
    }
  });
  catalog = new Catalog(mine);
  a = (await catalog.getSymbol("A"))!;
  b = (await catalog.getSymbol("B"))!;
  expect(a.nextVersion).toBe(1);
  expect(b.nextVersion).toBe(1);
  expect((await catalog.getLatest(a.id))?.metadata).toStrictEqual({ v: 0 });
  expect((await catalog.getLatest(b.id))?.metadata).toStrictEqual({ v: 0 });
});

afterEach(() => {
  mine.close();
  theirs.close();
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Changes both symbols' rows behind `catalog`'s back: counters, and a new latest version. */
async function changeBoth(): Promise<void> {
  await theirs.run("UPDATE ql_symbols SET next_version = 7");
  await theirs.run(
    `INSERT INTO ql_versions SELECT symbol_id, 1, created_us + 1, operation, row_count, columns, indexed, first_us, last_us, sorted, '{"v":1}', false, pieces FROM ql_versions`,
  );
}

describe("Catalog.forgetChanged", () => {
  it("the cache is real: a row changed behind its back reads as cached until forgotten", async () => {
    await changeBoth();
    expect((await catalog.getSymbol("A"))?.nextVersion).toBe(1);
    expect((await catalog.getLatest(a.id))?.version).toBe(0);
    catalog.forgetChanged({ ids: [], names: [] });
    expect((await catalog.getSymbol("A"))?.nextVersion).toBe(1);
    catalog.forgetChanged("all");
    expect((await catalog.getSymbol("A"))?.nextVersion).toBe(7);
    expect((await catalog.getSymbol("B"))?.nextVersion).toBe(7);
    expect((await catalog.getLatest(b.id))?.version).toBe(1);
  });

  it("by id: drops that symbol's row, latest and versions; keeps the other symbol's", async () => {
    expect((await catalog.getVersion(a.id, 0))?.version).toBe(0);
    await changeBoth();
    await theirs.run(`UPDATE ql_versions SET metadata = '{"v":"changed"}' WHERE version = 0`);
    catalog.forgetChanged({ ids: [a.id], names: [] });
    expect((await catalog.getSymbol("A"))?.nextVersion).toBe(7);
    expect((await catalog.getLatest(a.id))?.metadata).toStrictEqual({ v: 1 });
    expect((await catalog.getVersion(a.id, 0))?.metadata).toStrictEqual({ v: "changed" });
    expect((await catalog.getSymbol("B"))?.nextVersion).toBe(1);
    expect((await catalog.getLatest(b.id))?.metadata).toStrictEqual({ v: 0 });
  });

  it("by name: drops that symbol's row (its latest stays cached: ids report those)", async () => {
    await changeBoth();
    catalog.forgetChanged({ ids: [], names: ["B"] });
    expect((await catalog.getSymbol("B"))?.nextVersion).toBe(7);
    expect((await catalog.getSymbol("A"))?.nextVersion).toBe(1);
  });

  it("a cached 'no such symbol' goes when its name is reported, not for ids", async () => {
    expect(await catalog.getSymbol("C")).toBeNull();
    const writer = new Catalog(theirs);
    await writer.transaction(async () => void (await writer.createSymbol("C")));
    const changes = writer.takeChanges();
    catalog.forgetChanged({ ids: changes.ids, names: [] });
    expect(await catalog.getSymbol("C")).toBeNull();
    catalog.forgetChanged({ ids: [], names: ["C"] });
    expect((await catalog.getSymbol("C"))?.name).toBe("C");
  });
});

describe("Catalog.takeChanges", () => {
  it("reports the symbols each writing method touched, once", async () => {
    expect(catalog.takeChanges()).toStrictEqual({ ids: [], names: [] }); // reads change nothing
    let c: SymbolRow | undefined;
    await catalog.transaction(async () => {
      c = await catalog.createSymbol("C");
      await catalog.physicalColumns(c, [{ name: "close", type: "float" }]);
      catalog.insertVersion(versionRow(a.id, 1));
      catalog.saveSymbol(b);
    });
    await catalog.markDeleted(a.id, [0]);
    const changes = catalog.takeChanges();
    expect(new Set(changes.ids)).toStrictEqual(new Set([c!.id, a.id, b.id]));
    expect(new Set(changes.names)).toStrictEqual(new Set(["C", "B"]));
    expect(catalog.takeChanges()).toStrictEqual({ ids: [], names: [] });
  });

  it("what one catalog reports, forgotten by another, makes that one read the new rows", async () => {
    const other = new Catalog(theirs);
    expect((await other.getSymbol("A"))?.nextVersion).toBe(1);
    expect((await other.getSymbol("B"))?.nextVersion).toBe(1);
    await catalog.transaction(async () => {
      const symbol = (await catalog.getSymbol("A"))!;
      catalog.insertVersion(versionRow(symbol.id, symbol.nextVersion));
      symbol.nextVersion += 1;
      catalog.saveSymbol(symbol);
    });
    await theirs.run("UPDATE ql_symbols SET next_version = 42 WHERE name = 'B'"); // not reported
    other.forgetChanged(catalog.takeChanges());
    expect((await other.getSymbol("A"))?.nextVersion).toBe(2);
    expect((await other.getLatest(a.id))?.version).toBe(1);
    expect((await other.getSymbol("B"))?.nextVersion).toBe(1);
  });
});

describe("a commit from stale cached counters", () => {
  /** What an append does to the catalog: the next version from the cached counters, then the counters saved. */
  async function appendVersion(on: Catalog, symbol: SymbolRow): Promise<void> {
    await on.transaction(async () => {
      on.insertVersion(versionRow(symbol.id, symbol.nextVersion));
      symbol.nextVersion += 1;
      on.saveSymbol(symbol);
    });
  }

  it("fails as stale and writes nothing when another connection moved the counters; fresh rows then commit", async () => {
    const other = new Catalog(theirs);
    await appendVersion(other, (await other.getSymbol("A"))!); // version 1 of A, behind `catalog`'s back
    const error = await appendVersion(catalog, a).catch((e: unknown) => e);
    expect(isStaleCatalog(error), String(error)).toBe(true);
    expect(Number(await theirs.value("SELECT count(*) FROM ql_versions WHERE symbol_id = $1 AND version = 1", [a.id])), "no second version 1").toBe(1);
    expect(Number(await theirs.value("SELECT next_version FROM ql_symbols WHERE id = $1", [a.id]))).toBe(2);
    catalog.forget();
    await appendVersion(catalog, (await catalog.getSymbol("A"))!);
    expect((await theirs.rows("SELECT version FROM ql_versions WHERE symbol_id = $1 ORDER BY version", [a.id])).map((r) => Number(r[0]))).toEqual([0, 1, 2]);
  });

  it("commits when the counters are the stored ones, and its own saved counters stay the reference for its next call", async () => {
    await appendVersion(catalog, a);
    await appendVersion(catalog, a);
    expect(Number(await theirs.value("SELECT next_version FROM ql_symbols WHERE id = $1", [a.id]))).toBe(3);
  });

  it("a store call that meets a stale commit runs again on fresh rows (StoreFile)", async () => {
    const file = StoreFile.memory(dir);
    let runs = 0;
    try {
      const value = await file.use(async () => {
        runs++;
        if (runs < 3) throw new Error(`Invalid Input Error: quantlab: catalog rows changed under this call ${runs}`);
        return "done";
      });
      expect(value).toBe("done");
      expect(runs).toBe(3);
      runs = 0;
      const failed = await file.use(async () => {
        runs++;
        throw new Error("Invalid Input Error: quantlab: catalog rows changed under this call 9");
      }).catch((e: unknown) => e);
      expect(isStaleCatalog(failed)).toBe(true);
      expect(runs, "the first run and 3 more, then the error").toBe(4);
    } finally {
      await file.close();
    }
  });
});
