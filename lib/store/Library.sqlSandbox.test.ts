import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Arctic, InvalidDataError, Library, StoreError } from "./index";
import { columns, day, failure, useMemoryLibrary } from "./testing";

/** What user SQL must never reach: the catalog tables every library file holds. */
const CATALOG = ["ql_meta", "ql_symbols", "ql_columns", "ql_versions", "ql_snapshots", "ql_snapshot_versions"];

/** Attacks the sandbox must refuse, whatever the store: files, directory listings, the catalog. */
const refusedEverywhere: [string, string][] = [
  ["read_csv of /etc/passwd", "select * from read_csv('/etc/passwd')"],
  ["read_text of /etc/passwd", "select content from read_text('/etc/passwd')"],
  ["a directory listing", "select * from glob('/etc/*')"],
  ["a replacement scan of a file", "select * from '/etc/passwd'"],
  ["the catalog by name", "select * from ql_versions"],
  ["the catalog next to a placeholder", "select v.* from {AAPL} a, ql_versions v"],
  ["the catalog in a subquery", "select close from {AAPL} where close in (select symbol_id from ql_symbols)"],
  ["the catalog through a schema", "select * from main.ql_meta"],
  ["the catalog through query_table", "select * from query_table('ql_versions')"],
  ["the catalog through query()", "select * from query('select * from ql_versions')"],
  ["DuckDB's table list", "select * from duckdb_tables()"],
  ["information_schema", "select * from information_schema.tables"],
  ["the catalog's table names", "select * from (show tables)"],
  ["every database's tables", "select * from (show all tables)"],
  ["a summary of the catalog", "select * from (summarize ql_versions)"],
  ["the catalog's columns", "select * from (describe ql_versions)"],
  ["the catalog pivoted", "select * from (pivot ql_versions on operation using count(*))"],
  ["the catalog through a lateral join", "select * from {AAPL} a, lateral (select * from ql_meta)"],
  ["the catalog through a table macro", "select * from histogram('ql_versions', version)"],
  ["a WITH named like the catalog, read outside its scope", "select * from (with ql_versions as (select 1) select 1), ql_versions"],
];

async function expectRefused(lib: Library, text: string): Promise<InvalidDataError> {
  const error = await failure(() => lib.sql(text));
  expect(error, text).toBeInstanceOf(InvalidDataError);
  return error as InvalidDataError;
}

describe("lib.sql reads its placeholders and nothing else", () => {
  let dir: string;
  let ac: Arctic;
  let lib: Library;
  let other: Library;

  const open = async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-sandbox-"));
    ac = await Arctic.open("duckdb://" + dir);
    lib = await ac.createLibrary("equities");
    other = await ac.createLibrary("secrets");
    await lib.write("AAPL", { timestamp: [new Date(day(1)), new Date(day(2))], close: [10, 20] });
    await other.write("KEYS", { timestamp: [new Date(day(1))], close: [1] }, { metadata: { apiKey: "live-key" } });
  };
  const close = async () => {
    await ac.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };

  // The refusals only read: one store for all of them (each checks the library still answers).
  describe("refusals", () => {
    beforeAll(open);
    afterAll(close);
    it.each(refusedEverywhere)("refuses %s with InvalidDataError", async (_what, text) => {
      await expectRefused(lib, text);
      expect(columns(await lib.sql("select sum(close) as s from {AAPL}")).s, "the library still answers").toEqual([30]);
    });
  });

  describe("with a fresh store per test", () => {
    beforeEach(open);
    afterEach(close);

    it("runs on a DuckDB with external access, extension auto-install and auto-load off", async () => {
      const t = await lib.sql(
        "select current_setting('enable_external_access') as ext, current_setting('autoinstall_known_extensions') as inst, current_setting('autoload_known_extensions') as load",
      );
      expect(columns(t)).toEqual({ ext: [false], inst: [false], load: [false] });
    });

    it("a deleted version's metadata (an API key) cannot be read back, in this library or another one it attaches", async () => {
      await other.writeMetadata("KEYS", { apiKey: null });
      await other.delete("KEYS", { versions: [0] });
      const viaSibling = await expectRefused(lib, "select v.* from {secrets/KEYS} k, ql_lib_0.ql_versions v");
      expect(viaSibling.message).toContain("ql_lib_0.ql_versions");
      await expectRefused(other, "select * from ql_versions");
      for (const table of CATALOG) await expectRefused(lib, `select * from {secrets/KEYS}, ${table}`);
      // The sibling's placeholder itself shows its rows only.
      expect(columns(await lib.sql("select * from {secrets/KEYS}"))).toEqual({ timestamp: [day(1)], close: [1] });
    });

    it("a WITH may not take a catalog table's name", async () => {
      const error = await expectRefused(lib, "with ql_versions as (select 1 as x) select * from ql_versions");
      expect(error.message).toContain("ql_versions");
    });

    it("SUMMARIZE, PIVOT and VALUES over placeholders still run", async () => {
      expect(columns(await lib.sql("select column_name from (summarize {AAPL}) order by 1")).column_name).toEqual(["close", "timestamp"]);
      expect(columns(await lib.sql("select * from (pivot (select close::int as c from {AAPL}) on c in (10, 20) using count(*))"))).toEqual({ "10": [1], "20": [1] });
      expect(columns(await lib.sql("select sum(x) as s from (values (1), (2)) v(x)")).s).toEqual([3]);
    });

    it("a query ending in a -- comment runs", async () => {
      expect(columns(await lib.sql("select count(*) as n from {AAPL} -- two rows")).n).toEqual([2]);
      expect(columns(await lib.sql("select 1 as one --")).one).toEqual([1]);
    });

    it("allowFiles lets a notebook read files, and a reject table named like the catalog dies with the call", async () => {
      const csv = path.join(dir, "prices.csv");
      fs.writeFileSync(csv, "close\n1.5\nnot a number\n2.5\n");
      await expectRefused(lib, `select * from read_csv('${csv}')`);
      const q =
        `select sum(close) as s from read_csv('${csv}', columns = {{'close': 'DOUBLE'}}, header = true, ` +
        `store_rejects = true, rejects_table = 'ql_versions', rejects_scan = 'ql_symbols')`;
      expect(columns(await lib.sql(q, { allowFiles: true })).s).toEqual([4]);
      // Store calls in this process still see the real catalog.
      expect(columns((await lib.read("AAPL")).data).close).toEqual([10, 20]);
      await lib.append("AAPL", { timestamp: [new Date(day(3))], close: [30] });
      expect((await lib.listVersions("AAPL")).map((v) => v.version)).toEqual([1, 0]);
      expect(columns(await lib.sql("select count(*) as n from {AAPL}")).n).toEqual([3]);
    });

    it("allowFiles still hides the catalog", async () => {
      await failure(() => lib.sql("select * from ql_versions", { allowFiles: true })).then((e) => expect(e).toBeInstanceOf(InvalidDataError));
      await failure(() => lib.sql("select * from query_table('ql_versions')", { allowFiles: true })).then((e) => expect(e).toBeInstanceOf(InvalidDataError));
    });
  });
});

describe("lib.sql on an in-memory store", () => {
  let lib: Library;
  const bind = async (store: { lib: Library }) => {
    ({ lib } = store);
    await lib.write("AAPL", { timestamp: [new Date(day(1)), new Date(day(2))], close: [10, 20] });
  };

  // The refusals only read: one store for all of them.
  describe("refusals", () => {
    useMemoryLibrary(bind, { shared: true });
    it.each(refusedEverywhere)("refuses %s with InvalidDataError", async (_what, text) => {
      await expectRefused(lib, text);
    });
  });

  describe("with a fresh store per test", () => {
    useMemoryLibrary(bind);

    it("its DuckDB reads no file even when the statement gets past the checks", async () => {
      expect(columns(await lib.sql("select current_setting('enable_external_access') as ext")).ext).toEqual([false]);
      const error = await failure(() => lib.sql("select 1", { allowFiles: true }));
      expect(error).toBeInstanceOf(InvalidDataError);
      expect((error as Error).message).toContain("on-disk");
    });

    it("large writes still stage through its private folder", async () => {
      const n = 300_000;
      const timestamp = Array.from({ length: n }, (_, i) => new Date(day(1) + i * 1000));
      await lib.write("BIG", { timestamp, close: Float64Array.from({ length: n }, (_, i) => i) });
      expect(columns(await lib.sql("select count(*) as n, sum(close) as s from {BIG}"))).toEqual({ n: [n], s: [(n * (n - 1)) / 2] });
  });
});

it("a SQL error is still a StoreError, not a refusal", async () => {
  const ac = await Arctic.open("mem://");
  const lib = await ac.createLibrary("x");
  const error = await failure(() => lib.sql("select nope from range(3)"));
  expect(error).toBeInstanceOf(StoreError);
  expect(error).not.toBeInstanceOf(InvalidDataError);
  await ac.close();
  });
});
