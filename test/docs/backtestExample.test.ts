/**
 * The quick start of docs/backtests.md runs as written from the project root, and the figures its
 * comments quote (`result.stats["…"]; // 414.2299 …`) are what it computes, to the digits quoted.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, expect, it } from "vitest";
import { ROOT, sectionBlocks } from "./pages";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-doc-backtest-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("docs/backtests.md quick start: runs on the shipped data and prints the figures its comments quote", () => {
  const [code] = sectionBlocks("docs/backtests.md", "A strategy");
  const quoted = [...code.matchAll(/^result\.stats\["(.+?)"\];\s*\/\/ (-?[\d.]+)/gm)].map((m) => ({ key: m[1], text: m[2] }));
  expect(quoted.length).toBeGreaterThanOrEqual(3);
  const file = path.join(dir, "quickStart.ts");
  const source = code.replace('"./lib"', JSON.stringify(path.join(ROOT, "lib")));
  fs.writeFileSync(file, `${source}\nconsole.log("STATS " + JSON.stringify(result.stats));\n`);
  const out = execFileSync(process.execPath, ["--import", "tsx", file], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  const stats = JSON.parse(/^STATS (.*)$/m.exec(out)![1]) as Record<string, number>;
  for (const { key, text } of quoted) {
    const decimals = text.includes(".") ? text.split(".")[1].length : 0;
    expect(stats[key].toFixed(decimals), key).toBe(text);
  }
});
