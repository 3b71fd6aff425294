/**
 * Every notebook in notebooks/ runs top to bottom in a real quantlab kernel (Jupyter + tslab), against a
 * scratch store, and its outputs hold what it promises.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { describeFailure, runNotebook } from "../../kernel/runNotebook";
import { NotebookOutput, outputsOf, readNotebook } from "./outputs";

const NOTEBOOKS = path.resolve(__dirname, "..", "..", "notebooks");
const names = fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();

/**
 * What each notebook promises beyond "runs, shows a table and a chart": text its outputs must contain.
 * A new notebook needs an entry here.
 */
const PROMISES: Record<string, RegExp[]> = {
  "explore.ipynb": [
    /libraries: +demo/,
    /AAPL: version 0, 8,190 rows/,
    /AAPL version 0: 390 one-minute bars/,
    /Figure: AAPL, hourly bars, 8-12 January 2024 \(2 traces: candlestick, bar\)/,
    /wrote versions 0, 1, 2/,
    /asOf 0: version 0, 28 bars, metadata \{"note":"first week"\}/,
    /asOf 1: version 1, 63 bars/,
    /snapshot 'two-weeks' -> version 1; asOf \S+ -> version 1/,
  ],
};

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-notebooks-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("notebooks in the repository", () => {
  it("are stored clean (no outputs) and name the quantlab kernel", () => {
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const nb = readNotebook(path.join(NOTEBOOKS, name));
      expect(nb.metadata.kernelspec?.name, name).toBe("quantlab");
      for (const cell of nb.cells) expect(cell.outputs ?? [], `${name} is committed with outputs`).toEqual([]);
    }
  });

  it("each have promises listed in this test", () => {
    expect(names.filter((n) => !PROMISES[n])).toEqual([]);
  });
});

describe.each(names)("notebooks/%s", (name) => {
  it("runs headless top to bottom and shows what it promises", async () => {
    const store = path.join(scratch, name.replace(/\.ipynb$/, ""));
    const out = path.join(scratch, name);
    const run = await runNotebook(path.join(NOTEBOOKS, name), { outNotebook: out, env: { QUANTLAB_STORE: store } });
    expect(run.ok, describeFailure(run)).toBe(true);
    expect(run.executed).toBe(run.cells);
    const outputs: NotebookOutput[] = outputsOf(readNotebook(out));
    expect(outputs.filter((o) => o.kind === "error"), "error outputs").toEqual([]);
    expect(outputs.filter((o) => o.kind === "stderr").map((o) => o.text), "stderr output").toEqual([]);
    const plots = outputs.filter((o) => o.mimes.includes("application/vnd.plotly.v1+json"));
    expect(plots.length, "plotly charts").toBeGreaterThan(0);
    for (const p of plots) expect(p.mimes, "a chart also carries HTML and text").toEqual(expect.arrayContaining(["text/html", "text/plain"]));
    expect(outputs.some((o) => o.html.includes('class="dataframe"')), "an HTML table").toBe(true);
    const text = outputs.map((o) => o.text).join("\n");
    for (const promise of PROMISES[name] ?? []) expect(text).toMatch(promise);
  }, 600_000);
});
