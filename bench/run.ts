/**
 * Runs the benchmarks: `npm run bench` for all, `npm run bench -- store.read warm` for some (a
 * name matches a benchmark id, or any part of it between dots: `store` runs all store benchmarks).
 * Figures go to stdout, progress to stderr; bench/RESULTS.md gets the new figures.
 * Environment: BENCH_ROWS (rows of the big series, default 10M), BENCH_FULL_WRITES_S (time budget of
 * the full-write series in benchmark 4, default 150), BENCH_FAIRNESS_S (seconds each phase of the
 * fairness benchmark runs, default 20).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { backtestSweep } from "./backtest";
import { cliStart } from "./cli";
import { BenchContext, Benchmark } from "./context";
import { jobsRun } from "./jobs";
import { machine, machineLine } from "./machine";
import { kernelStart } from "./kernel";
import { providersFetch } from "./providers";
import { queryResample } from "./query";
import { BenchReport, printFigure, verdict } from "./report";
import { RESULTS_PATH, section, updateResults } from "./results";
import { storeBatch } from "./store.batch";
import { storeFairness } from "./store.fairness";
import { storeRead } from "./store.read";
import { storeVersions } from "./store.versions";
import { storeWarm } from "./store.warm";
import { storeWide } from "./store.wide";
import { storeWrite } from "./store.write";
import { streamIngest } from "./stream";
import { fmtMs } from "./timing";
import { frameRolling } from "./frame";
import { validateBench } from "./validate";

const BENCHMARKS: Benchmark[] = [storeWrite, storeRead, storeWarm, storeVersions, storeBatch, storeFairness, storeWide, kernelStart, validateBench, streamIngest, jobsRun, backtestSweep, queryResample, frameRolling, providersFetch, cliStart];

function select(names: string[]): Benchmark[] {
  if (names.length === 0) return BENCHMARKS;
  const matches = (b: Benchmark, name: string) => b.id === name || b.id.split(".").includes(name);
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => matches(b, n)));
  if (unknown.length) {
    throw new Error(`bench: no benchmark named ${unknown.map((n) => `'${n}'`).join(", ")}; there are ${BENCHMARKS.map((b) => b.id).join(", ")}`);
  }
  return BENCHMARKS.filter((b) => names.some((n) => matches(b, n)));
}

async function main(): Promise<number> {
  const chosen = select(process.argv.slice(2));
  const m = machine();
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-bench-"));
  const ctx = new BenchContext(tmpRoot);
  const env = `BENCH_ROWS=${ctx.rows}`;
  process.stdout.write(`quantlab benchmarks — ${machineLine(m)}\n${env}, temp ${tmpRoot}\n`);
  const sections: { id: string; body: string }[] = [];
  let failed = 0;
  const cleanup = () => fs.rmSync(tmpRoot, { recursive: true, force: true });
  process.once("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  const started = Date.now();
  try {
    for (const bench of chosen) {
      process.stdout.write(`\n${bench.title} (${bench.file})\n`);
      const t0 = Date.now();
      const load = `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores at its start`;
      let report: BenchReport;
      try {
        report = await bench.run(ctx);
      } catch (error) {
        failed++;
        process.stderr.write(`${bench.id} failed: ${(error as Error).stack}\n`);
        report = { figures: [], notes: [`FAILED: ${(error as Error).message}`] };
      }
      report.figures.forEach(printFigure);
      const misses = report.figures.filter((f) => verdict(f) === "MISS").length;
      process.stdout.write(`  (${fmtMs(Date.now() - t0)}${misses ? `, ${misses} MISS` : ""})\n`);
      sections.push({ id: bench.id, body: section(bench.title, bench.file, m, `${env}, ${load}, took ${fmtMs(Date.now() - t0)}`, report) });
    }
  } finally {
    await ctx.close();
    cleanup();
  }
  updateResults(m, sections, BENCHMARKS.map((b) => b.id));
  process.stdout.write(`\nall done in ${fmtMs(Date.now() - started)}; results in ${path.relative(process.cwd(), RESULTS_PATH)}\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  },
);
