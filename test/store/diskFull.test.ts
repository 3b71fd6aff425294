/**
 * Disk full, for real (issue 18 §3): a child process writes under a lowered file-size limit (`ulimit -f`,
 * with SIGXFSZ ignored so a write past it fails with EFBIG, as on a full disk), in DuckDB's file or in the
 * store's staging file. The failing call is a DiskFullError naming the library; every version acknowledged
 * before it reads back whole, the failed one is not there, and the process and the library go on working.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Arctic } from "../../lib/store";

const worker = path.join(__dirname, "workers", "fillDisk.ts");

let dir: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-diskfull-"));
  const arctic = await Arctic.open("duckdb://" + dir);
  await (await arctic.createLibrary("full")).write("FULL", { v: [0.5] });
  await arctic.close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  acknowledged: number[];
  failure: { name: string; code?: string; message: string; file?: string } | null;
  after: string;
}

/** Runs the worker under a file-size limit of `limitKb` KiB: appends of `rows` rows until one fails. */
function fill(rows: number, limitKb: number): Outcome {
  const command = `trap '' XFSZ; ulimit -f ${limitKb}; exec "$0" --import tsx "$1" "$2" "$3" 30`;
  const run = spawnSync("bash", ["-c", command, process.execPath, worker, dir, String(rows)], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as Outcome;
}

/** Reads the library back in this process (no limit): versions, and the values of the latest. */
async function stored(): Promise<{ versions: number[]; rows: number; values: number[] }> {
  const arctic = await Arctic.open("duckdb://" + dir);
  try {
    const lib = await arctic.getLibrary("full");
    const read = await lib.read("FULL");
    return {
      versions: (await lib.listVersions("FULL")).map((v) => v.version).sort((a, b) => a - b),
      rows: read.data.numRows(),
      values: Array.from(read.data.array("v") as Float64Array),
    };
  } finally {
    await arctic.close();
  }
}

/** The values the worker appends: chunk k holds sin(k * rows + r) * 1e6. */
const expected = (rows: number, chunks: number) => [0.5, ...Array.from({ length: rows * chunks }, (_, i) => Math.sin(i) * 1e6)];

describe("disk full", () => {
  it("when DuckDB's file cannot grow: DiskFullError, every acknowledged version intact, the failed one absent", async () => {
    const rows = 500_000; // 4 MB a chunk; DuckDB's file reaches the 20 MB limit after a few
    const outcome = fill(rows, 20_000);
    expect(outcome.failure, "the limit is reached within 30 appends").not.toBeNull();
    expect(outcome.failure!.name).toBe("DiskFullError");
    expect(outcome.failure!.code).toBe("DISK_FULL");
    expect(outcome.failure!.message).toContain("library 'full'");
    expect(outcome.acknowledged.length).toBeGreaterThan(0);
    expect(outcome.after, "the same process writes again once a small write fits").toBe("ok");
    const now = await stored();
    expect(now.versions).toEqual([0, ...outcome.acknowledged]);
    expect(now.rows).toBe(1 + rows * outcome.acknowledged.length);
    expect(now.values).toEqual(expected(rows, outcome.acknowledged.length));
  });

  it("when the staging file cannot be written: DiskFullError naming that file, nothing stored", async () => {
    const rows = 1_000_000; // a staging file of ~7.9 MB, past a 4 MB limit before DuckDB sees a row
    const outcome = fill(rows, 4_000);
    expect(outcome.acknowledged).toEqual([]);
    expect(outcome.failure?.name, outcome.failure?.message).toBe("DiskFullError");
    expect(outcome.failure!.file).toMatch(/\.tmp\/insert-/);
    const now = await stored();
    expect(now.versions).toEqual([0]);
    expect(now.values).toEqual([0.5]);
    expect(fs.readdirSync(path.join(dir, ".tmp")), "the partial staging file is removed").toEqual([]);
  });
});
