/**
 * Runs cells in a real quantlab kernel, started by Jupyter's own client (jupyter_client, through
 * test/notebooks/kernel_cells.py), and returns what each cell printed, showed and raised.
 */
import { spawn } from "child_process";
import * as path from "path";
import { findJupyter } from "../../kernel/jupyter";
import { installKernelSpec, jupyterEnv } from "../../kernel/kernelSpec";

/** What one cell produced. */
export interface CellRun {
  source: string;
  /** The execute_reply status: "abort" when the kernel cancelled the cell after an earlier failure. */
  status: "ok" | "error" | "abort";
  stdout: string;
  stderr: string;
  /** text/plain of each execute_result. */
  results: string[];
  /** Each execute_result, by MIME type. */
  resultData: Record<string, unknown>[];
  /** The execution_count (the prompt's number) of each execute_result. */
  resultCounts: (number | null)[];
  /** Each display_data, by MIME type. */
  displays: Record<string, unknown>[];
  /** "ename: evalue" of each error output. */
  errors: string[];
  /** Seconds from sending the cell's batch to its last reply. */
  seconds: number;
}

/** Options of {@link runCells}. */
export interface RunCellsOptions {
  /** Environment of the kernel (QUANTLAB_STORE, ...), on top of this process's. @default {} */
  env?: NodeJS.ProcessEnv;
  /** The kernel's working directory, as Jupyter sets it to the notebook's folder. @default the project's notebooks/ */
  cwd?: string;
  /** Seconds to wait for the kernel and for each batch. @default 180 */
  timeout?: number;
  /** The kernel spec's name (found through JUPYTER_PATH). @default "quantlab" */
  kernel?: string;
}

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Starts one kernel, runs the batches in order, shuts the kernel down. The cells of a batch are sent
 * together, as "Run All" sends them; each batch is sent as soon as the previous one has replied.
 * A bare string is a batch of one cell.
 */
export async function runCells(batches: (string | string[])[], options: RunCellsOptions = {}): Promise<CellRun[]> {
  const jupyter = findJupyter();
  if (!jupyter) throw new Error("runCells: no Python with Jupyter found (see .ci/run)");
  installKernelSpec();
  const timeout = options.timeout ?? 180;
  const request = {
    kernel: options.kernel ?? "quantlab",
    cwd: options.cwd ?? path.join(ROOT, "notebooks"),
    timeout,
    batches: batches.map((b) => (typeof b === "string" ? [b] : b)),
  };
  const child = spawn(jupyter.python, [path.join(__dirname, "kernel_cells.py")], {
    env: jupyterEnv({ ...process.env, ...options.env }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(JSON.stringify(request));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`runCells: kernel_cells.py exited with ${code}:\n${stderr.trim()}`);
  return (JSON.parse(stdout) as { cells: CellRun[] }).cells;
}

/** A cell's failure, as the user sees it in the notebook, or "" for a clean cell. */
export function cellProblem(cell: CellRun): string {
  if (cell.status === "ok" && cell.stderr === "" && cell.errors.length === 0) return "";
  return `[${cell.status}] ${[cell.stderr.trim(), ...cell.errors].filter(Boolean).join("\n")}`;
}
