import { BarRing, F } from "./BarRing";
import type { Bar } from "./events";

/** What `priceRange` returns. */
export interface PriceRange {
  high: number;
  low: number;
  /** high − low. */
  range: number;
  /** Bars looked at (fewer than asked when memory holds fewer). */
  bars: number;
}

/** What `volumeStats` returns. */
export interface VolumeStats {
  total: number;
  /** Mean volume per bar. */
  average: number;
  /** Volume of the newest (forming) bar. */
  current: number;
  /** current / mean of the bars before it; NaN with fewer than two bars or no earlier volume. */
  relative: number;
  bars: number;
}

/** The bar in `slot` as an object (allocates: events and queries only, never per tick). */
export function barAt(r: BarRing, slot: number): Bar {
  return {
    timestamp: r.get(slot, F.start),
    end: r.get(slot, F.end),
    open: r.get(slot, F.open),
    high: r.get(slot, F.high),
    low: r.get(slot, F.low),
    close: r.get(slot, F.close),
    volume: r.get(slot, F.volume),
    ticks: r.get(slot, F.ticks),
  };
}

/** High, low and range over the newest `bars` bars of a ring (NaN when it is empty or missing). */
export function priceRangeOf(r: BarRing | undefined, bars: number): PriceRange {
  let high = -Infinity;
  let low = Infinity;
  let n = 0;
  if (r) {
    for (let i = Math.max(0, r.length - bars); i < r.length; i++, n++) {
      const p = r.phys(i);
      if (r.get(p, F.high) > high) high = r.get(p, F.high);
      if (r.get(p, F.low) < low) low = r.get(p, F.low);
    }
  }
  return n === 0 ? { high: NaN, low: NaN, range: NaN, bars: 0 } : { high, low, range: high - low, bars: n };
}

/** Volume figures over the newest `bars` bars of a ring. */
export function volumeStatsOf(r: BarRing | undefined, bars: number): VolumeStats {
  if (!r || r.length === 0) return { total: 0, average: NaN, current: NaN, relative: NaN, bars: 0 };
  let total = 0;
  const from = Math.max(0, r.length - bars);
  for (let i = from; i < r.length; i++) total += r.get(r.phys(i), F.volume);
  const n = r.length - from;
  const current = r.get(r.phys(r.length - 1), F.volume);
  const before = (total - current) / (n - 1);
  return { total, average: total / n, current, relative: n > 1 && before > 0 ? current / before : NaN, bars: n };
}
