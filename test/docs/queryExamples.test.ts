/**
 * The query examples of docs/queries.md and the validation walk-through of docs/validation-and-calendars.md
 * run as written, each as a script against a fresh store, and print what their comments say.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, sectionBlocks } from "./pages";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-doc-examples-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The first ```ts block under `## heading` of a docs page. */
function block(page: string, heading: string): string {
  const [code] = sectionBlocks(page, heading);
  if (code === undefined) throw new Error(`${page}, '## ${heading}', has no TypeScript block`);
  return code;
}

/** Runs one block as a script (imports from ./lib pointed at the project, top-level await wrapped). */
function run(code: string, name: string): string {
  const file = path.join(dir, `${name}.ts`);
  const lib = JSON.stringify(path.join(ROOT, "lib"));
  const imports = code.match(/^import .*$/gm) ?? [];
  const body = code.replace(/^import .*$/gm, "");
  fs.writeFileSync(file, `${imports.map((l) => l.replace('"./lib"', lib)).join("\n")}\nasync function main() {\n${body}\n}\nmain().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });\n`);
  return execFileSync(process.execPath, ["--import", "tsx", file], {
    cwd: ROOT,
    env: { ...process.env, QUANTLAB_STORE: path.join(dir, `store-${name}`) },
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("docs examples", () => {
  const queries = "docs/queries.md";

  it("queries: resample to hourly bars, and a filter with a derived column", () => {
    const out = run(block(queries, "QueryBuilder"), "q0");
    expect(out).toMatch(/open: 185,\s+high: 185\.9,\s+low: 184\.9,\s+close: 185\.4,\s+volume: 2950/);
    expect(out).toMatch(/open: 186,\s+high: 187\.2,\s+low: 185\.8,\s+close: 187\.1,\s+volume: 2600/);
    expect(out).toContain("QueryBuilder\n  1. dateRange [2024-01-02T14:30:00.000Z, open]\n  2. filter ((volume > 500) AND (close >= 185.3))\n  3. apply range = (high - low)\n  4. tail 2");
  });

  it("queries: groupBy on two columns with several aggregations", () => {
    const out = run(block(queries, "Steps"), "q1");
    expect(out).toMatch(/venue: 'ARCX',\s+side: 'sell',\s+size: 225,\s+price_min: 10\.05,\s+price_max: 10\.1,\s+trades: 2/);
    expect(out).toMatch(/venue: 'XNYS',\s+side: 'sell',\s+size: 50,\s+price_min: 9\.9,\s+price_max: 9\.9,\s+trades: 1/);
  });

  it("queries: session bars from an exchange calendar", () => {
    const out = run(block(queries, "Resampling"), "q2").trim().split("\n");
    expect(out[0]).toMatch(/^4 /);
    expect(out).toContain("7");
    expect(out[out.length - 1]).toBe("4");
  });

  it("queries: asofJoin and concat", () => {
    const out = run(block(queries, "Joining and stacking"), "q3");
    expect(out).toContain("[ 10, 20, 10.1 ]");
    expect(out).toContain("[ 'timestamp', 'ticker' ] 6");
  });

  it("queries: SQL across libraries", () => {
    const out = run(block(queries, "SQL over symbols, across libraries"), "q4");
    const values = /\[\s*([\d.]+),\s*([\d.]+)\s*\]/.exec(out);
    expect(values && [Number(values[1]), Number(values[2])]).toEqual([140 * 1.09, 142 * 1.1].map((v) => expect.closeTo(v, 9)));
  });

  it("data validation: the walk-through runs", () => {
    const walkThrough = block("docs/validation-and-calendars.md", "Checking bars");
    expect(() => run(walkThrough, "validate")).not.toThrow();
  });
});
