import { F } from "./BarRing";
import type { Series } from "./Series";

/** Per-symbol state: its series (one per timeframe) and its latest tick. */
export interface SymbolState {
  readonly symbol: string;
  readonly series: Series[];
  /** Newest exchange timestamp accepted. */
  watermark: number;
  /** Stored bars seeded into memory (BarManager.seed) cover the time before this: a tick before it is late. */
  sealedBefore: number;
  /** Price of the newest tick by exchange time. */
  lastPrice: number;
  lastTs: number;
  /** Ticks rejected as jumps in a row that agree on a new level (see jumpConfirmTicks), and that level. */
  jumpRun: number;
  jumpPrice: number;
  /**
   * The fast path: while every time-based series has a forming bar, a tick in [fastFrom, fastTo) (the
   * overlap of those bars) only updates them, at slots `fastSlots`. fastFrom = Infinity disables it;
   * anything that moves or closes a bar disables it until the next tick recomputes it.
   */
  fastFrom: number;
  fastTo: number;
  readonly fastSeries: Series[];
  readonly fastSlots: Int32Array;
  /** What the current tick did to each series (a TickEffect), between updating and emitting. */
  readonly effects: Uint8Array;
}


/** A new symbol's state over its series. */
export function newSymbolState(symbol: string, series: Series[]): SymbolState {
  const fastSeries = series.filter((x) => x.bucketer !== undefined);
  return { symbol, series, watermark: -Infinity, sealedBefore: -Infinity, lastPrice: 0, lastTs: -Infinity, jumpRun: 0, jumpPrice: 0, fastFrom: Infinity, fastTo: -Infinity, fastSeries, fastSlots: new Int32Array(fastSeries.length), effects: new Uint8Array(series.length) };
}

/** Opens the fast path of a symbol when all its time-based series have a forming bar (see SymbolState). */
export function armFastPath(st: SymbolState): void {
  let from = -Infinity;
  let to = Infinity;
  const fast = st.fastSeries;
  for (let i = 0; i < fast.length; i++) {
    const s = fast[i];
    const r = s.ring;
    if (!s.formingOpen || r.length === 0) {
      st.fastFrom = Infinity;
      return;
    }
    const slot = r.phys(r.length - 1);
    st.fastSlots[i] = slot;
    const start = r.get(slot, F.start);
    const end = r.get(slot, F.end);
    if (start > from) from = start;
    if (end < to) to = end;
  }
  st.fastFrom = fast.length > 0 ? from : Infinity;
  st.fastTo = to;
}

