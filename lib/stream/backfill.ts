import type { Library } from "../store";
import { setBar } from "./aggregate";
import { F } from "./BarRing";
import { readStoredBars } from "./readBars";
import type { Series } from "./Series";

/**
 * Loads the last `count` stored bars of a series into its (empty) ring as closed bars already in the
 * store. Tick counts, and the exact first/last tick times, are not stored: they are set to 0 and to the
 * bar's start and end. Returns the number of bars loaded.
 */
export async function backfillSeries(s: Series, library: Library, count: number): Promise<number> {
  const stored = await readStoredBars(library, s.storeSymbol, NaN, NaN, Math.min(count, s.ring.maxBars - 1));
  const n = stored.timestamp.length;
  for (let i = 0; i < n; i++) {
    const p = s.ring.push();
    const start = stored.timestamp[i];
    const end = s.bucketer !== undefined && s.bucketer.locate(start) ? s.bucketer.end : start;
    setBar(s.ring, p, start, end, start, stored.open[i], stored.volume[i], 0);
    s.ring.set(p, F.high, stored.high[i]);
    s.ring.set(p, F.low, stored.low[i]);
    s.ring.set(p, F.close, stored.close[i]);
    s.ring.set(p, F.closeTs, end);
    s.ring.set(p, F.ticks, 0);
  }
  s.spilledSeq = s.writtenSeq = s.ring.endSeq;
  s.formingOpen = false;
  return n;
}
