/**
 * Worker thread of optimize(): loads the strategy from its module, receives the bars once (shared
 * memory) and then batches of parameter combinations, and answers each batch with their statistics.
 */
import { parentPort, workerData } from "worker_threads";
import type { Bars } from "./bars";
import { evaluate, type Sweepable } from "./evaluate";

interface WorkerInit {
  module: string;
  exportName: string;
  bars: Bars;
  options: Record<string, unknown>;
}

const init = workerData as WorkerInit;
const loaded = require(init.module) as Record<string, unknown>;
const subject = loaded[init.exportName] as Sweepable<Record<string, unknown>> | undefined;

parentPort!.on("message", (message: { id: number; combos: Record<string, unknown>[] }) => {
  try {
    if (typeof subject !== "function") throw new Error(`optimize: module '${init.module}' has no export '${init.exportName}'`);
    const stats = message.combos.map((params) => evaluate(init.bars, subject, params, init.options));
    parentPort!.postMessage({ id: message.id, stats });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: (error as Error).stack ?? String(error) });
  }
});
