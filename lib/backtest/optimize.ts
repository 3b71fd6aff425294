import * as os from "os";
import { toTable, type Table } from "../frame";
import { toBars } from "./bars";
import { InvalidOptionError } from "./errors";
import { evaluate, type Sweepable } from "./evaluate";
import { parameterCombos, sampleCombos, type ParameterGrid } from "./grid";
import type { BrokerOptions } from "./options";
import { STAT_NAMES, type Stats } from "./stats/types";
import { progressLine } from "./sweepProgress";
import { runOnWorkers } from "./sweepWorkers";

/** Options of {@link optimize}. */
export interface OptimizeOptions<P> extends BrokerOptions {
  /** Values to try per parameter; every combination is run (or a sample of them, see `maxTries`). */
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
   * Run a random subset of the admissible combinations, as backtesting.py's `max_tries` with method
   * "grid": a number in (0, 1] is a fraction of them, a whole number above 1 a count. Drawn without
   * replacement, reproducibly from `seed`, and run in grid order. @default undefined (every combination)
   */
  maxTries?: number;
  /** Seed of the `maxTries` sample; the result reports the seed used. @default a random seed */
  seed?: number;
  /**
   * Called once per finished combination (with workers, in the order batches finish): `done` of
   * `total`, and the best so far (null while no finished run has traded). @default none
   */
  onProgress?: (progress: SweepProgress<P>) => void;
  /**
   * A progress line on stderr, redrawn in place (in a notebook it shows under the cell): true, false,
   * or "auto" to show it once the sweep has run for 2 s.
   * @default "auto"
   */
  progress?: boolean | "auto";
  /**
   * Worker threads: a number, 0 for none, or "auto" (all cores when the sweep is large enough to pay
   * for them). Workers need `module`. They run precompiled code, start once and are reused by later
   * sweeps of the same module, and stop after 5 idle seconds (they never keep the process alive).
   * @default "auto"
   */
  workers?: number | "auto";
  /** Absolute path of the module that exports the strategy or signal function, for worker threads. @default undefined (no workers) */
  module?: string;
  /** Name under which `module` exports it. @default the class's or function's name */
  exportName?: string;
}

/** Where a sweep stands, for {@link OptimizeOptions.onProgress}. */
export interface SweepProgress<P> {
  /** Combinations finished so far: 1, 2, ... total, one call each. */
  done: number;
  total: number;
  /** The best finished combination so far, or null while no finished run has traded. */
  best: { params: P; value: number } | null;
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
  /** One row per combination run, in grid order: the parameters, `value` (what was maximised) and every numeric statistic. */
  results: Table;
  heatmap: Heatmap;
  /** Worker threads used (0 = run in this thread). */
  workers: number;
  /** The seed of the `maxTries` sample; undefined when every combination ran. */
  seed?: number;
}

const AUTO_WORK = 1_000_000; // bars x combinations below which workers do not pay for their start-up and messages

/**
 * Sweeps strategy parameters over a grid and picks the combination that maximises a statistic, like
 * backtesting.py's `Backtest.optimize(method="grid")`. The subject is a Strategy class (each combination
 * runs the event-driven engine) or a signal function `(bars, params) => { target, warmup }` (each runs
 * the vectorised engine, much faster). With `module`, combinations are spread over worker threads and
 * the results are the same as in one thread. With `maxTries`, a seeded random sample of the grid runs.
 * @throws InvalidOptionError for an empty grid, no admissible combination, an unknown statistic, a bad
 *   maxTries or seed, workers without a module or with a commission function (functions cannot be sent
 *   to a worker).
 * @example
 * const { best, heatmap } = await optimize(goog, SmaCross, {
 *   grid: { fast: [5, 10, 15], slow: [20, 30, 50] }, constraint: (p) => p.fast < p.slow, maximize: "Sharpe Ratio",
 *   maxTries: 0.5, seed: 1, onProgress: ({ done, total }) => console.log(`${done}/${total}`),
 * });
 */
export async function optimize<P extends object>(data: unknown, subject: Sweepable<P>, options: OptimizeOptions<P>): Promise<OptimizeResult<P>> {
  const { grid, maximize = "SQN", constraint, workers = "auto", module, exportName, maxTries, seed, onProgress, progress = "auto", ...rest } = options;
  const bars = toBars(data);
  if (typeof maximize === "string" && !(STAT_NAMES as readonly string[]).includes(maximize)) {
    throw new InvalidOptionError(`optimize: 'maximize' must be a statistic name such as "SQN" or "Sharpe Ratio", got '${maximize}'`, { option: "maximize" });
  }
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new InvalidOptionError(`optimize: 'seed' must be a whole number from 0 to 2^32 - 1, got ${seed}`, { option: "seed" });
  }
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new InvalidOptionError(`optimize: 'onProgress' must be a function, got ${typeof onProgress}`, { option: "onProgress" });
  }
  let combos = parameterCombos(grid, constraint);
  if (combos.length === 0) throw new InvalidOptionError("optimize: the constraint admits no combination of the grid", { option: "constraint" });
  let usedSeed: number | undefined;
  if (maxTries !== undefined) {
    usedSeed = seed ?? Math.floor(Math.random() * 0x100000000);
    combos = sampleCombos(combos, maxTries, usedSeed);
  }
  const first = evaluate(bars, subject, combos[0], rest); // validates options and the subject before any worker starts

  const threads = workerCount(workers, module, combos.length, bars.length);
  if (threads > 0 && typeof rest.commission === "function") {
    throw new InvalidOptionError("optimize: a commission function cannot be sent to worker threads; use workers: 0 or a rate", { option: "workers" });
  }

  // As backtesting.py: a run without trades scores NaN, so it is never the best (unless no run traded,
  // then the first combination is reported). Ties go to the earlier combination in grid order.
  const score = (s: Stats) => (!s["# Trades"] ? NaN : typeof maximize === "function" ? maximize(s) : (s[maximize] as number));
  const total = combos.length;
  const stats: Stats[] = new Array(total);
  const values: number[] = new Array(total);
  const line = progressLine({ total, show: progress, title: typeof maximize === "string" ? maximize : "value" });
  let done = 0;
  let bestSoFar = -1;
  const finish = (i: number, s: Stats) => {
    stats[i] = s;
    const v = (values[i] = score(s));
    if (!Number.isNaN(v) && (bestSoFar < 0 || v > values[bestSoFar] || (v === values[bestSoFar] && i < bestSoFar))) bestSoFar = i;
    done++;
    const best = bestSoFar < 0 ? null : { params: combos[bestSoFar], value: values[bestSoFar] };
    line.update(done, best);
    onProgress?.({ done, total, best });
  };
  try {
    if (threads > 0) {
      finish(0, first);
      await runOnWorkers(module as string, {
        bars,
        combos: combos.slice(1) as Record<string, unknown>[],
        options: rest as Record<string, unknown>,
        exportName: exportName ?? (subject as { name: string }).name,
        threads,
        onBatch: (from, batch) => batch.forEach((s, k) => finish(1 + from + k, s)),
      });
    } else {
      finish(0, first);
      for (let i = 1; i < total; i++) finish(i, evaluate(bars, subject, combos[i], rest));
    }
  } finally {
    line.end();
  }

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
    seed: usedSeed,
  };
}

function workerCount(workers: number | "auto", module: string | undefined, combos: number, bars: number): number {
  if (workers === "auto") {
    if (!module || combos < 4 || combos * bars < AUTO_WORK) return 0;
    return Math.max(1, Math.min(os.cpus().length, combos - 1));
  }
  if (!(Number.isInteger(workers) && workers >= 0)) {
    throw new InvalidOptionError(`optimize: 'workers' must be a whole number >= 0 or "auto", got ${workers}`, { option: "workers" });
  }
  if (workers > 0 && !module) {
    throw new InvalidOptionError("optimize: worker threads need 'module', the absolute path of the file exporting the strategy", { option: "module" });
  }
  // the first combination runs in this thread (it validates the options), so one combination needs no worker
  return Math.min(workers, combos - 1);
}

function resultsTable<P>(keys: string[], combos: P[], values: number[], stats: Stats[]): Table {
  const columns: [string, ArrayLike<unknown>][] = keys.map((key) => {
    const raw = combos.map((c) => (c as Record<string, unknown>)[key]);
    return [key, raw.every((v) => typeof v === "number") ? Float64Array.from(raw as number[]) : raw.map(String)];
  });
  // NaN is stored as the one canonical NaN: a statistic's NaN can carry a sign bit that a worker's
  // message (structured clone) drops, and the table is the same whichever thread computed it
  const canonical = (v: number) => (Number.isNaN(v) ? NaN : v);
  columns.push(["value", Float64Array.from(values, canonical)]);
  for (const name of STAT_NAMES) {
    if (name === "Commissions [$]" && stats.every((s) => s[name] === undefined)) continue;
    columns.push([name, Float64Array.from(stats, (s) => canonical((s[name] as number) ?? 0))]);
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
