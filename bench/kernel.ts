/**
 * Kernel cold start: from asking Jupyter for a new kernel to the first output of a cell, for the quantlab
 * kernel (whose first cell loads lib/) beside a bare tslab kernel running `1 + 1` (the reference). Both
 * run through jupyter_client, so the difference is what quantlab adds: the launcher, tsx and
 * type-checking plus loading lib/ on the first import.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findJupyter } from "../kernel/jupyter";
import { PROJECT_ROOT, installKernelSpec, jupyterEnv } from "../kernel/kernelSpec";
import { BenchContext, Benchmark } from "./context";
import { Figure } from "./report";

const REPS = Number(process.env.BENCH_KERNEL_REPS ?? 5);

interface Timed {
  seconds: number[];
  output: string;
}

function time(python: string, kernel: string, code: string, jupyterPath: string): Timed {
  const result = spawnSync(python, [path.join(__dirname, "kernel_start.py"), kernel, code, String(REPS)], {
    encoding: "utf8",
    env: jupyterEnv({ ...process.env, JUPYTER_PATH: jupyterPath }),
    timeout: 15 * 60_000,
  });
  if (result.status !== 0) throw new Error(`kernel ${kernel} failed to start: ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout.trim().split("\n").pop() as string) as Timed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(ctx: BenchContext) {
  const jupyter = findJupyter();
  if (!jupyter) throw new Error("bench kernel.start needs Jupyter (see docs/operations.md)");
  installKernelSpec();
  // A bare tslab kernel spec, in a folder of its own.
  const bare = ctx.dir("jupyter-bare");
  const specDir = path.join(bare, "kernels", "tslab-bare");
  fs.mkdirSync(specDir, { recursive: true });
  const tslab = path.join(PROJECT_ROOT, "node_modules", "tslab", "bin", "tslab");
  fs.writeFileSync(path.join(specDir, "kernel.json"), JSON.stringify({ argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"], display_name: "tslab", language: "typescript" }));

  const reference = time(jupyter.python, "tslab-bare", "1 + 1", bare);
  const quantlab = time(jupyter.python, "quantlab", 'import * as ql from "./lib";\nObject.keys(ql).length', bare);
  const ms = (t: Timed) => median(t.seconds) * 1000;
  const min = (t: Timed) => Math.min(...t.seconds) * 1000;
  const figures: Figure[] = [
    {
      name: "cold start to first output, quantlab kernel (first cell imports lib/)",
      ms: ms(quantlab),
      minMs: min(quantlab),
      reference: { name: "bare tslab kernel, `1 + 1`", ms: ms(reference), minMs: min(reference) },
      detail: `${REPS} starts each; quantlab's first output: ${quantlab.output.trim()} exports`,
    },
  ];
  return { figures, notes: [`Through jupyter_client (${jupyter.python}); each start is a new kernel process.`] };
}

export const kernelStart: Benchmark = { id: "kernel.start", title: "Kernel cold start to first output", file: "kernel.ts", run };
