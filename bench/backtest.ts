/**
 * Benchmark `backtest.sweep`: backtest throughput.
 * 1. A 100-point SMA-cross sweep on GOOG (vectorised optimize, backtests/s) beside a plain loop that
 *    computes the same SMA-cross signals and positions over the same grid; the same sweep event-driven.
 * 2. The vectorised engine on BENCH_BACKTEST_BARS bars (default 1M) with a new target on every bar
 *    (about one order a bar), beside a plain loop over the same arrays doing the same position flips.
 * 3. The event-driven engine on the same bars with SmaCross(10, 30): bars/s.
 * 4. Sweeps on 2 worker threads against the same sweeps in this thread, in the same run: 1,000 points
 *    (goal: at least 1.6x faster) and 100 points, with the workers already started; and the first sweep
 *    of a process (compiling the worker bundle and starting the workers) and a sweep after the workers
 *    were stopped (starting them again).
 */
import * as path from "path";
import { backtest, optimize, readBarsCsv, signalBacktest, SmaCross, smaCrossSignals, sma, stopSweepWorkers, toBars, type Bars } from "../lib/backtest";
import { runSignals } from "../lib/backtest/runSignals";
import { tsxEntry, workerEntry, type WorkerEntry } from "../lib/backtest/sweepWorkers";
import { Worker } from "worker_threads";
import { runSettings } from "../lib/backtest/options";
import { seededRandom } from "../lib/data";
import type { Benchmark } from "./context";
import type { Figure } from "./report";
import { fmtMs, measure, measurePair, median } from "./timing";

const GOOG = path.join(__dirname, "..", "notebooks", "data", "GOOG.csv");
/** The module worker threads load smaCrossSignals from. */
const SUBJECTS = path.join(__dirname, "..", "test", "backtest", "sweepSubjects.ts");
const FAST = [4, 6, 8, 10, 12, 14, 16, 18, 20, 22];
const SLOW = [25, 30, 35, 40, 45, 50, 60, 70, 80, 100];



/**
 * The plain reference: running-sum SMAs, the cross test and an all-in long/short position filled at the
 * next open, keeping only cash, units and the final equity (no trade records, no statistics).
 */
function plainSmaCross(open: Float64Array, close: Float64Array, fast: number, slow: number, cash0: number): number {
  const n = close.length;
  let sumF = 0;
  let sumS = 0;
  let prevF = NaN;
  let prevS = NaN;
  let cash = cash0;
  let units = 0;
  let entry = 0;
  let pending = 0;
  for (let i = 0; i < n; i++) {
    if (pending) {
      const price = open[i];
      if (units) cash += units * (price - entry);
      units = pending * Math.floor(cash / price);
      entry = price;
      pending = 0;
    }
    sumF += close[i];
    sumS += close[i];
    if (i >= fast) sumF -= close[i - fast];
    if (i >= slow) sumS -= close[i - slow];
    const f = i >= fast - 1 ? sumF / fast : NaN;
    const s = i >= slow - 1 ? sumS / slow : NaN;
    if (prevF < prevS && f > s) pending = 1;
    else if (prevF > prevS && f < s) pending = -1;
    prevF = f;
    prevS = s;
  }
  return cash + units * (close[n - 1] - entry);
}

/**
 * The plain reference for one order a bar, doing the same accounting as the engine in the most direct
 * code: flip to the target at the next open with all the cash, keep the equity curve and one record per
 * trade (entry/exit bar and price, P&L) in preallocated arrays.
 */
function plainTargets(open: Float64Array, close: Float64Array, target: Float64Array, cash0: number): number {
  // fresh output arrays per run, as the engine's (the equity curve and a slot per possible trade)
  const equity = new Float64Array(close.length);
  const [tEntryBar, tExitBar, tEntry, tExit, tPnl] = Array.from({ length: 5 }, () => new Float64Array(close.length));
  let cash = cash0;
  let units = 0;
  let entry = 0;
  let entryBar = 0;
  let pending = 0;
  let count = 0;
  equity[0] = cash0;
  for (let i = 1; i < close.length; i++) {
    if (pending) {
      const price = open[i];
      if (units) {
        const pnl = units * (price - entry);
        cash += pnl;
        tEntryBar[count] = entryBar;
        tExitBar[count] = i;
        tEntry[count] = entry;
        tExit[count] = price;
        tPnl[count++] = pnl;
      }
      units = pending * Math.floor(cash / price);
      entry = price;
      entryBar = i;
      pending = 0;
    }
    equity[i] = cash + units * (close[i] - entry);
    const want = target[i] > 0 ? 1 : target[i] < 0 ? -1 : 0;
    if (want !== Math.sign(units)) pending = want;
  }
  return count;
}

function randomBars(n: number): Bars {
  const rnd = seededRandom(42);
  const timestamp = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let price = 100;
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < n; i++) {
    timestamp[i] = start + i * 60_000;
    open[i] = price;
    close[i] = price * (1 + (rnd() - 0.5) * 0.004);
    high[i] = Math.max(open[i], close[i]) * (1 + rnd() * 0.001);
    low[i] = Math.min(open[i], close[i]) * (1 - rnd() * 0.001);
    price = close[i];
  }
  return { timestamp, open, high, low, close, volume: new Float64Array(n).fill(NaN), extra: {}, length: n };
}

const rate = (count: number, ms: number, unit: string) => `${((count / ms) * 1000).toLocaleString("en", { maximumFractionDigits: 0 })} ${unit}/s`;

async function run() {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const goog = toBars(readBarsCsv(GOOG));
  const grid = { fast: FAST, slow: SLOW };
  const points = FAST.length * SLOW.length;

  // 1. 100-point sweep on GOOG
  let checksum = 0;
  const sweep = await measurePair(
    () => {
      for (const fast of FAST) for (const slow of SLOW) checksum += plainSmaCross(goog.open, goog.close, fast, slow, 10_000);
    },
    () => optimize(goog, smaCrossSignals, { grid, workers: 0 }),
    { reps: 7, label: "100-point sweep on GOOG" },
  );
  figures.push({
    name: `optimize: ${points}-point SMA-cross sweep on GOOG (${goog.length} bars), vectorised, full statistics`,
    ms: sweep.subject.median,
    minMs: sweep.subject.min,
    reference: { name: "plain loop: same SMAs, crosses and all-in flips, final equity only", ms: sweep.reference.median, minMs: sweep.reference.min },
    detail: `${rate(points, sweep.subject.median, "backtests")} vs ${rate(points, sweep.reference.median, "backtests")}`,
  });
  const eventSweep = await measure(() => optimize(goog, SmaCross, { grid, workers: 0 }), { reps: 3, label: "100-point sweep, event-driven" });
  figures.push({
    name: `optimize: the same sweep with the event-driven SmaCross`,
    ms: eventSweep.median,
    minMs: eventSweep.min,
    reference: { name: "plain loop (as above)", ms: sweep.reference.median },
    detail: rate(points, eventSweep.median, "backtests"),
  });

  // 2. vectorised engine, one order a bar
  const n = Number(process.env.BENCH_BACKTEST_BARS ?? 1_000_000);
  if (!(Number.isInteger(n) && n >= 1000)) throw new Error(`bench: BENCH_BACKTEST_BARS must be an integer >= 1000, got '${process.env.BENCH_BACKTEST_BARS}'`);
  const bars = randomBars(n);
  const rnd = seededRandom(7);
  const target = Float64Array.from({ length: n }, () => (rnd() < 0.5 ? 1 : -1));
  const settings = runSettings({});
  let trades = 0;
  const vector = await measurePair(
    () => {
      checksum += plainTargets(bars.open, bars.close, target, 10_000);
    },
    () => {
      trades = runSignals(bars, target, settings, 1).trades.length;
    },
    { reps: 5, label: `${n} bars, one target a bar` },
  );
  figures.push({
    name: `vectorised engine: ${n.toLocaleString("en")} bars, a random long/short target every bar (${(2 * trades).toLocaleString("en")} orders, ${trades.toLocaleString("en")} trades)`,
    ms: vector.subject.median,
    minMs: vector.subject.min,
    reference: { name: "plain loop over the same arrays: same flips, equity curve and trade records", ms: vector.reference.median, minMs: vector.reference.min },
    goal: { ratio: 2 },
    detail: `${rate(n, vector.subject.median, "bars")}, ${rate(2 * trades, vector.subject.median, "orders")}`,
  });
  const full = await measure(() => signalBacktest(bars, { target }), { reps: 3, label: "signalBacktest with stats and Tables" });
  figures.push({
    name: `signalBacktest: the same with statistics, equity and trades Tables`,
    ms: full.median,
    minMs: full.min,
    reference: { name: "plain loop (as above)", ms: vector.reference.median },
    detail: rate(n, full.median, "bars"),
  });

  // 3. event-driven engine
  const event = await measure(() => backtest(bars, SmaCross), { reps: 3, label: `event-driven SmaCross on ${n} bars` });
  const eventTrades = backtest(bars, SmaCross).trades.numRows();
  figures.push({
    name: `backtest (event-driven): SmaCross(10, 30) on ${n.toLocaleString("en")} bars (${eventTrades.toLocaleString("en")} trades)`,
    ms: event.median,
    minMs: event.min,
    detail: rate(n, event.median, "bars"),
  });

  // 4. sweeps on worker threads
  figures.push(...(await workerSweeps(goog, notes)));

  notes.push(
    `The sweep runs optimize() with a signal function in this thread (workers: 0): per point, two SMAs, the cross signals, the broker pass with trade records and the full statistics (about 30 figures over the equity curve); the plain loop keeps only cash and units, so the ratio is the price of the statistics, not a goal. Checksum ${checksum.toFixed(0)}.`,
    "Vectorised engine: runSignals (the pass under signalBacktest) against a loop doing the same flips, equity curve and trade records with fresh output arrays; the target flips on about half the bars, each flip a close and an open order (about 1M orders). vectorbt's published figure is 1M orders in 70-100 ms on an Apple M1.",
    "The machine is shared (2 cores, other agents running tests and benchmarks), so absolute times are noisy; ratios come from alternated repetitions in the same run.",
  );
  return { figures, notes };
}

async function workerSweeps(goog: Bars, notes: string[]): Promise<Figure[]> {
  const figures: Figure[] = [];
  const big = { fast: Array.from({ length: 10 }, (_, i) => 3 + 2 * i), slow: Array.from({ length: 100 }, (_, i) => 25 + i) };
  const small = { fast: FAST, slow: SLOW };
  const threaded = { workers: 2, module: SUBJECTS, progress: false as const };
  await stopSweepWorkers();
  let t = performance.now();
  await optimize(goog, smaCrossSignals, { grid: small, ...threaded });
  const firstMs = performance.now() - t;
  for (const [grid, points, goal] of [
    [big, 1000, { ratio: 1 / 1.6 }],
    [small, 100, undefined],
  ] as const) {
    let same = true;
    let one: Awaited<ReturnType<typeof optimize>> | null = null;
    const cpu = { one: [] as number[], two: [] as number[] };
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(since); // every thread of the process, workers included
      return (u.user + u.system) / 1000;
    };
    const pair = await measurePair(
      async () => {
        const c = process.cpuUsage();
        one = await optimize(goog, smaCrossSignals, { grid, workers: 0, progress: false });
        cpu.one.push(cpuMs(c));
      },
      async () => {
        const c = process.cpuUsage();
        const two = await optimize(goog, smaCrossSignals, { grid, ...threaded });
        cpu.two.push(cpuMs(c));
        same &&= one !== null && two.best.value === one.best.value && two.results.numRows() === one.results.numRows();
      },
      { reps: points >= 1000 ? 5 : 9, label: `${points}-point sweep, 2 workers vs this thread` },
    );
    figures.push({
      name: `optimize: ${points}-point vectorised sweep on GOOG on 2 worker threads (started)`,
      ms: pair.subject.median,
      minMs: pair.subject.min,
      reference: { name: "the same sweep in this thread (workers: 0)", ms: pair.reference.median, minMs: pair.reference.min },
      goal,
      detail: `${(pair.reference.median / pair.subject.median).toFixed(2)}x faster; ${rate(points, pair.subject.median, "backtests")}; CPU time (all threads) ${fmtMs(median(cpu.two))} vs ${fmtMs(median(cpu.one))}${same ? "" : "; RESULTS DIFFER"}`,
    });
  }
  await stopSweepWorkers();
  t = performance.now();
  await optimize(goog, smaCrossSignals, { grid: small, ...threaded });
  const restartMs = performance.now() - t;
  await stopSweepWorkers();
  // one worker's start-up: the precompiled bundle against the tsx entry workers used before
  const bundled = await workerEntry(SUBJECTS);
  const starts = await measurePair(
    () => startWorker(tsxEntry(path.resolve(SUBJECTS)), goog),
    () => startWorker(bundled, goog),
    { reps: 3, warmup: 0, label: "start a worker: bundle vs tsx" },
  );
  figures.push({
    name: "sweep worker start: from start to the first combination's statistics, precompiled bundle",
    ms: starts.subject.median,
    minMs: starts.subject.min,
    reference: { name: "the same worker loading TypeScript through tsx (as before)", ms: starts.reference.median, minMs: starts.reference.min },
    detail: bundled.eval ? "esbuild not found: tsx fallback" : "",
  });
  figures.push({
    name: "optimize: first 100-point sweep on 2 workers in the process (bundle the worker code, start 2 workers)",
    ms: firstMs,
    detail: `after the workers were stopped: ${fmtMs(restartMs)} (start 2 workers and sweep)`,
  });
  notes.push(
    "Worker sweeps: optimize(goog, smaCrossSignals, { workers: 2, module }) with test/backtest/sweepSubjects.ts as the module, alternated with the same sweep in this thread; the workers are started by an untimed warm-up and reused (as across the sweeps of a notebook). The first-sweep figure includes compiling the worker bundle with esbuild once per process; before this change each sweep started its workers afresh through tsx, about 2 s each. CPU time is process.cpuUsage() over the sweep (every thread): equal CPU time with a shorter wall time means the workers add no work and the speed-up is set by how much of the 2 cores the run gets; on a machine loaded by other jobs (see the load average above) the wall-time ratio is noisy.",
  );
  return figures;
}

/** Starts one sweep worker from `entry`, runs one combination on it and stops it. */
async function startWorker(entry: WorkerEntry, bars: Bars): Promise<void> {
  const worker = new Worker(entry.source, { eval: entry.eval });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("message", (m: { error?: string }) => (m.error ? reject(new Error(m.error)) : resolve()));
      worker.postMessage({ type: "job", job: 1, bars, options: {}, exportName: "smaCrossSignals" });
      worker.postMessage({ type: "run", job: 1, from: 0, combos: [{ fast: 10, slow: 30 }] });
    });
  } finally {
    await worker.terminate();
  }
}

export const backtestSweep: Benchmark = { id: "backtest.sweep", title: "Backtest throughput: sweeps, vectorised and event-driven", file: "backtest.ts", run };
