/**
 * The example scripts shipped in jobs/examples run offline through the registry with the project as
 * root, store OHLC-consistent bars (or rates), and re-running them in mode "update" for the same slot
 * changes nothing but the version number.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobRegistry, checkOhlcvBasics } from "../../lib/jobs";
import { Arctic } from "../../lib/store";
import { PROJECT, columns } from "./fixtures";

let dir: string;
let arctic: Arctic;
let jobs: JobRegistry;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-jobs-examples-"));
  arctic = await Arctic.open("duckdb://" + dir);
  jobs = await JobRegistry.open(arctic, { root: PROJECT });
});
afterEach(async () => {
  await arctic.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const scheduledAt = new Date("2024-03-01T22:00:00Z");
const DAY = 86_400_000;

describe("jobs/examples", () => {
  const cases = [
    { name: "sample_bars_ts", script: "jobs/examples/sample_bars.ts", args: ["--days", "5"], rows: 5, ohlcv: true },
    { name: "sample_bars_py", script: "jobs/examples/sample_bars.py", args: ["--days", "5"], rows: 5, ohlcv: true },
    { name: "sample_rates_sh", script: "jobs/examples/sample_rates.sh", args: ["4"], rows: 4, ohlcv: false },
  ];
  for (const c of cases) {
    it(`${c.script} stores the days before the scheduled time, and reruns idempotently in mode update`, async () => {
      await jobs.add({ name: c.name, script: c.script, args: c.args, library: "samples", symbol: c.name, mode: "update", cron: "0 22 * * 1-5", timezone: "America/New_York" });
      const first = await jobs.run(c.name, { scheduledAt });
      expect(first, `${first.error}\n${first.stderrTail}`).toMatchObject({ status: "success", rows: c.rows, version: 0 });
      const again = await jobs.run(c.name, { scheduledAt });
      expect(again).toMatchObject({ status: "success", version: 1 });
      const lib = await arctic.getLibrary("samples");
      const v1 = (await lib.read(c.name)).data;
      expect(columns(v1)).toEqual(columns((await lib.read(c.name, { asOf: 0 })).data));
      const days = Array.from(v1.array("timestamp") as ArrayLike<number>);
      const midnight = Date.UTC(2024, 2, 1);
      expect(days).toEqual(Array.from({ length: c.rows }, (_, i) => midnight - (c.rows - i) * DAY));
      if (c.ohlcv) expect(checkOhlcvBasics(v1)).toEqual([]);
      expect(first.stderrTail).toMatch(/\S/);
    });
  }
});
