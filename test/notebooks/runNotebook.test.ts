/** The notebook runner reports a failing cell in the cell's own words, and stops there. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { describeFailure, runNotebook } from "../../kernel/runNotebook";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-runner-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function notebook(name: string, cells: string[]): string {
  const file = path.join(dir, name);
  const nb = {
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
    metadata: { kernelspec: { name: "quantlab", display_name: "quantlab (TypeScript)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

describe("runNotebook", () => {
  it("loads lib/ from a notebook outside the project, and surfaces a run-time error's message and the cell", async () => {
    const file = notebook("runtime.ipynb", [
      'import { Arctic } from "./lib";\nconst ac = await Arctic.open("mem://");',
      'const lib = await ac.getLibrary("prices", { createIfMissing: true });\nawait lib.read("NOPE");',
      'console.log("never runs");',
    ]);
    const run = await runNotebook(file);
    expect(run.ok).toBe(false);
    expect(run.cells).toBe(3);
    expect(run.executed, "stops at the failing cell").toBe(2);
    expect(run.error?.cell).toBe(1);
    expect(run.error?.source).toContain('await lib.read("NOPE")');
    expect(run.error?.message).toContain("SymbolNotFoundError: symbol 'NOPE' does not exist in library 'prices'");
    expect(describeFailure(run)).toMatch(/runtime\.ipynb: In \[2\] failed\n {4}const lib = await ac\.getLibrary/);
  }, 300_000);

  it("surfaces a type error from tslab's compiler with its line", async () => {
    const run = await runNotebook(notebook("types.ipynb", ["const price: number = 1;", 'const symbol: string = price;']));
    expect(run.ok).toBe(false);
    expect(run.error?.cell).toBe(1);
    expect(run.error?.message).toMatch(/1:7 - Type 'number' is not assignable to type 'string'/);
  }, 300_000);
});
