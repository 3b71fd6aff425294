/**
 * `npm start`: the research environment. Prepares the store (the `demo` library on first run), writes
 * the "quantlab (TypeScript)" kernel spec and plotly.js (which the server serves to chart outputs) inside
 * the project, makes sure Jupyter is there (installing it where that can be done unattended) and starts
 * the Jupyter Notebook server on localhost in notebooks/.
 * Arguments after `--` go to Jupyter, e.g. `npm start -- --no-browser --port 8899`.
 * Environment: QUANTLAB_STORE (the store, default db/), QUANTLAB_JUPYTER_PYTHON (Jupyter's Python).
 */
import { spawn } from "child_process";
import * as path from "path";
import { Arctic, openDemo } from "../lib";
import { prepareDeclarations } from "./declarations";
import { ensureJupyter, installPlotlyExtension, jupyterInstructions, notebookServerArgs } from "./jupyter";
import { PROJECT_ROOT, installKernelSpec, jupyterEnv } from "./kernelSpec";

async function prepareStore(): Promise<string> {
  const ac = await Arctic.open();
  try {
    await openDemo(ac, { onGenerate: (symbol) => process.stderr.write(`preparing the demo library: ${symbol} (January 2024, 1-minute bars)\n`) });
    return ac.root ?? "(in memory)";
  } finally {
    await ac.close();
  }
}

async function main(): Promise<number> {
  const store = await prepareStore();
  const spec = installKernelSpec();
  installPlotlyExtension();
  prepareDeclarations();
  process.stderr.write(`store: ${store}\nkernel: quantlab (TypeScript), spec in ${path.relative(PROJECT_ROOT, spec)}\n`);
  const jupyter = ensureJupyter();
  if (!jupyter) {
    process.stderr.write(jupyterInstructions() + "\n");
    return 1;
  }
  const args = notebookServerArgs({ notebookDir: path.join(PROJECT_ROOT, "notebooks"), extra: process.argv.slice(2) });
  process.stderr.write(`starting Jupyter Notebook in notebooks/ (${jupyter.python} ${args.join(" ")})\n`);
  const child = spawn(jupyter.python, args, { stdio: "inherit", env: jupyterEnv() });
  // Ctrl-C reaches Jupyter from the terminal itself (it asks before shutting down); we only wait for it.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
