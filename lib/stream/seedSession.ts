import type { Library } from "../store";
import { setBar } from "./aggregate";
import { higherBars } from "./align/higherBars";
import { readStoredBase } from "./align/readBaseBars";
import { F } from "./BarRing";
import type { BarColumns } from "./barsTable";
import type { Series } from "./Series";
import type { SymbolState } from "./SymbolState";

/** Options of `BarManager.seed`. */
export interface SeedOptions {
  /**
   * The stored timeframe the session is rebuilt from, one the manager builds. Timeframes shorter than it
   * are not seeded (they start with the first tick). @default the shortest time-based timeframe of the manager
   */
  from?: string;
  /** Library holding the stored bars to rebuild from. @default the manager's `store` */
  library?: Library;
  /**
   * Name of the stored symbol holding a symbol's bars of a timeframe in `library`.
   * @default (symbol, timeframe) => `${symbol}.${timeframe}`, where the manager spills them
   */
  storeSymbol?: (symbol: string, timeframe: string) => string;
  /** The moment to seed up to: bars forming at this time are rebuilt. @default the manager's `now()` */
  now?: number;
}

/** One bar to put into a ring. */
interface LoadedBar {
  start: number;
  end: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Exchange time the close stands for (the start of the last stored bar in it). */
  closeTs: number;
  /** What `ticks` says: 0 for a bar read as it is, else the stored bars it was built from. */
  ticks: number;
}

/**
 * Rebuilds one series' bars of the current period from stored bars of a shorter timeframe (`source`, with
 * the end of each bar in `sourceEnd`): first its own stored bars since `from` (already in the store), then
 * bars aggregated from the source after them: closed ones (written to the store later, like any closed
 * bar) and, last, the forming one, which live ticks then continue. Returns the bars loaded.
 */
export async function seedSeries(s: Series, st: SymbolState, own: Library | undefined, ownSymbol: string, source: BarColumns, sourceEnd: Float64Array, sourceLabel: string, from: number, seededTo: number): Promise<number> {
  const bars: LoadedBar[] = [];
  let stored = 0;
  const r = s.ring;
  const ringEnd = r.length > 0 ? r.get(r.phys(r.length - 1), F.end) : -Infinity;
  if (own) {
    const mine = await readStoredBase(own, ownSymbol, from, NaN);
    for (let i = 0; i < mine.timestamp.length; i++) {
      const start = mine.timestamp[i];
      if (start < ringEnd || !s.bucketer!.locate(start)) continue;
      bars.push({ start, end: s.bucketer!.end, open: mine.open[i], high: mine.high[i], low: mine.low[i], close: mine.close[i], volume: mine.volume[i], closeTs: s.bucketer!.end, ticks: 0 });
    }
    stored = bars.length;
  }
  const after = bars.length > 0 ? bars[bars.length - 1].end : ringEnd;
  const built = higherBars(source, sourceEnd, s.bucketer!, { symbol: s.symbol, base: sourceLabel, timeframe: s.timeframe.label }, { keepPartial: true });
  for (let k = 0; k < built.start.length; k++) {
    if (built.start[k] < after) continue;
    bars.push({ start: built.start[k], end: built.end[k], open: built.open[k], high: built.high[k], low: built.low[k], close: built.close[k], volume: built.volume[k], closeTs: built.lastStart[k], ticks: built.count[k] });
  }
  // Memory holds at most maxBars - 1 of them (the newest), like backfill.
  const keep = bars.slice(Math.max(0, bars.length - (r.maxBars - 1)));
  const storedKept = Math.max(0, stored - (bars.length - keep.length));
  for (const b of keep) {
    const p = r.push();
    setBar(r, p, b.start, b.end, b.start, b.open, b.volume, 0);
    r.set(p, F.high, b.high);
    r.set(p, F.low, b.low);
    r.set(p, F.close, b.close);
    r.set(p, F.closeTs, b.closeTs);
    // Not 0 for a built bar: a bar with no ticks is an empty bar, which the next tick would replace.
    r.set(p, F.ticks, b.ticks);
  }
  // Bars from the series' own stored symbol are in the store already; the ones built after them are not.
  s.spilledSeq = s.writtenSeq = r.endSeq - keep.length + storedKept;
  s.formingOpen = keep.length > 0 && keep[keep.length - 1].end > seededTo;
  if (keep.length > 0) {
    const last = keep[keep.length - 1];
    if (!(last.closeTs < st.lastTs)) {
      st.lastTs = last.closeTs;
      st.lastPrice = last.close;
    }
  }
  return keep.length;
}
