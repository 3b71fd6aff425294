/**
 * `npm run report [notebook...] [-- --out DIR --no-input]`: executes notebooks with the quantlab kernel
 * and writes each as a self-contained HTML report (plotly.js inlined, so charts show offline) to
 * reports/. With no notebook named, every notebook in notebooks/ is run. One progress line per
 * notebook; exit code 1 when any notebook fails, with the failing cell's own error message.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "./kernelSpec";
import { NotebookRunError, describeFailure, runNotebook } from "./runNotebook";

interface ReportArgs {
  notebooks: string[];
  out: string;
  noInput: boolean;
}

const USAGE = "usage: npm run report -- [NOTEBOOK.ipynb ...] [--out DIR] [--no-input]";

function parseArgs(argv: string[]): ReportArgs {
  const args: ReportArgs = { notebooks: [], out: path.join(PROJECT_ROOT, "reports"), noInput: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") args.out = path.resolve(argv[++i] ?? "");
    else if (a === "--no-input") args.noInput = true;
    else if (a === "--help" || a === "-h") throw new Error(USAGE);
    else if (a.startsWith("-")) throw new Error(`report: unknown option '${a}'\n${USAGE}`);
    else args.notebooks.push(a);
  }
  if (args.notebooks.length === 0) {
    const dir = path.join(PROJECT_ROOT, "notebooks");
    args.notebooks = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(dir, f));
  }
  for (const nb of args.notebooks) if (!fs.existsSync(nb)) throw new Error(`report: no notebook at '${nb}'`);
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.out, { recursive: true });
  const tty = process.stderr.isTTY;
  let failed = 0;
  for (const [i, notebook] of args.notebooks.entries()) {
    const name = path.basename(notebook, ".ipynb");
    const html = path.join(args.out, `${name}.html`);
    const prefix = `[${i + 1}/${args.notebooks.length}] ${name}`;
    process.stderr.write(`${prefix} ...${tty ? "" : "\n"}`);
    const run = await runNotebook(notebook, {
      outHtml: html,
      noInput: args.noInput,
      onCell: (p) => {
        if (tty) process.stderr.write(`\r${prefix} ... cell ${p.index + 1}/${p.of}`);
      },
    });
    const line = run.ok
      ? `${prefix}: ok, ${run.executed} cells in ${run.seconds.toFixed(1)} s -> ${path.relative(process.cwd(), html)} (${(fs.statSync(html).size / 1e6).toFixed(1)} MB)`
      : `${prefix}: FAILED\n${describeFailure(run)}`;
    process.stderr.write(`${tty ? "\r\x1b[K" : ""}${line}\n`);
    if (!run.ok) failed++;
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof NotebookRunError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof NotebookRunError ? 1 : 2);
  },
);
