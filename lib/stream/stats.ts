import type { BarManagerStats } from "./events";
import { pendingBytes } from "./spill";
import type { SymbolState } from "./SymbolState";
import { REJECT_REASONS } from "./Tick";

/** The running counters of a BarManager. */
export interface Counters {
  received: number;
  accepted: number;
  /** Rejections per reason, indexed like REJECT_REASONS. */
  rejected: Float64Array;
  reopened: number;
  /** Jumps accepted as a new price level (jumpConfirmTicks agreeing ticks). */
  levelsAccepted: number;
  lateDropped: number;
  droppedFromSeries: number;
  barsEmitted: number;
  emptyBars: number;
  barsWritten: number;
  batchesWritten: number;
  spillErrors: number;
  barsLost: number;
  heartbeatsAccepted: number;
  heartbeatsRejected: number;
  /** Bars written to the store per timeframe label. */
  writtenByTimeframe: Map<string, number>;
}

export function newCounters(): Counters {
  return {
    received: 0,
    accepted: 0,
    rejected: new Float64Array(REJECT_REASONS.length),
    reopened: 0,
    levelsAccepted: 0,
    lateDropped: 0,
    droppedFromSeries: 0,
    barsEmitted: 0,
    emptyBars: 0,
    barsWritten: 0,
    batchesWritten: 0,
    spillErrors: 0,
    barsLost: 0,
    heartbeatsAccepted: 0,
    heartbeatsRejected: 0,
    writtenByTimeframe: new Map(),
  };
}

/** Inputs of {@link collectStats} beyond the counters. */
export interface StatsContext {
  /** Timeframe labels in the manager's order. */
  timeframes: string[];
  /** Wall-clock ms since the manager was created. */
  uptimeMs: number;
  /** The manager's health().status now. */
  status: string;
  /** Recent tick-to-event latencies in ms, any order. */
  latency: Float64Array;
}

/** The nearest-rank percentile `p` (0–100) of `sorted` (ascending); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Share of each health status kept in the score (see {@link healthScore}). */
const STATUS_FACTOR: Record<string, number> = { ok: 1, idle: 1, degraded: 0.5, stale: 0, closed: 0 };

/**
 * The health score in [0, 100]: `round(100 × (1 − errorRate) × f)` where f is 1 for "ok"/"idle", 0.5
 * for "degraded" (the store refuses bars) and 0 for "stale"/"closed".
 */
export function healthScore(errorRate: number, status: string): number {
  return Math.round(100 * (1 - errorRate) * (STATUS_FACTOR[status] ?? 0));
}

/** The `stats()` report: the counters plus what the series hold now (bars, bytes, pending batches). */
export function collectStats(n: Counters, symbols: Iterable<SymbolState>, ctx: StatsContext): BarManagerStats {
  const timeframes: BarManagerStats["timeframes"] = {};
  for (const label of ctx.timeframes) timeframes[label] = { barsInMemory: 0, memoryBytes: 0, barsWritten: n.writtenByTimeframe.get(label) ?? 0, barsPending: 0 };
  let barsInMemory = 0;
  let memoryBytes = 0;
  let series = 0;
  let barsPending = 0;
  let emptyGapsSkipped = 0;
  let symbolCount = 0;
  for (const st of symbols) {
    symbolCount++;
    for (const s of st.series) {
      series++;
      const bytes = s.ring.memoryBytes + pendingBytes(s);
      let pending = 0;
      for (const b of s.pending) pending += b.toSeq - b.fromSeq;
      barsInMemory += s.ring.length;
      memoryBytes += bytes;
      barsPending += pending;
      const tf = timeframes[s.timeframe.label];
      if (tf !== undefined) {
        tf.barsInMemory += s.ring.length;
        tf.memoryBytes += bytes;
        tf.barsPending += pending;
      }
      emptyGapsSkipped += s.emptyGapsSkipped;
    }
  }
  const rejected = {} as BarManagerStats["rejected"];
  let rejectedTotal = 0;
  REJECT_REASONS.forEach((reason, i) => {
    rejected[reason] = n.rejected[i];
    rejectedTotal += n.rejected[i];
  });
  const errorRate = n.received === 0 ? 0 : (rejectedTotal + n.lateDropped) / n.received;
  return {
    uptimeMs: ctx.uptimeMs,
    ticksPerSecond: ctx.uptimeMs > 0 ? n.accepted / (ctx.uptimeMs / 1000) : 0,
    errorRate,
    healthScore: healthScore(errorRate, ctx.status),
    latencyMs: latencyOf(ctx.latency),
    received: n.received,
    accepted: n.accepted,
    rejected,
    levelsAccepted: n.levelsAccepted,
    late: { reopened: n.reopened, dropped: n.lateDropped, droppedFromSeries: n.droppedFromSeries },
    heartbeats: { accepted: n.heartbeatsAccepted, rejected: n.heartbeatsRejected },
    barsEmitted: n.barsEmitted,
    emptyBars: n.emptyBars,
    emptyGapsSkipped,
    symbols: symbolCount,
    series,
    barsInMemory,
    memoryBytes,
    timeframes,
    spill: { barsWritten: n.barsWritten, batchesWritten: n.batchesWritten, barsPending, errors: n.spillErrors, barsLost: n.barsLost },
  };
}

function latencyOf(samples: Float64Array): BarManagerStats["latencyMs"] {
  const sorted = samples.slice().sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), samples: sorted.length };
}
