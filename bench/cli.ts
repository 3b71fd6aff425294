/**
 * Command-line start-up: `quantlab --help` and `quantlab store read` of a 100-row symbol, each a new
 * process started from a temporary folder (not the project), as a user types them. bin/quantlab runs
 * the bundle dist/cli.js (scripts/build.js); the reference is the same sources compiled on the fly by
 * tsx (`npm run quantlab`'s way, close to how bin/quantlab ran before the bundle), and a bare
 * `node -e 0` shows what a Node process costs on this machine.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { BenchContext, Benchmark } from "./context";
import { Figure } from "./report";
import { fmtMs, measure, median } from "./timing";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "bin", "quantlab");
const REPS = 5;

/**
 * CPU time (user + system, ms) used so far by this process's finished children, from /proc (Linux);
 * NaN elsewhere. On a busy machine it says what a command costs better than wall time does.
 */
function childrenCpuMs(): number {
  try {
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** Runs a command to the end from the temp folder and returns its CPU time; throws when it fails. */
function run(argv: string[]): number {
  const before = childrenCpuMs();
  const result = spawnSync(argv[0], argv.slice(1), { cwd: os.tmpdir(), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`bench cli: '${argv.join(" ")}' exited with ${result.status}: ${result.stderr.slice(-2000)}`);
  return childrenCpuMs() - before;
}

/** The same arguments with lib/cli/main.ts compiled on the fly by tsx (node --import tsx). */
function viaTsx(args: string[]): string[] {
  const loader = require.resolve("tsx", { paths: [ROOT] });
  return [process.execPath, "--import", pathToFileURL(loader).href, path.join(ROOT, "lib", "cli", "main.ts"), ...args];
}

async function time(argv: string[], label: string) {
  const cpu: number[] = [];
  const timing = await measure((rep) => (rep >= 0 ? cpu.push(run(argv)) : run(argv)), { warmup: 1, reps: REPS, label });
  return { ...timing, cpu: median(cpu) };
}

const cpuText = (ms: number) => (Number.isNaN(ms) ? "" : `CPU ${fmtMs(ms)}`);

async function runBench(ctx: BenchContext) {
  const store = ctx.dir("cli-store");
  const { Arctic } = await import("../lib");
  const arctic = await Arctic.open("duckdb://" + store);
  try {
    const lib = await arctic.getLibrary("daily", { createIfMissing: true });
    const timestamp = Array.from({ length: 100 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)));
    await lib.write("AAPL", { timestamp, close: timestamp.map((_, i) => 100 + i) });
  } finally {
    await arctic.close();
  }
  const read = ["store", "read", "daily", "AAPL", "--tail", "5", "--store", store];
  const bare = await time([process.execPath, "-e", "0"], "node -e 0");
  const help = await time([BIN, "--help"], "quantlab --help");
  const helpTsx = await time(viaTsx(["--help"]), "quantlab --help via tsx");
  const reads = await time([BIN, ...read], "quantlab store read");
  const readsTsx = await time(viaTsx(read), "quantlab store read via tsx");
  const figures: Figure[] = [
    { name: "quantlab --help", ms: help.median, minMs: help.min, reference: { name: "the same sources compiled by tsx at start", ms: helpTsx.median, minMs: helpTsx.min }, goal: { ms: 300 }, detail: `${cpuText(help.cpu)} (tsx: ${cpuText(helpTsx.cpu)})` },
    { name: "quantlab store read (100 rows, --tail 5)", ms: reads.median, minMs: reads.min, reference: { name: "the same sources compiled by tsx at start", ms: readsTsx.median, minMs: readsTsx.min }, goal: { ms: 1000 }, detail: `${cpuText(reads.cpu)} (tsx: ${cpuText(readsTsx.cpu)})` },
    { name: "node -e 0 (a bare Node process)", ms: bare.median, minMs: bare.min, detail: cpuText(bare.cpu) },
  ];
  return {
    figures,
    notes: [
      `Median of ${REPS} runs after one warm-up, each a new process started in ${os.tmpdir()}; wall time, so it includes waiting for a core when the machine is busy (compare with the bare Node process); the CPU column is the median user + system time of the process, which load does not inflate as much.`,
      "`--help` loads only the command line's own code; a command loads its group's modules (the store group: the store, DuckDB and arquero) when it runs.",
    ],
  };
}

export const cliStart: Benchmark = { id: "cli.start", title: "Command-line start-up", file: "cli.ts", run: runBench };
