import type { Library } from "../store";
import { BarColumns, concatColumns, headColumns, ringColumns, sliceColumns } from "./barsTable";
import { F } from "./BarRing";
import type { Series } from "./Series";

/** Reads bar columns of a stored series symbol within [start, end] (NaN = open), the last `count` of them. */
export async function readStoredBars(library: Library, storeSymbol: string, start: number, end: number, count: number): Promise<BarColumns> {
  if (!(await library.hasSymbol(storeSymbol))) return ringColumns(emptyRingLike, 0, 0);
  const item = await library.read(storeSymbol, {
    dateRange: [Number.isFinite(start) ? start : null, Number.isFinite(end) ? end : null],
    ...(count === Infinity ? {} : { rowRange: [-count, null] as [number, null] }),
    columns: ["open", "high", "low", "close", "volume"],
  });
  const t = item.data;
  const col = (name: string) => Float64Array.from(t.array(name) as ArrayLike<number>);
  return { timestamp: col("timestamp"), open: col("open"), high: col("high"), low: col("low"), close: col("close"), volume: col("volume") };
}

const emptyRingLike = { phys: (i: number) => i } as unknown as Parameters<typeof ringColumns>[0];

/**
 * The bars of a series across the store and memory, oldest first: stored rows older than the first bar
 * held in memory or waiting to be written, then the batches waiting, then the ring. When a batch lands in
 * the store during the read, the read is repeated, so no bar is missed or seen twice.
 */
export async function readBarsSeamless(s: Series, library: Library, start: number, end: number, count: number): Promise<BarColumns> {
  for (let attempt = 0; ; attempt++) {
    // Let writes in flight land first, so the store and the pending batches do not move under the read.
    if (s.draining) await s.draining;
    const written = s.writtenSeq;
    const boundary = memoryStart(s);
    let stored: BarColumns | undefined;
    if (Number.isNaN(start) || start < boundary) {
      const upper = Number.isNaN(end) ? boundary : Math.min(end, boundary);
      stored = await readStoredBars(library, s.storeSymbol, start, upper, count);
    }
    if (s.writtenSeq !== written && attempt < 10) continue;
    // Synchronous from here: memory cannot change under us.
    const now = memoryStart(s);
    const parts: BarColumns[] = [];
    if (stored) {
      let n = 0;
      while (n < stored.timestamp.length && stored.timestamp[n] < now) n++;
      parts.push(headColumns(stored, n));
    }
    const r = s.ring;
    for (const batch of s.pending) {
      const keep = Math.min(batch.toSeq, r.firstSeq) - batch.fromSeq;
      if (keep > 0) parts.push({ timestamp: batch.timestamp.subarray(0, keep), open: batch.open.subarray(0, keep), high: batch.high.subarray(0, keep), low: batch.low.subarray(0, keep), close: batch.close.subarray(0, keep), volume: batch.volume.subarray(0, keep) });
    }
    parts.push(ringColumns(r, 0, r.length));
    return sliceColumns(concatColumns(parts), start, end, count);
  }
}

/** Start of the oldest bar held in memory or in a batch waiting for the store; Infinity when none. */
function memoryStart(s: Series): number {
  const r = s.ring;
  let first = r.length > 0 ? r.get(r.phys(0), F.start) : Infinity;
  for (const batch of s.pending) {
    const keep = Math.min(batch.toSeq, r.firstSeq) - batch.fromSeq;
    if (keep > 0 && batch.timestamp[0] < first) first = batch.timestamp[0];
  }
  return first;
}
