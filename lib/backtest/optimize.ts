import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { toTable, type Table } from "../frame";
import { Bars, toBars } from "./bars";
import { InvalidOptionError } from "./errors";
import { evaluate, isStrategyClass, type Sweepable } from "./evaluate";
import { parameterCombos, type ParameterGrid } from "./grid";
import type { BrokerOptions } from "./options";
import { STAT_NAMES, type Stats } from "./stats/types";

/** Options of {@link optimize}. */
export interface OptimizeOptions<P> extends BrokerOptions {
  /** Values to try per parameter; every combination is run. */
  grid: ParameterGrid<P>;
  /**
   * The statistic to maximise, or a function of the stats (higher is better). NaN never wins, and a run
   * that made no trade scores NaN (as in backtesting.py). @default "SQN" (backtesting.py's default)
   */
  maximize?: keyof Stats | ((stats: Stats) => number);
  /** Admits a combination (e.g. `p => p.fast < p.slow`). @default every combination */
  constraint?: (params: P) => boolean;
  /** Order size for signal functions (see {@link signalBacktest}). @default all available margin */
  size?: number;
  /**
   * Worker threads: a number, 0 for none, or "auto" (use all cores but when the sweep is small, since a
   * worker costs a few hundred ms to start). Workers need `module`.
   * @default "auto"
   */
  workers?: number | "auto";
  /** Absolute path of the module that exports the strategy or signal function, for worker threads. @default undefined (no workers) */
  module?: string;
  /** Name under which `module` exports it. @default the class's or function's name */
  exportName?: string;
}

/** A heatmap of the maximised value over the first two grid parameters (the best over any others). */
export interface Heatmap {
  x: (number | string)[];
  y: (number | string)[];
  /** z[yIndex][xIndex]; NaN where no admissible combination was run or none traded (blank in heatmapChart). */
  z: number[][];
  xTitle: string;
  yTitle: string;
  title: string;
}

/** What {@link optimize} returns. */
export interface OptimizeResult<P> {
  /** The combination with the highest value, and its statistics (the first combination when no run traded). */
  best: { params: P; stats: Stats; value: number };
  /** One row per combination run: the parameters, `value` (what was maximised) and every numeric statistic. */
  results: Table;
  heatmap: Heatmap;
  /** Worker threads used (0 = run in this thread). */
  workers: number;
}

const AUTO_WORK = 4_000_000; // bars x combinations below which workers do not pay for their start-up

/**
 * Sweeps strategy parameters over a grid and picks the combination that maximises a statistic, like
 * backtesting.py's `Backtest.optimize(method="grid")`. The subject is a Strategy class (each combination
 * runs the event-driven engine) or a signal function `(bars, params) => { target, warmup }` (each runs
 * the vectorised engine, much faster). With `module`, combinations are spread over worker threads.
 * @throws InvalidOptionError for an empty grid, no admissible combination, an unknown statistic, workers
 *   without a module or with a commission function (functions cannot be sent to a worker).
 * @example
 * const { best, heatmap } = await optimize(goog, SmaCross, {
 *   grid: { fast: [5, 10, 15], slow: [20, 30, 50] }, constraint: (p) => p.fast < p.slow, maximize: "Sharpe Ratio",
 * });
 */
export async function optimize<P extends object>(data: unknown, subject: Sweepable<P>, options: OptimizeOptions<P>): Promise<OptimizeResult<P>> {
  const { grid, maximize = "SQN", constraint, workers = "auto", module, exportName, ...rest } = options;
  const bars = toBars(data);
  if (typeof maximize === "string" && !(STAT_NAMES as readonly string[]).includes(maximize)) {
    throw new InvalidOptionError(`optimize: 'maximize' must be a statistic name such as "SQN" or "Sharpe Ratio", got '${maximize}'`, { option: "maximize" });
  }
  const combos = parameterCombos(grid, constraint);
  if (combos.length === 0) throw new InvalidOptionError("optimize: the constraint admits no combination of the grid", { option: "constraint" });
  const first = evaluate(bars, subject, combos[0], rest); // validates options and the subject before any worker starts

  const threads = workerCount(workers, module, combos.length, bars.length);
  if (threads > 0 && typeof rest.commission === "function") {
    throw new InvalidOptionError("optimize: a commission function cannot be sent to worker threads; use workers: 0 or a rate", { option: "workers" });
  }
  const stats =
    threads > 0
      ? await runOnWorkers(bars, combos, rest, threads, module as string, exportName ?? (subject as { name: string }).name)
      : [first, ...combos.slice(1).map((params) => evaluate(bars, subject, params, rest))];

  // As backtesting.py: a run without trades scores NaN, so it is never the best (unless no run traded,
  // then the first combination is reported).
  const score = (s: Stats) => (!s["# Trades"] ? NaN : typeof maximize === "function" ? maximize(s) : (s[maximize] as number));
  const values = stats.map(score);
  let bestAt = -1;
  values.forEach((v, i) => {
    if (!Number.isNaN(v) && (bestAt < 0 || v > values[bestAt])) bestAt = i;
  });
  if (bestAt < 0) bestAt = 0;
  const keys = Object.keys(grid) as (keyof P & string)[];
  return {
    best: { params: combos[bestAt], stats: stats[bestAt], value: values[bestAt] },
    results: resultsTable(keys, combos, values, stats),
    heatmap: heatmapOf(keys, grid, combos, values, typeof maximize === "string" ? maximize : "value"),
    workers: threads,
  };
}

function workerCount(workers: number | "auto", module: string | undefined, combos: number, bars: number): number {
  if (workers === "auto") {
    if (!module || combos < 4 || combos * bars < AUTO_WORK) return 0;
    return Math.max(1, Math.min(os.cpus().length, combos));
  }
  if (!(Number.isInteger(workers) && workers >= 0)) {
    throw new InvalidOptionError(`optimize: 'workers' must be a whole number >= 0 or "auto", got ${workers}`, { option: "workers" });
  }
  if (workers > 0 && !module) {
    throw new InvalidOptionError("optimize: worker threads need 'module', the absolute path of the file exporting the strategy", { option: "module" });
  }
  return Math.min(workers, combos);
}

async function runOnWorkers<P>(bars: Bars, combos: P[], options: object, threads: number, module: string, exportName: string): Promise<Stats[]> {
  const shared = sharedBars(bars);
  const pool = Array.from(
    { length: threads },
    () => new Worker(workerBootstrap(), { eval: true, workerData: { module: path.resolve(module), exportName, bars: shared, options } }),
  );
  const out: Stats[] = new Array(combos.length);
  const batch = Math.max(1, Math.ceil(combos.length / (threads * 4)));
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= combos.length) return resolve();
              const from = next;
              next = Math.min(combos.length, next + batch);
              worker.postMessage({ id: from, combos: combos.slice(from, next) });
            };
            worker.on("message", (m: { id: number; stats?: Stats[]; error?: string }) => {
              if (m.error) return reject(new Error(`optimize: a worker failed: ${m.error}`));
              m.stats!.forEach((s, k) => (out[m.id + k] = s));
              send();
            });
            worker.once("error", reject);
            worker.once("exit", (code) => (next < combos.length || code !== 0 ? reject(new Error(`optimize: a worker exited with code ${code}`)) : undefined));
            send();
          }),
      ),
    );
  } finally {
    for (const worker of pool) worker.removeAllListeners("exit");
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return out;
}

/**
 * The worker's entry: TypeScript sources run through tsx's require hook. (On Node 20, a worker started
 * with `execArgv: ["--import", "tsx"]` does not get tsx's loader for its entry file, so the entry is a
 * small CommonJS script that registers tsx/cjs and then requires the worker module.)
 */
function workerBootstrap(): string {
  const tsx = require.resolve("tsx/cjs");
  const entry = path.join(__dirname, "optimizeWorker.ts");
  return `require(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(entry)});\n`;
}

function sharedBars(bars: Bars): Bars {
  const share = (a: Float64Array) => {
    const copy = new Float64Array(new SharedArrayBuffer(a.byteLength));
    copy.set(a);
    return copy;
  };
  const extra: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(bars.extra)) extra[k] = share(v);
  return {
    timestamp: bars.timestamp ? share(bars.timestamp) : null,
    open: share(bars.open),
    high: share(bars.high),
    low: share(bars.low),
    close: share(bars.close),
    volume: share(bars.volume),
    extra,
    length: bars.length,
  };
}

function resultsTable<P>(keys: string[], combos: P[], values: number[], stats: Stats[]): Table {
  const columns: [string, ArrayLike<unknown>][] = keys.map((key) => {
    const raw = combos.map((c) => (c as Record<string, unknown>)[key]);
    return [key, raw.every((v) => typeof v === "number") ? Float64Array.from(raw as number[]) : raw.map(String)];
  });
  columns.push(["value", Float64Array.from(values)]);
  for (const name of STAT_NAMES) {
    if (name === "Commissions [$]" && stats.every((s) => s[name] === undefined)) continue;
    columns.push([name, Float64Array.from(stats, (s) => s[name] ?? 0)]);
  }
  return toTable(columns);
}

function heatmapOf<P>(keys: string[], grid: ParameterGrid<P>, combos: P[], values: number[], title: string): Heatmap {
  const [xKey, yKey] = keys;
  const x = [...((grid as Record<string, unknown[]>)[xKey] ?? [])] as (number | string)[];
  const y = yKey ? ([...(grid as Record<string, unknown[]>)[yKey]] as (number | string)[]) : [""];
  const z: number[][] = y.map(() => x.map(() => NaN));
  combos.forEach((combo, i) => {
    const c = combo as Record<string, number | string>;
    const xi = x.indexOf(c[xKey]);
    const yi = yKey ? y.indexOf(c[yKey]) : 0;
    const v = values[i];
    if (Number.isNaN(v)) return;
    const cell = z[yi][xi];
    if (Number.isNaN(cell) || v > cell) z[yi][xi] = v;
  });
  return { x, y, z, xTitle: xKey, yTitle: yKey ?? "", title };
}
