import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic } from "../../lib/store";
import { calendar } from "../../lib/market";
import { runCli } from "./runCli";

const HOUR = 3_600_000;
/** Judged at Friday 2024-03-15 22:00 UTC: that day's NYSE session closed at 20:00 UTC (16:00 EDT). */
const AT = "2024-03-15T22:00:00.000Z";
const sessionLabels = (from: string, to: string) => calendar("XNYS").sessions(from, to).map((s) => Date.parse(`${s.date}T00:00:00Z`));

let dir: string;
let uri: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-freshness-"));
  uri = "duckdb://" + dir;
  const arctic = await Arctic.open(uri);
  try {
    const lib = await arctic.createLibrary("eq");
    const bars = (times: number[]) => ({ timestamp: times.map((t) => new Date(t)), open: times.map(() => 10), high: times.map(() => 11), low: times.map(() => 9), close: times.map(() => 10), volume: times.map(() => 1) });
    const xnys = { timeframe: "1d", calendar: "XNYS" };
    await lib.write("FRESH", bars(sessionLabels("2024-03-01", "2024-03-15")), { metadata: xnys });
    await lib.write("BEHIND", bars(sessionLabels("2024-03-01", "2024-03-12")), { metadata: xnys }); // misses 13, 14, 15
    await lib.write("FRESH.actions", { timestamp: [new Date(Date.UTC(2024, 2, 4))], dividend: [0.5], split: [1] });
    const hours = (n: number, end: number) => Array.from({ length: n }, (_, i) => end - (n - i) * HOUR);
    const at = Date.parse(AT);
    await lib.write("BTCUSDT", bars(hours(48, at)), { metadata: { interval: "1h" } }); // last bar 21:00, closed at 22:00
    await lib.write("ETHUSDT", bars(hours(48, at - 5 * HOUR)), { metadata: { interval: "1h" } }); // 5 hours behind
  } finally {
    await arctic.close();
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("quantlab data freshness", () => {
  it("lists the symbols behind their calendar and exits 1", async () => {
    const { code, lines } = await runCli(["data", "freshness", "eq", "--store", uri, "--at", AT]);
    expect(code).toBe(1);
    expect(lines[0]).toBe(`eq: 4 symbol(s) checked at ${AT}, 2 stale`);
    expect(lines.slice(2).map((l) => l.split(/\s+/))).toEqual([
      ["symbol", "timeframe", "calendar", "latest", "missing", "status"],
      ["BEHIND", "1d", "XNYS", "2024-03-12T00:00:00.000Z", "3", "stale"],
      ["ETHUSDT", "1h", "24/7", "2024-03-15T16:00:00.000Z", "5", "stale"],
    ]);
  });

  it("lists every symbol with --all, skips SYM.actions, and is fresh within --tolerance", async () => {
    const all = await runCli(["data", "freshness", "eq", "--store", uri, "--at", AT, "--all", "--json"]);
    const rows = JSON.parse(all.stdout) as { symbol: string; missingBars: number; stale: boolean }[];
    expect(rows.map((r) => [r.symbol, r.missingBars, r.stale])).toEqual([["BEHIND", 3, true], ["BTCUSDT", 0, false], ["ETHUSDT", 5, true], ["FRESH", 0, false]]);
    const tolerant = await runCli(["data", "freshness", "eq", "--store", uri, "--at", AT, "--tolerance", "5"]);
    expect([tolerant.code, tolerant.lines]).toEqual([0, [`eq: 4 symbol(s) checked at ${AT}, 0 stale`]]);
    // Before Friday's close, Friday's bar is not due yet.
    const early = await runCli(["data", "freshness", "eq", "--store", uri, "--at", "2024-03-15T19:00:00.000Z", "--all", "--json"]);
    expect((JSON.parse(early.stdout) as { symbol: string; missingBars: number }[]).find((r) => r.symbol === "BEHIND")?.missingBars).toBe(2);
  });

  it("names a bad option", async () => {
    const bad = await runCli(["data", "freshness", "eq", "--store", uri, "--at", "yesterday"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--at must be an ISO-8601 time, got 'yesterday'");
    const calendarName = await runCli(["data", "freshness", "eq", "--store", uri, "--calendar", "LSE"]);
    expect(calendarName.code).toBe(2);
  });
});

describe("the freshness job", () => {
  it("fails its run (exit 1, stale symbols on stderr) while a symbol is behind, and stores its table once all are fresh", async () => {
    const { JobRegistry } = await import("../../lib/jobs");
    const arctic = await Arctic.open(uri);
    try {
      const jobs = await JobRegistry.open(arctic, { root: path.resolve(__dirname, "..", "..") });
      await jobs.add({ name: "eq_fresh", script: "jobs/checks/freshness.ts", library: "monitoring", symbol: "freshness_eq", args: ["--library", "eq"], timeoutMs: 60_000 });
      const failed = await jobs.run("eq_fresh");
      expect([failed.status, failed.exitCode]).toEqual(["failed", 1]);
      expect(failed.stderrTail).toContain("freshness: eq/BEHIND is stale");
      await jobs.add({ name: "eq_fresh_tolerant", script: "jobs/checks/freshness.ts", library: "monitoring", symbol: "freshness_eq", args: ["--library", "eq", "--tolerance", "100000"], timeoutMs: 60_000 });
      const ok = await jobs.run("eq_fresh_tolerant");
      expect([ok.status, ok.rows], ok.error ?? ok.stderrTail).toEqual(["success", 4]);
      const table = (await (await arctic.getLibrary("monitoring")).read("freshness_eq")).data;
      expect(Array.from(table.array("symbol") as ArrayLike<string>)).toEqual(["BEHIND", "BTCUSDT", "ETHUSDT", "FRESH"]);
    } finally {
      await arctic.close();
    }
  });
});
