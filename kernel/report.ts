/**
 * `npm run report [-- NOTEBOOK.ipynb ...] [--out DIR] [--no-input]`: executes notebooks with the quantlab
 * kernel and writes each as a self-contained HTML report to reports/ (see kernel/reports.ts). With no
 * notebook named, every notebook in notebooks/ is run. Exit code 1 when any notebook fails.
 */
import * as path from "path";
import { NotebookRunError } from "./runNotebook";
import { allNotebooks, writeReports } from "./reports";

const USAGE = "usage: npm run report -- [NOTEBOOK.ipynb ...] [--out DIR] [--no-input]";

async function main(argv: string[]): Promise<number> {
  const notebooks: string[] = [];
  let out: string | undefined;
  let noInput = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--out") out = path.resolve(argv[++i] ?? "");
    else if (a === "--no-input") noInput = true;
    else if (a === "--help" || a === "-h") {
      process.stdout.write(USAGE + "\n");
      return 0;
    } else if (a.startsWith("-")) throw new Error(`report: unknown option '${a}'\n${USAGE}`);
    else notebooks.push(a);
  }
  const runs = await writeReports(notebooks.length ? notebooks : allNotebooks(), { out, noInput });
  return runs.every((r) => r.ok) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof NotebookRunError ? 1 : 2);
  },
);
