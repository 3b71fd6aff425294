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
  };
}

/** The `stats()` report: the counters plus what the series hold now (bars, bytes, pending batches). */
export function collectStats(n: Counters, symbols: Iterable<SymbolState>): BarManagerStats {
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
      barsInMemory += s.ring.length;
      memoryBytes += s.ring.memoryBytes + pendingBytes(s);
      for (const b of s.pending) barsPending += b.toSeq - b.fromSeq;
      emptyGapsSkipped += s.emptyGapsSkipped;
    }
  }
  const rejected = {} as BarManagerStats["rejected"];
  REJECT_REASONS.forEach((reason, i) => (rejected[reason] = n.rejected[i]));
  return {
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
    spill: { barsWritten: n.barsWritten, batchesWritten: n.batchesWritten, barsPending, errors: n.spillErrors, barsLost: n.barsLost },
  };
}
