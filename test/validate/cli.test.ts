/** `quantlab validate ...` run in-process with captured output, on a store in a temp folder. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/runCli";
import { Arctic } from "../../lib/store";
import { Bars, cleanBars, insertRow, minuteGrid, pick, rowOf } from "../../lib/validate/testing";

const run = (...args: string[]) => runCli(args);

const asDates = (b: Bars) => ({ ...b, timestamp: b.timestamp.map((t) => new Date(t)) });
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-validate-cli-"));
  const arctic = await Arctic.open("duckdb://" + dir);
  try {
    const lib = await arctic.createLibrary("market_data");
    await lib.write("GOOD", asDates(cleanBars(minuteGrid(50))));
    const bad = cleanBars(minuteGrid(50));
    insertRow(bad, 21, { ...rowOf(bad, 20), volume: 1 });
    await lib.write("BAD", asDates(pick(bad, bad.timestamp.map((_, i) => i).filter((i) => i !== 40))));
  } finally {
    await arctic.close();
  }
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("quantlab validate", () => {
  it("check of a clean symbol: exit 0, one table row, progress lines on stderr (not a terminal)", async () => {
    const { code, stdout, stderr } = await run("validate", "check", "market_data", "GOOD", "--store", dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^market_data: 1 symbol\(s\) checked at .* \(timeframe 1m, calendar 24\/7 RTH\)/);
    expect(stdout).toMatch(/\nGOOD +0 +50 +1\.0000 .* ok\n/);
    expect(stdout).toMatch(/saved in 'reports' as 'market_data' version 0/);
    expect(stderr).toBe("validate: 1/1 GOOD\n");
  });

  it("check of the library with findings: exit 1, --json is the LibraryCheck", async () => {
    const { code, stdout } = await run("validate", "check", "market_data", "--json", "--no-save", "--store", dir);
    expect(code).toBe(1);
    const check = JSON.parse(stdout);
    expect(check.library).toBe("market_data");
    expect(check.saved).toBeNull();
    const bad = check.symbols.find((s: { symbol: string }) => s.symbol === "BAD");
    expect(bad.report.counts).toMatchObject({ conflictingDuplicates: 1, missingBars: 1 });
    expect(check.ok).toBe(false);
  });

  it("--fix writes new versions and exits 0 when the fixed data is clean; reports shows the saved check", async () => {
    const { code, stdout } = await run("validate", "check", "market_data", "BAD", "--fix", "--store", dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/fixed BAD v0 -> v1: fixDuplicates: removed 1 duplicate row/);
    expect(stdout).toMatch(/fixed BAD v1 -> v2: fillGaps: filled 1 gap\(s\) with 1 synthetic bar/);
    const versions = await run("store", "versions", "market_data", "BAD", "--json", "--store", dir);
    expect(JSON.parse(versions.stdout).map((v: { version: number }) => v.version)).toEqual([2, 1, 0]);
    const saved = await run("validate", "reports", "market_data", "--json", "--store", dir);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout).map((s: { symbol: string; version: number }) => [s.symbol, s.version])).toEqual([
      ["BAD", 2],
      ["GOOD", 0],
    ]);
  });

  it("mistakes in the command line exit 2 with the usage; an unknown library exits 1", async () => {
    const calendar = await run("validate", "check", "market_data", "--calendar", "LSE", "--store", dir);
    expect(calendar.code).toBe(2);
    expect(calendar.stderr).toMatch(/^quantlab: --calendar "LSE" is unknown/);
    expect(calendar.stderr).toMatch(/Usage: quantlab validate \[check\] LIBRARY \[SYMBOL\]/);
    const timeframe = await run("validate", "check", "market_data", "--timeframe", "fast", "--store", dir);
    expect(timeframe.code).toBe(2);
    expect(timeframe.stderr).toMatch(/--timeframe must be like "1m"/);
    const missing = await run("validate", "check", "nope", "--store", dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*'nope'/);
    expect((await run("validate", "--help")).stdout).toMatch(/quantlab validate \[check\] LIBRARY \[SYMBOL\]/);
  });
});
