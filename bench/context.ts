/** What every benchmark gets: sizes, a temp folder, and the shared 10M-bar store and plain table. */
import * as fs from "fs";
import * as path from "path";
import { Arctic, Library } from "../lib";
import { DEFAULT_FILE_OPTIONS } from "../lib/store/engine";
import { Bars, barsSql, makeBars } from "./ohlcv";
import { RawDb } from "./raw";
import { BenchReport } from "./report";
import { progress, timeOnce, fmtMs } from "./timing";

/** A benchmark: one file, one id (matched by the names on the command line). */
export interface Benchmark {
  id: string;
  title: string;
  file: string;
  run(ctx: BenchContext): Promise<BenchReport>;
}

/**
 * The big series shared by the write, read and warm benchmarks: the bars in JS, a store holding them
 * as `symbol`, and a plain DuckDB file holding them as table `t1`.
 */
export interface Fixture {
  dir: string;
  arctic: Arctic;
  lib: Library;
  bars: Bars;
  rows: number;
  /** The store symbol holding the bars (written on first use of {@link symbol}). */
  symbol(): Promise<string>;
  /** Records that `name` already holds exactly the bars, so symbol() need not write them. */
  adopt(name: string): void;
  /** The plain file; benchmarks may close it and reopen it with {@link reopenRaw}. */
  raw: RawDb;
  rawPath: string;
  reopenRaw(): Promise<void>;
}

export class BenchContext {
  /** Rows of the big series: BENCH_ROWS, default 10M. */
  readonly rows: number;
  readonly idleCloseMs = DEFAULT_FILE_OPTIONS.idleCloseMs;
  #fixture: Promise<Fixture> | null = null;
  #closers: (() => Promise<void> | void)[] = [];

  constructor(readonly tmpRoot: string) {
    const env = Number(process.env.BENCH_ROWS ?? 10_000_000);
    if (!Number.isInteger(env) || env < 10_000) throw new Error(`bench: BENCH_ROWS must be an integer >= 10000, got '${process.env.BENCH_ROWS}'`);
    this.rows = env;
  }

  /** A new empty folder under the run's temp folder. */
  dir(name: string): string {
    const dir = path.join(this.tmpRoot, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Registers cleanup to run at the end of the run (last registered runs first). */
  onClose(fn: () => Promise<void> | void): void {
    this.#closers.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.#closers.reverse()) {
      try {
        await fn();
      } catch (error) {
        progress(`cleanup failed: ${(error as Error).message}`);
      }
    }
    this.#closers = [];
  }

  fixture(): Promise<Fixture> {
    return (this.#fixture ??= this.#makeFixture());
  }

  async #makeFixture(): Promise<Fixture> {
    const dir = this.dir("fixture");
    const rows = this.rows;
    progress(`generating ${rows.toLocaleString("en")} bars in JS`);
    const bars = makeBars(rows);
    const rawPath = path.join(dir, "plain.duckdb");
    const raw = await RawDb.create(rawPath);
    const made = await timeOnce(() => raw.run(`CREATE TABLE t1 AS ${barsSql(rows)}`));
    await raw.run("CHECKPOINT");
    progress(`plain table t1 (TIMESTAMP + 5 DOUBLE, ${rows.toLocaleString("en")} rows) made in ${fmtMs(made.ms)}`);
    const arctic = await Arctic.open("duckdb://" + path.join(dir, "store"));
    const lib = await arctic.getLibrary("bench", { createIfMissing: true });
    let written: string | null = null;
    const fixture: Fixture = {
      dir,
      arctic,
      lib,
      bars,
      rows,
      raw,
      rawPath,
      adopt: (name) => {
        written ??= name;
      },
      symbol: async () => {
        if (written) return written;
        progress(`writing the ${rows.toLocaleString("en")}-bar symbol BARS`);
        await lib.write("BARS", bars);
        written = "BARS";
        return written;
      },
      reopenRaw: async () => {
        fixture.raw = await RawDb.create(rawPath);
      },
    };
    this.onClose(async () => {
      await arctic.close();
      try {
        fixture.raw.close();
      } catch {
        // closed already
      }
    });
    return fixture;
  }
}
