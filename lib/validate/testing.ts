/**
 * Test bars with known properties, and planters of defects of each kind. Every series is a grid of bars
 * with bounded returns (|ln(close / previous close)| <= 0.001), so with the default outlier band
 * (10 · 1.4826 · MAD ≈ 7.4 · 0.001 for uniform returns) nothing is an outlier unless planted, and no two
 * consecutive closes are equal unless a flat run is planted. Imported only by tests (lib/validate/*.test.ts
 * and test/validate).
 */
import { seededRandom } from "../data";

export const MINUTE = 60_000;
export const START = Date.UTC(2024, 0, 1);

/** Bars as plain columns (numbers or nulls), easy to edit. */
export interface Bars {
  timestamp: number[];
  open: (number | null)[];
  high: (number | null)[];
  low: (number | null)[];
  close: (number | null)[];
  volume: (number | null)[];
}

export const COLUMNS = ["timestamp", "open", "high", "low", "close", "volume"] as const;

/**
 * Clean bars at the given times. `flat` lists [first, last] row ranges whose closes all equal the close
 * of `first` (stale runs); every other return is uniform in ±[0.0001, 0.001].
 */
export function cleanBars(times: number[], seed = 1, flat: [number, number][] = []): Bars {
  const rnd = seededRandom(seed);
  const bars: Bars = { timestamp: [...times], open: [], high: [], low: [], close: [], volume: [] };
  let close = 100;
  for (let i = 0; i < times.length; i++) {
    const open = close;
    const isFlat = flat.some(([a, b]) => i > a && i <= b);
    if (!isFlat) {
      const size = 0.0001 + 0.0009 * rnd();
      close = open * Math.exp(rnd() < 0.5 ? -size : size);
    }
    bars.open.push(open);
    bars.close.push(close);
    bars.high.push(isFlat ? close : Math.max(open, close) * (1 + 0.0005 * rnd()));
    bars.low.push(isFlat ? close : Math.min(open, close) * (1 - 0.0005 * rnd()));
    bars.volume.push(100 + Math.round(1000 * rnd()));
  }
  return bars;
}

/** n one-minute bar times from START, around the clock. */
/** The bars with Date timestamps, as a store write takes them. */
export const asDates = (b: Bars) => ({ ...b, timestamp: b.timestamp.map((t) => new Date(t)) });

export function minuteGrid(n: number, start = START): number[] {
  return Array.from({ length: n }, (_, i) => start + i * MINUTE);
}

/** A copy of the bars with only the given rows, in that order. */
export function pick(bars: Bars, rows: number[]): Bars {
  const out = {} as Bars;
  for (const name of COLUMNS) out[name] = rows.map((i) => bars[name][i]) as never;
  return out;
}

/** Inserts `row` (a bar object) before position `at`. */
export function insertRow(bars: Bars, at: number, row: Record<(typeof COLUMNS)[number], number | null>): void {
  for (const name of COLUMNS) (bars[name] as (number | null)[]).splice(at, 0, row[name]);
}

/** Row i as an object. */
export function rowOf(bars: Bars, i: number): Record<(typeof COLUMNS)[number], number | null> {
  return { timestamp: bars.timestamp[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i] };
}

/** Multiplies every price from row `from` on by `factor` (a level shift: one outlier return at `from`). */
export function shiftFrom(bars: Bars, from: number, factor: number): void {
  for (const name of ["open", "high", "low", "close"] as const) {
    for (let i = from; i < bars.timestamp.length; i++) bars[name][i] = (bars[name][i] as number) * factor;
  }
  // the bar at `from` opens where the previous one closed: its jump is a gap open, keep OHLC consistent
  bars.open[from] = bars.close[from - 1];
  bars.high[from] = Math.max(bars.high[from] as number, bars.open[from] as number);
  bars.low[from] = Math.min(bars.low[from] as number, bars.open[from] as number);
}
