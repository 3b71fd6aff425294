import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic, Library, TimestampArray } from "../../lib";
import { runCli } from "./runCli";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "quantlab");

let dir: string;
const storeA = () => path.join(dir, "a");
const storeB = () => path.join(dir, "b");

/** Everything a reader sees of each live version of each symbol: versions, types, values (exact), metadata. */
async function contents(storePath: string, library: string): Promise<unknown> {
  const arctic = await Arctic.open("duckdb://" + storePath);
  try {
    const lib: Library = await arctic.getLibrary(library);
    const out: Record<string, unknown> = {};
    for (const symbol of await lib.listSymbols()) {
      for (const v of (await lib.listVersions(symbol)).filter((x) => !x.deleted)) {
        const item = await lib.read(symbol, { asOf: v.version });
        const d = await lib.getDescription(symbol, { asOf: v.version });
        const data: Record<string, unknown[]> = {};
        for (const name of item.data.columnNames()) data[name] = Array.from(item.data.column(name) as unknown as ArrayLike<unknown>, (x) => (typeof x === "bigint" ? `${x}n` : x));
        out[`${symbol}@${v.version}`] = { types: d.columns.map((c) => c.type), index: d.index, metadata: item.metadata, data };
      }
    }
    return out;
  } finally {
    await arctic.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-export-"));
  const arctic = await Arctic.open("duckdb://" + storeA());
  try {
    const lib = await arctic.createLibrary("prices");
    const t = new TimestampArray([Date.UTC(2024, 0, 2) + 0.001, Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 4) + 0.999]);
    await lib.write("SPY", { timestamp: t, close: [470.5, NaN, null], volume: [1n, 2n ** 62n, null], halted: [false, null, true], venue: ["X", null, ""] }, { metadata: { v: 0 } });
    await lib.write("SPY", { timestamp: t, close: [1, 2, 3], volume: [4n, 5n, 6n], halted: [true, true, false], venue: ["a", "b", "c"] }, { metadata: { v: 1 } });
    await lib.write("SPY", { timestamp: t, close: [7, 8, -Infinity], volume: [7n, 8n, 9n], halted: [false, false, false], venue: ["d", "e", "f"] }, { metadata: { v: 2 } });
    await lib.delete("SPY", { versions: [1] });
    await lib.write("rows", { x: [1.25, -2.5] });
  } finally {
    await arctic.close();
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("quantlab store export / quantlab import store", () => {
  it("round trip every version, run from another working directory with a relative DIR", () => {
    const options = { cwd: dir, encoding: "utf8" as const };
    const exported = spawnSync(BIN, ["store", "export", "prices", "out", "--all-versions", "--store", "duckdb://" + storeA()], options);
    expect(exported.stderr).toMatch(/export prices: 3\/3/);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toBe(`prices: 2 symbols, 3 versions, 8 rows -> ${path.join(dir, "out")}\n`);
    expect(fs.existsSync(path.join(dir, "out", "manifest.json"))).toBe(true);
    const imported = spawnSync(BIN, ["import", "store", "out", "--store", storeB()], options);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toBe("prices/SPY: versions 0, 2\nprices/rows: versions 0\n");
  });

  it("restores the same versions, types, values and metadata", async () => {
    const restored = await contents(storeB(), "prices");
    expect(Object.keys(restored as object).sort()).toEqual(["SPY@0", "SPY@2", "rows@0"]);
    expect(restored).toEqual(await contents(storeA(), "prices"));
  });

  it("refuses a symbol the library has (exit 1, nothing changed), then replaces it with --mode replace", async () => {
    const before = await contents(storeB(), "prices");
    const again = await runCli(["import", "store", path.join(dir, "out"), "--store", storeB()]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/library 'prices' already has 'SPY'/);
    expect(await contents(storeB(), "prices")).toEqual(before);
    const replaced = await runCli(["import", "store", path.join(dir, "out"), "--mode", "replace", "--json", "--store", storeB()]);
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout).symbols[0]).toEqual({ symbol: "SPY", exported: [0, 2], stored: [3, 4] });
  });

  it("a snapshot with --as-of into another library with --library", async () => {
    const arctic = await Arctic.open("duckdb://" + storeA());
    try {
      await (await arctic.getLibrary("prices")).snapshot("eod");
    } finally {
      await arctic.close();
    }
    const out = path.join(dir, "snap");
    expect((await runCli(["store", "export", "prices", out, "--as-of", "eod", "--symbol", "SPY", "--store", storeA()])).code).toBe(0);
    const result = await runCli(["import", "store", out, "--library", "copy", "--store", storeB()]);
    expect(result.stdout).toBe("copy/SPY: versions 0\n");
    const copy = (await contents(storeB(), "copy")) as Record<string, unknown>;
    expect(copy["SPY@0"]).toEqual(((await contents(storeA(), "prices")) as Record<string, unknown>)["SPY@2"]);
  });

  it("named errors for a directory without a manifest and a non-empty export directory; usage errors exit 2", async () => {
    const empty = path.join(dir, "empty");
    fs.mkdirSync(empty);
    const missing = await runCli(["import", "store", empty, "--store", storeB()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/holds no manifest\.json/);
    const busy = await runCli(["store", "export", "prices", path.join(dir, "out"), "--store", storeA()]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/is not an empty directory/);
    expect((await runCli(["store", "export", "prices", path.join(dir, "x"), "--as-of", "eod", "--all-versions", "--store", storeA()])).code).toBe(2);
    expect((await runCli(["import", "store", empty, "--mode", "merge", "--store", storeB()])).code).toBe(2);
  });
});
