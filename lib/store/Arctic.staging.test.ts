import { DuckDBInstance } from "@duckdb/node-api";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Arctic } from "./index";
import { writeParquet } from "./parquet";
import { columns, day } from "./testing";

const stagingDirs = (tmp: string) => fs.readdirSync(tmp).filter((n) => n.startsWith("quantlab-staging"));

describe("in-memory stores stage large writes in a private folder", () => {
  let tmp: string;
  let saved: string | undefined;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-tmpdir-"));
    saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("a mkdtemp folder (unguessable, mode 0700) per store, which another store never shares and close() removes", async () => {
    // The old fixed folder, planted by someone else with a symbolic link where a staging file would go.
    const planted = path.join(tmp, "quantlab-staging");
    fs.mkdirSync(planted);
    const victim = path.join(tmp, "victim");
    fs.writeFileSync(victim, "keep me");
    const a = await Arctic.open("mem://");
    const b = await Arctic.open("mem://");
    const mine = stagingDirs(tmp).filter((n) => n !== "quantlab-staging");
    expect(mine.length, "one folder per store").toBe(2);
    for (const name of mine) {
      expect(name).toMatch(/^quantlab-staging-.{6}$/);
      expect(fs.statSync(path.join(tmp, name)).mode & 0o777, name).toBe(0o700);
    }
    const lib = await a.createLibrary("lib");
    const n = 200_000;
    await lib.write("BIG", { timestamp: Array.from({ length: n }, (_, i) => new Date(day(1) + i)), close: Float64Array.from({ length: n }, (_, i) => i) });
    expect(columns(await lib.sql("select count(*) as n from {BIG}")).n).toEqual([n]);
    expect(fs.readdirSync(planted), "nothing is written to the shared folder").toEqual([]);
    expect(fs.readFileSync(victim, "utf8")).toBe("keep me");
    await a.close();
    await b.close();
    expect(stagingDirs(tmp)).toEqual(["quantlab-staging"]);
  });

  it("a staging file is created exclusively: a symbolic link at its name is not followed", () => {
    const victim = path.join(tmp, "victim");
    fs.writeFileSync(victim, "keep me");
    const link = path.join(tmp, "insert.parquet");
    fs.symlinkSync(victim, link);
    const write = () => writeParquet(link, [{ name: "x", type: "double", values: new Float64Array([1]) }], 1, { exclusive: true });
    expect(write).toThrow(/EEXIST/);
    expect(fs.readFileSync(victim, "utf8")).toBe("keep me");
  });
});

describe("listLibraries lists quantlab's libraries only", () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("leaves out a DuckDB file quantlab did not make and a file that is not DuckDB at all", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-list-"));
    const ac = await Arctic.open("duckdb://" + dir);
    await ac.createLibrary("prices");
    const foreign = await DuckDBInstance.create(path.join(dir, "foreign.duckdb"));
    const c = await foreign.connect();
    await c.run("CREATE TABLE t AS SELECT 1 AS x");
    c.closeSync();
    foreign.closeSync();
    fs.writeFileSync(path.join(dir, "notes.duckdb"), "not a database");
    expect(await ac.listLibraries()).toEqual(["prices"]);
    expect([await ac.hasLibrary("foreign"), await ac.hasLibrary("notes"), await ac.hasLibrary("prices")]).toEqual([false, false, true]);
    expect(fs.readFileSync(path.join(dir, "notes.duckdb"), "utf8"), "the foreign files are left as they were").toBe("not a database");
    await ac.close();
  });
});
