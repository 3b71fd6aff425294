import type { Library } from "../store";
import { ringColumns } from "./barsTable";
import type { Series, SpillBatch } from "./Series";

/**
 * Copies the bars with sequence numbers [series.spilledSeq, toSeq) out of the ring into a new batch,
 * queues it on `series.pending` and advances `spilledSeq`; from then on the ring may overwrite them.
 * Returns the number of bars copied.
 */
export function copyOut(series: Series, toSeq: number): number {
  const r = series.ring;
  const fromSeq = Math.max(series.spilledSeq, r.firstSeq);
  if (toSeq <= fromSeq) return 0;
  const cols = ringColumns(r, fromSeq - r.firstSeq, toSeq - r.firstSeq);
  const batch: SpillBatch = { fromSeq, toSeq, ...cols };
  series.pending.push(batch);
  series.spilledSeq = toSeq;
  return toSeq - fromSeq;
}

/** Bytes held by a series' batches waiting for the store. */
export function pendingBytes(series: Series): number {
  let bytes = 0;
  for (const b of series.pending) bytes += b.timestamp.byteLength * 6;
  return bytes;
}

/** What the write loop reports back. */
export interface DrainHooks {
  written(series: Series, batch: SpillBatch): void;
  failed(series: Series, batch: SpillBatch, error: unknown): void;
}

/**
 * Appends the series' pending batches to `library`, oldest first, one at a time; stops at the first
 * failure (the batch stays pending and is retried by the next drain). A running loop is reused.
 */
export function drain(series: Series, library: Library, hooks: DrainHooks): Promise<void> {
  if (series.draining) return series.draining;
  const run = async () => {
    try {
      while (series.pending.length > 0) {
        const batch = series.pending[0];
        try {
          await library.append(series.storeSymbol, {
            timestamp: batch.timestamp,
            open: batch.open,
            high: batch.high,
            low: batch.low,
            close: batch.close,
            volume: batch.volume,
          });
        } catch (error) {
          hooks.failed(series, batch, error);
          return;
        }
        series.pending.shift();
        series.writtenSeq = batch.toSeq;
        hooks.written(series, batch);
      }
    } finally {
      series.draining = null;
    }
  };
  series.draining = run();
  return series.draining;
}
