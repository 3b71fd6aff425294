import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./runCli";
import { Arctic } from "../../lib/store";

const run = (...args: string[]) => runCli(args);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-cli-import-"));
const store = path.join(dir, "store");
const GOOG = path.join(__dirname, "..", "..", "notebooks", "data", "GOOG.csv");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("quantlab import", () => {
  it("imports a file as the symbol its name gives, into a library it creates, with progress on stderr", async () => {
    const result = await run("import", GOOG, "--library", "daily", "--lowercase", "--store", store);
    expect(result.stderr).toMatch(/^import GOOG\.csv: 1\/20 5%\n/);
    expect(result.stderr).toMatch(/import GOOG\.csv: 20\/20 100%\n$/);
    expect(result).toMatchObject({ code: 0, stdout: "daily/GOOG: version 0, 2148 rows\n" });
    const ac = await Arctic.open(`duckdb://${store}`);
    try {
      const item = await (await ac.getLibrary("daily")).read("GOOG", { rowRange: [0, 1] });
      expect(item.data.columnNames()).toEqual(["timestamp", "open", "high", "low", "close", "volume"]);
      expect(item.metadata).toEqual({ source: "import", file: "GOOG.csv", format: "csv", rows: 2148 });
    } finally {
      await ac.close();
    }
  });

  it("appends with --symbol and --mode, and prints JSON when asked", async () => {
    const file = path.join(dir, "more.csv");
    fs.writeFileSync(file, "date,open,high,low,close,volume\n2013-03-04,1,2,0.5,1.5,100\n");
    const result = await run("import", "file", file, "--library", "daily", "--symbol", "GOOG", "--mode", "append", "--json", "--store", store);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ library: "daily", imported: [{ symbol: "GOOG", version: 1, rows: 2149 }] });
  });

  it("exits 1 with the line and column of a bad value and stores nothing; 2 for a usage mistake", async () => {
    const bad = path.join(dir, "bad.csv");
    fs.writeFileSync(bad, "date,close\n2024-01-02,1\n2024-01-03,x1\n");
    const result = await run("import", bad, "--library", "daily", "--store", store);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: bad\.csv line 3, column 'close': 'x1' is not a number/);
    const ac = await Arctic.open(`duckdb://${store}`);
    try {
      expect(await (await ac.getLibrary("daily")).hasSymbol("bad")).toBe(false);
    } finally {
      await ac.close();
    }
    expect((await run("import", bad, "--store", store)).code).toBe(2);
    expect((await run("import", bad, "--library", "daily", "--mode", "upsert", "--store", store)).stderr).toMatch(/--mode must be one of write, append, update, got 'upsert'/);
  });
});

describe("quantlab report", () => {
  it("names a notebook that is not there, as a usage mistake", async () => {
    const result = await run("report", "notebooks/nope.ipynb");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/quantlab: no notebook at '.*notebooks\/nope\.ipynb'/);
  });
});
