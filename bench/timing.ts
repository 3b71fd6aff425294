/** Timing helpers shared by the benchmarks: warm-up, N repetitions, median and min, progress on stderr. */
import * as v8 from "v8";
import * as vm from "vm";

/**
 * A full garbage collection before each timed repetition (untimed), so one repetition does not pay
 * for the garbage of the one before. Node hides gc() unless started with --expose-gc; this turns it on.
 */
v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc") as () => void;

/** What one measured operation took over its repetitions, in milliseconds. */
export interface Timing {
  median: number;
  min: number;
  samples: number[];
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Untimed runs before the timed ones. @default 1 */
  warmup?: number;
  /** Timed runs. @default 5 */
  reps?: number;
  /** Runs before each repetition, untimed (e.g. to drop the previous repetition's table). */
  before?: (rep: number) => Promise<void> | void;
  /** Label for progress lines on stderr; omitted = quiet. */
  label?: string;
}

export const now = (): number => performance.now();

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times `fn` `reps` times after `warmup` untimed runs; `fn` gets the repetition number (warm-ups are negative). */
export async function measure(fn: (rep: number) => Promise<unknown> | unknown, options: MeasureOptions = {}): Promise<Timing> {
  const { warmup = 1, reps = 5, before, label } = options;
  for (let i = 0; i < warmup; i++) {
    if (before) await before(-1 - i);
    await fn(-1 - i);
  }
  const samples: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    if (before) await before(rep);
    collect();
    const start = now();
    await fn(rep);
    samples.push(now() - start);
    if (label && (reps <= 10 || (rep + 1) % 10 === 0)) progress(`${label}: ${rep + 1}/${reps} ${fmtMs(samples[rep])}`);
  }
  return { median: median(samples), min: Math.min(...samples), samples };
}

/**
 * Times a reference and the operation it is compared with, alternating them in each repetition so
 * that drift over the run (caches, other load on the machine) falls on both alike.
 */
export async function measurePair(
  reference: (rep: number) => Promise<unknown> | unknown,
  subject: (rep: number) => Promise<unknown> | unknown,
  options: MeasureOptions & {
    beforeReference?: (rep: number) => Promise<void> | void;
    /**
     * Alternate the two in each repetition. Set false when the reference takes longer than the store's
     * idleCloseMs: the store would close its file during the reference and every timed call would be
     * a cold one; then all reference repetitions run first, then all of the subject's. @default true
     */
    interleave?: boolean;
  } = {},
): Promise<{ reference: Timing; subject: Timing }> {
  const { warmup = 1, reps = 5, before, beforeReference, label, interleave = true } = options;
  if (!interleave) {
    const referenceTiming = await measure(reference, { warmup, reps, before: beforeReference });
    const subject1 = await measure(subject, { warmup, reps, before, label });
    return { reference: referenceTiming, subject: subject1 };
  }
  const refSamples: number[] = [];
  const samples: number[] = [];
  for (let rep = -warmup; rep < reps; rep++) {
    if (beforeReference) await beforeReference(rep);
    collect();
    let start = now();
    await reference(rep);
    const refMs = now() - start;
    if (before) await before(rep);
    collect();
    start = now();
    await subject(rep);
    const ms = now() - start;
    if (rep < 0) continue;
    refSamples.push(refMs);
    samples.push(ms);
    if (label && (reps <= 10 || (rep + 1) % 10 === 0)) progress(`${label}: ${rep + 1}/${reps} ${fmtMs(ms)} (ref ${fmtMs(refMs)})`);
  }
  const timing = (s: number[]) => ({ median: median(s), min: Math.min(...s), samples: s });
  return { reference: timing(refSamples), subject: timing(samples) };
}

/** Times one run of `fn`. */
export async function timeOnce<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = now();
  const value = await fn();
  return { ms: now() - start, value };
}

export { setTimeout as sleep } from "timers/promises";

/** A progress line on stderr (results go to stdout). */
export function progress(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}

/** Milliseconds, with precision that suits their size. */
export function fmtMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Rows per second, human-sized. */
export function fmtRate(rows: number, ms: number): string {
  const perSec = (rows / ms) * 1000;
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(1)} M rows/s`;
  if (perSec >= 1e3) return `${(perSec / 1e3).toFixed(0)} k rows/s`;
  return `${perSec.toFixed(0)} rows/s`;
}
