/**
 * The README's five-minute tour runs as written, its blocks one after the other as one script against a
 * fresh store, and every line whose comment starts with a number computes that number.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, expect, it } from "vitest";
import { ROOT, sectionBlocks } from "./pages";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-doc-tour-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `expr;   // 1950: ...` becomes a line printing the number quoted and the value computed. */
function checked(line: string): string {
  const m = /^(.+?);\s*\/\/ (-?\d+(?:\.\d+)?)(?::|$)/.exec(line);
  return m ? `console.log("CHECK " + JSON.stringify([${JSON.stringify(m[2])}, ${m[1]}]));` : line;
}

it("README tour: runs as one script, and the numbers its comments quote are what it computes", () => {
  const code = sectionBlocks("README.md", "A five-minute tour").join("\n");
  const lib = JSON.stringify(path.join(ROOT, "lib"));
  const imports = (code.match(/^import .*$/gm) ?? []).map((l) => l.replace('"./lib"', lib));
  const body = code.replace(/^import .*$/gm, "").split("\n").map(checked).join("\n");
  const file = path.join(dir, "tour.ts");
  fs.writeFileSync(file, `${imports.join("\n")}\nasync function main() {\n${body}\nawait ac.close();\n}\nmain().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });\n`);
  const out = execFileSync(process.execPath, ["--import", "tsx", file], {
    cwd: ROOT,
    env: { ...process.env, QUANTLAB_STORE: path.join(dir, "store") },
    encoding: "utf8",
    timeout: 120_000,
  });
  const checks = [...out.matchAll(/^CHECK (.*)$/gm)].map((m) => JSON.parse(m[1]) as [string, unknown]);
  expect(checks.length, "lines with a quoted number").toBeGreaterThanOrEqual(5);
  for (const [quoted, value] of checks) expect(value, `quoted ${quoted}`).toBe(Number(quoted));
});
