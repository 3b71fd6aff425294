/**
 * Benchmark `jobs.run`: the runner's overhead over spawning the same script bare. The reference spawns
 * `bash script.sh` with child_process and collects its stdout; the subject is `jobs.run(name)` on that
 * script: registry read, run lock, clean environment, process group, CSV parse, OHLCV check, schema
 * check, the store write and the run record. Two sizes: 10 bars and BENCH_JOB_ROWS bars (default 10000).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { JobRegistry } from "../lib/jobs";
import { Arctic } from "../lib/store";
import { BenchContext, Benchmark } from "./context";
import { Figure } from "./report";
import { measurePair } from "./timing";

const REPS = Number(process.env.BENCH_JOB_REPS ?? 15);

/** A CSV of `n` daily OHLCV bars (OHLC-consistent). */
function barsCsv(n: number): string {
  const lines = ["timestamp,open,high,low,close,volume"];
  for (let i = 0; i < n; i++) {
    const p = 100 + Math.sin(i / 10);
    lines.push(`${new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString()},${p.toFixed(4)},${(p + 1).toFixed(4)},${(p - 1).toFixed(4)},${(p + 0.5).toFixed(4)},${1000 + i}`);
  }
  return lines.join("\n") + "\n";
}

/** Spawns `bash file` and resolves with its stdout once it exits. */
function bare(file: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [file], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    child.stdout.on("data", (d: Buffer) => (bytes += d.length));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(bytes) : reject(new Error(`bench: bare run exited ${code}`))));
  });
}

async function run(ctx: BenchContext) {
  const root = ctx.dir("jobs-root");
  fs.mkdirSync(path.join(root, "jobs"), { recursive: true });
  const arctic = await Arctic.open("duckdb://" + ctx.dir("jobs-store"));
  ctx.onClose(() => arctic.close());
  const jobs = await JobRegistry.open(arctic, { root });
  const figures: Figure[] = [];
  const big = Number(process.env.BENCH_JOB_ROWS ?? 10_000);
  for (const rows of [10, big]) {
    const data = path.join(root, `bars-${rows}.csv`);
    fs.writeFileSync(data, barsCsv(rows));
    const script = path.join(root, "jobs", `cat-${rows}.sh`);
    fs.writeFileSync(script, `cat ${JSON.stringify(data)}\n`);
    const name = `cat_${rows}`;
    await jobs.add({ name, script: `jobs/cat-${rows}.sh`, library: "bench", symbol: name });
    const t = await measurePair(
      () => bare(script, root),
      async () => {
        const record = await jobs.run(name);
        if (record.status !== "success" || record.rows !== rows) throw new Error(`bench: jobs.run gave ${record.status}: ${record.error}`);
      },
      { warmup: 2, reps: REPS, label: `jobs.run of ${rows} bars` },
    );
    figures.push({
      name: `jobs.run, script printing ${rows} bars as CSV`,
      ms: t.subject.median,
      minMs: t.subject.min,
      reference: { name: "spawn of the same script, stdout collected", ms: t.reference.median, minMs: t.reference.min },
      detail: `overhead ${(t.subject.median - t.reference.median).toFixed(1)} ms`,
      goal: { ms: t.reference.median + (rows <= 10 ? 60 : 250) },
    });
  }
  return {
    figures,
    notes: [
      "Overhead = median jobs.run minus median bare spawn. It is a handful of short store calls (registry read,",
      "schema check, write, run record) plus parsing; the script's own run time is the same on both sides.",
      "Goals: at most 60 ms over the bare spawn for a 10-bar output, 250 ms for 10k bars.",
    ],
  };
}

export const jobsRun: Benchmark = { id: "jobs.run", title: "Jobs: jobs.run overhead over a bare spawn", file: "jobs.ts", run };
