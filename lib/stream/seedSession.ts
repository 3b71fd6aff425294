import type { Timeframe } from "../market";
import type { Library } from "../store";
import { setBar } from "./aggregate";
import { higherBars } from "./align/higherBars";
import { readStoredBase } from "./align/readBaseBars";
import { F } from "./BarRing";
import { headColumns, type BarColumns } from "./barsTable";
import type { Bucketer } from "./buckets";
import { StreamError } from "./StreamError";
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

/** What seed reads, checked once for all symbols. */
export interface SeedPlan {
  library: Library;
  /** The stored timeframe bars are rebuilt from. */
  source: Timeframe;
  now: number;
  storeSymbol: (symbol: string, timeframe: string) => string;
}

const lengthOf = (t: Timeframe) => (Number.isFinite(t.ms) ? t.ms : Infinity);

/**
 * Checks seed's options against the manager's timeframes and applies the defaults.
 * @throws StreamError `INVALID_OPTION` without a library, or for a `from` the manager does not build.
 */
export function seedPlan(timeframes: Timeframe[], store: Library | undefined, options: SeedOptions, now: () => number): SeedPlan {
  const library = options.library ?? store;
  if (!library) throw new StreamError("BarManager: seed needs stored bars: give the manager a 'store' or seed a 'library'", { code: "INVALID_OPTION" });
  const timeBased = timeframes.filter((t) => t.kind !== "ticks" && t.kind !== "volume");
  const source = options.from === undefined ? [...timeBased].sort((a, b) => lengthOf(a) - lengthOf(b))[0] : timeBased.find((t) => t.label === options.from);
  if (!source) {
    throw new StreamError(`BarManager: seed 'from' must be one of the manager's time-based timeframes (${timeBased.map((t) => JSON.stringify(t.label)).join(", ") || "none"}), got ${JSON.stringify(options.from)}`, { code: "INVALID_OPTION" });
  }
  return { library, source, now: options.now ?? now(), storeSymbol: options.storeSymbol ?? ((symbol, timeframe) => `${symbol}.${timeframe}`) };
}

/**
 * Seeds the series of one symbol (see BarManager.seed): reads the stored `source` bars from the start of
 * the longest bar forming at `now`, rebuilds each series at least as long as the source, and seals the
 * time they cover (a tick before their end is late). Returns the bars loaded.
 */
export async function seedSymbol(st: SymbolState, plan: SeedPlan, own: Library | undefined, sourceBuckets: Bucketer): Promise<number> {
  const { source, now } = plan;
  const seeded = st.series.filter((s) => s.bucketer !== undefined && !(lengthOf(s.timeframe) < lengthOf(source)));
  let from = Infinity;
  for (const s of seeded) if (s.bucketer!.locate(now) && s.bucketer!.start < from) from = s.bucketer!.start;
  if (from === Infinity) return 0; // between sessions: no bar is forming
  const stored = await readStoredBase(plan.library, plan.storeSymbol(st.symbol, source.label), from, now);
  let n = 0;
  while (n < stored.timestamp.length && stored.timestamp[n] < now) n++;
  if (n === 0) return 0;
  const bars = headColumns(stored, n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) ends[i] = sourceBuckets.locate(bars.timestamp[i]) ? sourceBuckets.end : bars.timestamp[i] + lengthOf(source);
  const seededTo = ends[n - 1];
  let loaded = 0;
  for (const s of seeded) loaded += await seedSeries(s, st, own, s.storeSymbol, bars, ends, source.label, from, seededTo);
  st.sealedBefore = Math.max(st.sealedBefore, seededTo);
  st.fastFrom = Infinity;
  return loaded;
}
