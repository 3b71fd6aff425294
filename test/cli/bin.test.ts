import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic } from "../../lib/store";

const BIN = path.resolve(__dirname, "..", "..", "bin", "quantlab");

let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-bin-"));
  const arctic = await Arctic.open("duckdb://" + dir);
  try {
    const lib = await arctic.createLibrary("market_data");
    const timestamp = [0, 1, 2].map((i) => new Date(Date.UTC(2024, 0, 2 + i, 14, 30)));
    await lib.write("SPY", { timestamp, close: [470.5, 472.25, 468] });
  } finally {
    await arctic.close();
  }
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("bin/quantlab", () => {
  it("runs the CLI from another working directory", () => {
    const options = { cwd: os.tmpdir(), encoding: "utf8" as const };
    const store = ["--store", "duckdb://" + dir];
    expect(execFileSync(BIN, ["store", "libraries", ...store], options)).toBe("market_data\n");
    expect(execFileSync(BIN, ["store", "read", "market_data", "SPY", "--format", "csv", "--tail", "2", ...store], options)).toBe(
      "timestamp,close\n2024-01-03T14:30:00.000Z,472.25\n2024-01-04T14:30:00.000Z,468\n",
    );
  });

  it("exits with 1 and a one-line message for a store error, with 2 and usage for a usage error", () => {
    const missing = spawnSync(BIN, ["store", "read", "market_data", "QQQ", "--store", "duckdb://" + dir], { cwd: os.tmpdir(), encoding: "utf8" });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toBe("error: symbol 'QQQ' does not exist in library 'market_data'\n");
    const usage = spawnSync(BIN, ["store", "nonsense"], { cwd: os.tmpdir(), encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Usage: quantlab store <command>");
  });
});
