/**
 * The backtest section's quick start runs as written from the project root, and the figures its
 * comments quote (`result.stats["…"]; // 414.2299 …`) are what it computes, to the digits quoted.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, expect, it } from "vitest";

const root = path.join(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-bt-readme-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function quickStart(): string {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const at = readme.indexOf("\n## Backtests (`lib/backtest`)\n");
  expect(at, "README has the backtest section").toBeGreaterThan(0);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  return block![1];
}

it("README backtest quick start: runs on the shipped data and prints the figures its comments quote", () => {
  const code = quickStart();
  const quoted = [...code.matchAll(/^result\.stats\["(.+?)"\];\s*\/\/ (-?[\d.]+)/gm)].map((m) => ({ key: m[1], text: m[2] }));
  expect(quoted.length).toBeGreaterThanOrEqual(3);
  const file = path.join(dir, "quickStart.ts");
  const source = code.replace('"./lib"', JSON.stringify(path.join(root, "lib")));
  fs.writeFileSync(file, `${source}\nconsole.log("STATS " + JSON.stringify(result.stats));\n`);
  const out = execFileSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", timeout: 120_000 });
  const stats = JSON.parse(/^STATS (.*)$/m.exec(out)![1]) as Record<string, number>;
  for (const { key, text } of quoted) {
    const decimals = text.includes(".") ? text.split(".")[1].length : 0;
    expect(stats[key].toFixed(decimals), key).toBe(text);
  }
});
