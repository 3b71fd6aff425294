/**
 * Executes a notebook headless with the quantlab kernel (through Jupyter's nbclient, see
 * kernel/execute_notebook.py) and says which cell failed in the cell's own words.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { withPlotlyInlined } from "../lib/display";
import { prepareDeclarations } from "./declarations";
import { findJupyter, jupyterInstructions } from "./jupyter";
import { KERNEL_NAME, PROJECT_ROOT, installKernelSpec, jupyterEnv } from "./kernelSpec";
import { QuantlabError } from "../lib/errors";

/** The first failing cell of a run. */
export interface CellFailure {
  /** Index among all cells (markdown included), or null when the kernel died or timed out between cells. */
  cell: number | null;
  /** The prompt number the notebook showed for the cell (`In [9]`), or null when it has none. */
  executionCount: number | null;
  source: string;
  /** The cell's stderr output (tslab writes compile and run-time errors there), else the error's text. */
  message: string;
}

/** The result of {@link runNotebook}. */
export interface NotebookRun {
  notebook: string;
  ok: boolean;
  /** Code cells in the notebook. */
  cells: number;
  /** Code cells that ran. */
  executed: number;
  seconds: number;
  error: CellFailure | null;
}

/** One finished cell, for progress. */
export interface CellProgress {
  index: number;
  of: number;
  status: "ok" | "error";
  seconds: number;
}

/** Options of {@link runNotebook}. */
export interface RunNotebookOptions {
  /** Write the executed notebook (outputs included) here. @default not written */
  outNotebook?: string;
  /** Write a self-contained HTML rendering here when every cell succeeds (plotly.js inlined once). @default not written */
  outHtml?: string;
  /** Leave code out of the HTML (outputs only). @default false */
  noInput?: boolean;
  /** Longest a single cell may run, in seconds. @default 600 */
  timeoutSec?: number;
  /** Extra environment for the kernel (e.g. QUANTLAB_STORE for a scratch store). @default none */
  env?: NodeJS.ProcessEnv;
  /** Called after each code cell. */
  onCell?: (progress: CellProgress) => void;
}

/** A run that could not start: no Jupyter, or the runner itself broke. */
export class NotebookRunError extends QuantlabError {
  /** NO_JUPYTER: no Python with Jupyter was found (the message says what to install); RUNNER_FAILED: the runner died without a result. */
  readonly code: "NO_JUPYTER" | "RUNNER_FAILED";
  constructor(code: "NO_JUPYTER" | "RUNNER_FAILED", message: string) {
    super(message);
    this.name = "NotebookRunError";
    this.code = code;
  }
}

/**
 * Runs every cell of `notebook` in a fresh quantlab kernel started from the project root, stopping at
 * the first failing cell. Resolves with the run (a failing cell is a result, not an exception).
 * @throws NotebookRunError when Jupyter is missing or the runner process fails without a result.
 * @example const run = await runNotebook("notebooks/explore.ipynb"); if (!run.ok) console.error(run.error?.message);
 */
export async function runNotebook(notebook: string, options: RunNotebookOptions = {}): Promise<NotebookRun> {
  const jupyter = findJupyter();
  if (!jupyter) throw new NotebookRunError("NO_JUPYTER", jupyterInstructions());
  installKernelSpec();
  prepareDeclarations();
  const args = [path.join(PROJECT_ROOT, "kernel", "execute_notebook.py"), path.resolve(notebook), "--kernel", KERNEL_NAME, "--timeout", String(options.timeoutSec ?? 600)];
  if (options.outNotebook) args.push("--out-notebook", path.resolve(options.outNotebook));
  if (options.outHtml) args.push("--out-html", path.resolve(options.outHtml));
  if (options.noInput) args.push("--no-input");
  const started = Date.now();
  const child = spawn(jupyter.python, args, { env: jupyterEnv({ ...process.env, ...options.env }), stdio: ["ignore", "pipe", "pipe"] });
  let cells = 0;
  let executed = 0;
  let done: { ok: boolean; error: CellFailure | null } | null = null;
  let stderr = "";
  let buffer = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let event: { event: string; [k: string]: unknown };
      try {
        event = JSON.parse(line);
      } catch {
        continue; // a stray print from a library in the runner; not an event
      }
      if (event.event === "start") cells = event.cells as number;
      else if (event.event === "cell") {
        executed++;
        options.onCell?.({ index: event.index as number, of: event.of as number, status: event.status as "ok" | "error", seconds: event.seconds as number });
      } else if (event.event === "done") done = { ok: event.ok as boolean, error: event.error as CellFailure | null };
    }
  });
  const code: number | null = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (!done) {
    throw new NotebookRunError("RUNNER_FAILED", `running ${notebook} failed (runner exit code ${code}):\n${stderr.trim()}`);
  }
  const result = done as { ok: boolean; error: CellFailure | null };
  // Chart outputs load plotly.js from the Jupyter server; a report has none, so it carries plotly.js once.
  if (result.ok && options.outHtml && fs.existsSync(options.outHtml)) fs.writeFileSync(options.outHtml, withPlotlyInlined(fs.readFileSync(options.outHtml, "utf8")));
  return { notebook, ok: result.ok, cells, executed, seconds: (Date.now() - started) / 1000, error: result.error };
}

/**
 * A failure as a person reads it: the notebook, the cell by the prompt number the notebook showed
 * (`In [9]`) and its first lines, then the message.
 */
export function describeFailure(run: NotebookRun): string {
  if (run.ok || !run.error) return `${run.notebook}: ok`;
  const { executionCount, source, message } = run.error;
  const head = source.split("\n").slice(0, 3).join("\n    ");
  const which = executionCount !== null && executionCount !== undefined ? `In [${executionCount}] failed` : "a cell failed";
  return `${run.notebook}: ${which}\n    ${head}\n${message}`;
}
