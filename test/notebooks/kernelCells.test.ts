/**
 * Any statement that compiles in a TypeScript async function compiles in a cell of the quantlab kernel:
 * one real kernel, driven by Jupyter's client, runs cells that tslab 1.0.22 alone failed on (chained
 * awaits, an await in the last expression) beside the other shapes a researcher types, then a failing
 * cell and the cells a user or "Run All" sends after it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic } from "../../lib";
import { applyEdits, CONVERTER_EDITS, JUPYTER_EDITS, TslabPatchError } from "../../kernel/tslabPatch";
import { CellRun, cellProblem, runCells } from "./kernelCells";

const store = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-cells-"));
afterAll(() => fs.rmSync(store, { recursive: true, force: true }));

const AAPL = { timestamp: ["2024-01-02", "2024-01-03", "2024-01-04"], close: [185.6, 184.2, 181.9] };

/** The cells, each with what it must print (text/plain of its result, or stdout). */
const CELLS: { name: string; source: string; shows: string }[] = [
  {
    name: "the docs' chained await (notebooks-and-reports.md), with the import in the same cell",
    source: 'import { Arctic } from "./lib";\nconst lib = await (await Arctic.open()).getLibrary("demo", { createIfMissing: true });\nlib.name',
    shows: "demo",
  },
  {
    name: "a cell using the previous cell's import and variable",
    source: "const s = await Arctic.open();\nconst t = (await (await s.getLibrary(\"demo\")).read(\"AAPL\")).data;\n(await lib.listSymbols()).join(',')",
    shows: "AAPL",
  },
  {
    name: "a chained await with a chained method call as the last expression",
    source: '(await (await s.getLibrary("demo")).read("AAPL")).data.numRows()',
    shows: "3",
  },
  {
    name: "a variable of an inferred type from a package the cell does not import",
    source: "t.numCols() + t.columnNames().length",
    shows: "4",
  },
  {
    name: "chained array methods",
    source: "Array.from(t.array(\"close\") as Float64Array).map((c) => c * 2).filter((c) => c > 364).reduce((a, b) => a + b, 0)",
    shows: String(185.6 * 2 + 184.2 * 2),
  },
  {
    name: "destructuring from an await",
    source: "const { version, data: { numRows } } = await lib.read(\"AAPL\");\nconst [first, ...rest] = await lib.listSymbols();\n`${version} ${first} ${rest.length}`",
    shows: "0 AAPL 0",
  },
  {
    name: "for await over an async generator",
    source: "async function* ticks() { for (const c of [1, 2, 3]) yield c; }\nlet total = 0;\nfor await (const c of ticks()) total += c;\ntotal",
    shows: "6",
  },
  {
    name: "try/catch around an await",
    source: 'try {\n  await lib.read("NOPE");\n} catch (e) {\n  console.log("caught", (e as Error).name);\n}',
    shows: "caught SymbolNotFoundError",
  },
  {
    name: "class and function declarations, used with await",
    source:
      "class Window<T> { constructor(readonly values: T[]) {} last(): T { return this.values[this.values.length - 1]; } }\n" +
      "async function closes(): Promise<Window<number>> { return new Window(Array.from((await lib.read(\"AAPL\")).data.array(\"close\") as Float64Array)); }\n" +
      "(await closes()).last()",
    shows: "181.9",
  },
  {
    name: "a function returning a class local to it",
    source: "function point() { class Point { constructor(readonly x: number) {} } return new Point(2); }\nconst p = point();\np.x * 21",
    shows: "42",
  },
  {
    name: "variables of types their module does not export",
    source: 'import { quote, counter } from "./test/notebooks/fixtures/unexportedTypes";\nconst q = await Promise.resolve(quote(99.5, 100.5));\nconst c = counter(40);\nc.add(2)',
    shows: "42",
  },
  {
    name: "a later cell using those variables",
    source: "(q.bid + q.ask) / 2 + c.count",
    shows: "142",
  },
  {
    name: "an awaited call of an awaited object's method, as the last expression",
    source: "await (await Promise.resolve({ twice: async (x: number) => 2 * x })).twice(21)",
    shows: "42",
  },
];

/** What a cell showed: its results' text and its stdout. */
const shown = (cell: CellRun) => [...cell.results, cell.stdout.trim()].join("\n");

describe("cells in the quantlab kernel", () => {
  let runs: CellRun[] = [];
  let afterFailure: CellRun[] = [];
  let runAll: CellRun[] = [];

  beforeAll(async () => {
    const ac = await Arctic.open(`duckdb://${store}`);
    try {
      await (await ac.getLibrary("demo", { createIfMissing: true })).write("AAPL", AAPL);
    } finally {
      await ac.close();
    }
    const failing = 'import { Arctic as A2 } from "./lib";\nconst broken: number = "not a number";';
    // Fails at run time after a pause, so the cells sent behind it are surely queued in the kernel by then
    // (a compile error can be reported before the next requests have even been read).
    const failingLater = 'await new Promise((resolve) => setTimeout(resolve, 500));\nthrow new Error("failed while cells were queued");';
    const cells = await runCells(
      [
        ...CELLS.map((c) => c.source),
        ...[failing, 'import { Arctic as A3 } from "./lib";\ntypeof A3.open', failing, "const quick = 1 + 1;\nquick"],
        [failingLater, "const queued = 1;\nqueued", "2 + 2"],
        "3 + 3",
      ],
      { env: { QUANTLAB_STORE: store } },
    );
    runs = cells.slice(0, CELLS.length);
    afterFailure = cells.slice(CELLS.length, CELLS.length + 4);
    runAll = cells.slice(CELLS.length + 4);
  }, 300_000);

  for (const [i, cell] of CELLS.entries()) {
    it(`compiles and runs: ${cell.name}`, () => {
      const run = runs[i];
      expect(cellProblem(run), run.source).toBe("");
      expect(shown(run), run.source).toContain(cell.shows);
    });
  }

  it("reports a type error with its line, and runs the cell sent as soon as the failure is reported", () => {
    const [failed, imported, failedAgain, quick] = afterFailure;
    expect(failed.status).toBe("error");
    expect(failed.stderr).toMatch(/2:7 - Type 'string' is not assignable to type 'number'/);
    expect(cellProblem(imported), "an import right after a failed cell").toBe("");
    expect(imported.stdout.trim()).toBe("function");
    expect(failedAgain.status).toBe("error");
    expect(cellProblem(quick), "a cell sent right after a failed one").toBe("");
    expect(quick.stdout.trim()).toBe("2");
  });

  it("cancels the cells queued behind a failed one (Run All), and runs the next one sent after", () => {
    const [failed, queued, queued2, next] = runAll;
    expect(failed.status).toBe("error");
    expect([queued.status, queued2.status]).toEqual(["abort", "abort"]);
    expect(queued.stdout + queued2.stdout).toBe("");
    expect(cellProblem(next)).toBe("");
    expect(next.stdout.trim()).toBe("6");
  });
});

describe("the tslab fixes", () => {
  const converter = fs.readFileSync(require.resolve("tslab/dist/converter.js"), "utf8");
  const jupyter = fs.readFileSync(require.resolve("tslab/dist/jupyter.js"), "utf8");

  it("each find their anchor once in the installed tslab", () => {
    expect(applyEdits("converter.js", converter, CONVERTER_EDITS)).not.toBe(converter);
    expect(applyEdits("jupyter.js", jupyter, JUPYTER_EDITS)).not.toBe(jupyter);
  });

  it("refuse a tslab whose source moved, naming the fix", () => {
    const moved = converter.replace(CONVERTER_EDITS[0].find, "");
    expect(() => applyEdits("converter.js", moved, CONVERTER_EDITS)).toThrow(TslabPatchError);
    expect(() => applyEdits("converter.js", moved, CONVERTER_EDITS)).toThrow(/'reparsed top-level await/);
    const twice = jupyter + jupyter;
    expect(() => applyEdits("jupyter.js", twice, JUPYTER_EDITS)).toThrow(/found it 2 times/);
  });
});
