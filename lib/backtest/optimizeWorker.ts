/**
 * Worker thread of optimize(): serves sweeps for one strategy module. The main thread announces each
 * sweep once (its bars, in shared memory, and its options) and then sends batches of parameter
 * combinations; the worker answers each batch with their statistics. A worker lives across sweeps
 * (see sweepWorkers.ts), so it loads the module once.
 */
import { parentPort } from "worker_threads";
import type { Bars } from "./bars";
import { evaluate, type Sweepable } from "./evaluate";

/** The main thread's messages. */
export type SweepMessage =
  | { type: "job"; job: number; bars: Bars; options: Record<string, unknown>; exportName: string }
  | { type: "run"; job: number; from: number; combos: Record<string, unknown>[] };

/** The worker's answers: the statistics of a batch, or why it failed. */
export interface SweepAnswer {
  job: number;
  from: number;
  stats?: unknown[];
  error?: string;
}

/**
 * Answers the main thread's sweep messages with `loaded`, the strategy module's exports.
 * @internal called by the worker's entry (a bundle of this file and the strategy module).
 */
export function serveSweeps(loaded: Record<string, unknown>, moduleName: string): void {
  const port = parentPort;
  if (!port) throw new Error("optimize: serveSweeps runs in a worker thread only");
  let job: Extract<SweepMessage, { type: "job" }> | null = null;
  port.on("message", (message: SweepMessage) => {
    if (message.type === "job") {
      job = message;
      return;
    }
    try {
      if (!job || job.job !== message.job) throw new Error(`optimize: batch of sweep ${message.job} arrived before the sweep`);
      const subject = loaded[job.exportName] as Sweepable<Record<string, unknown>> | undefined;
      if (typeof subject !== "function") throw new Error(`optimize: module '${moduleName}' has no export '${job.exportName}'`);
      const { bars, options } = job;
      const stats = message.combos.map((params) => evaluate(bars, subject, params, options));
      port.postMessage({ job: message.job, from: message.from, stats } satisfies SweepAnswer);
    } catch (error) {
      port.postMessage({ job: message.job, from: message.from, error: (error as Error).stack ?? String(error) } satisfies SweepAnswer);
    }
  });
}
