import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic } from "../../lib/store";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "quantlab");

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

  it("runs a research script with top-level await from any directory: quantlab run SCRIPT -- ARGS", () => {
    const scripts = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-run-"));
    try {
      fs.mkdirSync(path.join(scripts, "ideas"));
      fs.writeFileSync(path.join(scripts, "ideas", "closes.ts"), "export const last = (xs: ArrayLike<number>): number => xs[xs.length - 1];\n");
      // Outside any project: "quantlab" is the quantlab that runs the script; a .ts file may await at the top.
      fs.writeFileSync(
        path.join(scripts, "ideas", "research.ts"),
        [
          'import { Arctic } from "quantlab";',
          'import { last } from "./closes";',
          "const arctic = await Arctic.open(process.argv[2]);",
          'const table = (await (await arctic.getLibrary("market_data")).read("SPY")).data;',
          'console.log(last(table.array("close") as ArrayLike<number>), process.argv.slice(3).join(" "));',
          "await arctic.close();",
        ].join("\n"),
      );
      const out = execFileSync(BIN, ["run", "ideas/research.ts", "--", "duckdb://" + dir, "--flag", "x"], { cwd: scripts, encoding: "utf8" });
      expect(out).toBe("468 --flag x\n");
      expect(fs.readdirSync(path.join(scripts, "ideas")).sort(), "the compiled script is removed").toEqual(["closes.ts", "research.ts"]);
      // A script that imports a checkout's lib/ by a relative path gets the same built library, named exports included.
      const inRepo = path.join(ROOT, `.scratch-run-${process.pid}.mts`);
      fs.writeFileSync(inRepo, 'import { Arctic, QuantlabError } from "./lib";\nconst a = await Arctic.open("mem://");\nconsole.log(a.location.source, typeof QuantlabError);\nawait a.close();\n');
      try {
        expect(execFileSync(BIN, ["run", inRepo], { cwd: scripts, encoding: "utf8" })).toBe("uri function\n");
      } finally {
        fs.rmSync(inRepo, { force: true });
      }
      const failing = spawnSync(BIN, ["run", "ideas/missing.ts"], { cwd: scripts, encoding: "utf8" });
      expect(failing.status).toBe(2);
      expect(failing.stderr).toContain(`no script at '${path.join(scripts, "ideas", "missing.ts")}'`);
      fs.writeFileSync(path.join(scripts, "exit3.mjs"), "await Promise.resolve();\nprocess.exit(3);\n");
      expect(spawnSync(BIN, ["run", "exit3.mjs"], { cwd: scripts }).status, "the script's exit code").toBe(3);
    } finally {
      fs.rmSync(scripts, { recursive: true, force: true });
    }
  });
});
