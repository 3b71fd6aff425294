/**
 * Benchmark: fairness between writer processes. 3 processes each append to their own symbol of one
 * library, one call after another, for BENCH_FAIRNESS_S seconds (default 20; issue 18 asks for 60), against
 * one such writer alone for the same time. Figures: the pooled call latency of the 3 writers (p50, p99,
 * max; waits for the other processes included) and their total appends per second against the lone writer's.
 */
import { spawn } from "child_process";
import * as path from "path";
import { Arctic } from "../lib";
import { BenchContext, Benchmark } from "./context";
import { Figure } from "./report";
import { progress } from "./timing";

const WRITER = path.join(__dirname, "workers", "fairnessWriter.ts");
/** Rows per append. */
const ROWS = 10;

interface WriterResult {
  ops: number;
  latencies: number[];
}

/** The seconds each phase runs: BENCH_FAIRNESS_S, default 20. */
export function fairnessSeconds(): number {
  const s = Number(process.env.BENCH_FAIRNESS_S ?? 20);
  if (!Number.isFinite(s) || s <= 0) throw new Error(`bench: BENCH_FAIRNESS_S must be a positive number of seconds, got '${process.env.BENCH_FAIRNESS_S}'`);
  return s;
}

/** Starts a writer; `ready` resolves once it is set up, `start(at)` tells it when to begin, `result` is its report. */
function startWriter(dir: string, symbol: string, durationMs: number) {
  const args = ["--import", "tsx", WRITER, "--dir", dir, "--library", "fair", "--symbol", symbol, "--durationMs", String(durationMs), "--rows", String(ROWS)];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on("data", (c) => {
    out += c;
    if (out.startsWith("ready\n")) onReady();
  });
  child.stderr.on("data", (c) => (err += c));
  const result = new Promise<WriterResult>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.slice("ready\n".length))) : reject(new Error(`fairness writer ${symbol} exited ${code}: ${err}`)))),
  );
  return { ready, result, start: (at: number) => child.stdin.end(`${at}\n`) };
}

/** Runs `writers` writer processes at once for `seconds`, all starting at the same moment once all are set up. */
export async function runWriters(dir: string, phase: string, writers: number, seconds: number): Promise<{ opsPerS: number; latencies: number[]; perWriter: number[] }> {
  const started = Array.from({ length: writers }, (_, i) => startWriter(dir, `${phase}${i}`, seconds * 1000));
  await Promise.race([Promise.all(started.map((w) => w.ready)), Promise.all(started.map((w) => w.result))]);
  const startAt = Date.now() + 200;
  for (const w of started) w.start(startAt);
  const results = await Promise.all(started.map((w) => w.result));
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return { opsPerS: latencies.length / seconds, latencies, perWriter: results.map((r) => r.ops) };
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(ctx: BenchContext) {
  const seconds = fairnessSeconds();
  const dir = ctx.dir("fairness");
  const arctic = await Arctic.open("duckdb://" + dir);
  await arctic.getLibrary("fair", { createIfMissing: true });
  await arctic.close();

  progress(`one writer alone for ${seconds} s`);
  const alone = await runWriters(dir, "alone", 1, seconds);
  progress(`3 writers for ${seconds} s`);
  const three = await runWriters(dir, "three", 3, seconds);
  const p = (sorted: number[], q: number) => percentile(sorted, q);
  const figures: Figure[] = [
    {
      name: `3 writers: p50 append latency`,
      ms: p(three.latencies, 50),
      reference: { name: "one writer alone, p50", ms: p(alone.latencies, 50) },
    },
    {
      name: `3 writers: p99 append latency`,
      ms: p(three.latencies, 99),
      reference: { name: "one writer alone, p99", ms: p(alone.latencies, 99) },
      goal: { ms: 100 },
    },
    {
      name: `3 writers: longest append (wait included)`,
      ms: three.latencies[three.latencies.length - 1],
      reference: { name: "one writer alone, longest", ms: alone.latencies[alone.latencies.length - 1] },
    },
    {
      // Expressed as time per append so the ratio reads like the other rows: <= 1x means at least the lone writer's throughput.
      name: `3 writers: time per append of all three together (1 / total ops/s)`,
      ms: 1000 / three.opsPerS,
      reference: { name: "one writer alone (1 / ops/s)", ms: 1000 / alone.opsPerS },
      goal: { ratio: 1 },
      detail: `${three.opsPerS.toFixed(1)} ops/s total (per writer ${three.perWriter.map((n) => (n / seconds).toFixed(1)).join(", ")}) vs ${alone.opsPerS.toFixed(1)} ops/s alone`,
    },
  ];
  return {
    figures,
    notes: [
      `${seconds} s per phase (BENCH_FAIRNESS_S); each append adds ${ROWS} rows to the writer's own symbol of one library (one DuckDB file), so every call needs that file. Latencies are pooled over the 3 writers (${three.latencies.length} appends) and include the wait for the other processes.`,
    ],
  };
}

export const storeFairness: Benchmark = { id: "store.fairness", title: "6. Writer processes sharing one library (fairness)", file: "store.fairness.ts", run };
