import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const stagingDirs = (tmp: string) => fs.readdirSync(tmp).filter((n) => n.startsWith("quantlab-staging"));
const storeIndex = path.join(__dirname, "..", "..", "lib", "store", "index.ts");

describe("in-memory store staging", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-tmpdir-"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("a process that exits without closing its store leaves no staging folder", () => {
    const script = `
      const { Arctic } = require(${JSON.stringify(storeIndex)});
      (async () => {
        const ac = await Arctic.open("mem://");
        const lib = await ac.createLibrary("lib");
        const n = 200000;
        await lib.write("BIG", { timestamp: Array.from({ length: n }, (_, i) => new Date(i)), close: new Float64Array(n) });
        console.log(require("fs").readdirSync(process.env.TMPDIR).join(","));
        process.exit(0);
      })();`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { env: { ...process.env, TMPDIR: tmp }, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout, "the folder existed while the store was open").toMatch(/quantlab-staging-/);
    expect(stagingDirs(tmp)).toEqual([]);
  });

});
