/**
 * Research reports: notebooks executed with the quantlab kernel and written as self-contained HTML
 * (plotly.js inlined, so charts show offline). Used by `npm run report` and `quantlab report`.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "./kernelSpec";
import { NotebookRun, describeFailure, runNotebook } from "./runNotebook";

/** Options of {@link writeReports}. */
export interface ReportOptions {
  /** Folder for the HTML files. @default reports/ in the project */
  out?: string;
  /** Outputs only, no code. @default false */
  noInput?: boolean;
  /** Where progress goes: one line per notebook (redrawn per cell on a terminal). @default process.stderr */
  progress?: { write(text: string): unknown; isTTY?: boolean };
}

/** Every notebook in notebooks/, sorted: what a report run covers when none is named. */
export function allNotebooks(): string[] {
  const dir = path.join(PROJECT_ROOT, "notebooks");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Executes each notebook in a fresh kernel and writes `<out>/<name>.html` for each that runs through.
 * A failing notebook gets no HTML; its line names the cell and the cell's own error. Resolves with the
 * runs, in order; never throws for a failing notebook (it throws NotebookRunError when Jupyter is missing).
 * @example const runs = await writeReports(["notebooks/explore.ipynb"], { out: "reports" });
 */
export async function writeReports(notebooks: string[], options: ReportOptions = {}): Promise<NotebookRun[]> {
  const out = options.out ?? path.join(PROJECT_ROOT, "reports");
  const stream = options.progress ?? process.stderr;
  const tty = stream.isTTY === true;
  fs.mkdirSync(out, { recursive: true });
  const runs: NotebookRun[] = [];
  for (const [i, notebook] of notebooks.entries()) {
    if (!fs.existsSync(notebook)) throw new Error(`report: no notebook at '${notebook}'`);
    const name = path.basename(notebook, ".ipynb");
    const html = path.join(out, `${name}.html`);
    const prefix = `[${i + 1}/${notebooks.length}] ${name}`;
    stream.write(`${prefix} ...${tty ? "" : "\n"}`);
    const run = await runNotebook(notebook, {
      outHtml: html,
      noInput: options.noInput,
      onCell: (p) => {
        if (tty) stream.write(`\r${prefix} ... cell ${p.index + 1}/${p.of}`);
      },
    });
    const line = run.ok
      ? `${prefix}: ok, ${run.executed} cells in ${run.seconds.toFixed(1)} s -> ${path.relative(process.cwd(), html)} (${(fs.statSync(html).size / 1e6).toFixed(1)} MB)`
      : `${prefix}: FAILED\n${describeFailure(run)}`;
    stream.write(`${tty ? "\r\x1b[K" : ""}${line}\n`);
    runs.push(run);
  }
  return runs;
}
