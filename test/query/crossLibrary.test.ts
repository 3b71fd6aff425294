import { setTimeout as sleep } from "timers/promises";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Arctic, Library, SymbolNotFoundError } from "../../lib/store";
import { columns, failure } from "../../lib/store/testing";

let dir: string;
let ac: Arctic;
let a: Library;
let b: Library;
const t = (d: number) => new Date(Date.UTC(2024, 0, d));

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-query-"));
  ac = await Arctic.open("duckdb://" + dir);
  a = await ac.createLibrary("equities");
  b = await ac.createLibrary("fx rates");
  await a.write("AAPL", { timestamp: [t(1), t(2), t(3)], close: [10, 20, 30] });
  await b.write("EURUSD", { timestamp: [t(2), t(3)], rate: [1.1, 1.2] });
});
afterEach(async () => {
  await ac.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("lib.sql across libraries: {library/SYMBOL}", () => {
  it("joins a symbol of this library with one of another library of the same store", async () => {
    const got = await a.sql("select s.timestamp, s.close * f.rate as close_eur from {AAPL} s join {fx rates/EURUSD} f using (timestamp) order by 1");
    expect(columns(got)).toEqual({ timestamp: [t(2).getTime(), t(3).getTime()], close_eur: [20 * 1.1, 30 * 1.2] });
  });

  it("reads the other library's version asOf names, and leaves it writable afterwards", async () => {
    await b.append("EURUSD", { timestamp: [t(4)], rate: [1.3] });
    const count = async (asOf?: number) => columns(await a.sql("select count(*) as n from {fx rates/EURUSD}", { asOf })).n[0];
    expect(await count()).toBe(3);
    expect(await count(0)).toBe(2);
    await b.append("EURUSD", { timestamp: [t(5)], rate: [1.4] });
    expect(columns((await b.read("EURUSD")).data).rate).toEqual([1.1, 1.2, 1.3, 1.4]);
  });

  it("a symbol of this library whose name holds '/' wins over a library of that name", async () => {
    await a.write("fx rates/EURUSD", { timestamp: [t(9)], rate: [9] });
    expect(columns(await a.sql("select rate from {fx rates/EURUSD}")).rate).toEqual([9]);
  });

  it("an unknown library or symbol is SymbolNotFoundError naming the placeholder", async () => {
    const e = (await failure(() => a.sql("select * from {nolib/EURUSD}"))) as Error;
    expect(e).toBeInstanceOf(SymbolNotFoundError);
    expect(e.message).toBe("symbol 'nolib/EURUSD' does not exist in library 'equities'");
    const f = (await failure(() => a.sql("select * from {fx rates/GBPUSD}"))) as Error;
    expect(f).toBeInstanceOf(SymbolNotFoundError);
    expect(f.message).toContain("symbol 'GBPUSD' does not exist in library 'fx rates'");
    // The failed call detached the other library: this library's own queries still work.
    expect(columns(await a.sql("select count(*) as n from {AAPL}")).n).toEqual([3]);
  });

  it("two calls referring to each other's library at once both finish (files are taken in one order)", async () => {
    const [x, y] = await Promise.all([
      a.sql("select count(*) as n from {fx rates/EURUSD}"),
      b.sql("select count(*) as n from {equities/AAPL}"),
      a.read("AAPL"),
      b.write("OTHER", { v: [1] }),
    ]);
    expect(columns(x).n).toEqual([2]);
    expect(columns(y).n).toEqual([3]);
  });

  it("gets the other library from a process that keeps appending to it, and reads a consistent version", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "workers", "appender.ts"), dir], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      for (let i = 0; i < 200 && !out.includes("started"); i++) await sleep(50);
      expect(out, err).toContain("started");
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = await a.sql("select count(*) as n, max(rate) as top, count(distinct timestamp) as distinct_times from {fx rates/EURUSD}");
        const row = columns(t);
        // Every version holds the two first rows and the appended ones, each once.
        expect(row.n[0]).toBe(row.distinct_times[0]);
        counts.push(row.n[0] as number);
        await sleep(100);
      }
      expect(counts).toEqual([...counts].sort((x, y) => x - y));
      child.stdin!.end("stop\n");
      expect(await exited, err).toBe(0);
      const appended = Number(/done (\d+)/.exec(out)![1]);
      // The other process let go of the file in the middle of its appends (it appends once more after our reads).
      expect(counts[0]).toBeLessThan(2 + appended);
      expect(columns(await a.sql("select count(*) as n from {fx rates/EURUSD}")).n).toEqual([2 + appended]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    }
  });
});
