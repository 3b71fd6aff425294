import { TimestampArray, toTable } from "../frame";
import type { Table } from "../frame";
import { OHLCV_COLUMNS } from "../market";
import { F } from "./BarRing";
import type { BarRing } from "./BarRing";

/** Bars as six columns, the shape `getBars` returns and the store keeps. */
export interface BarColumns {
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export const BAR_COLUMNS = OHLCV_COLUMNS;

/** New, zeroed columns for `n` bars. */
function allocColumns(n: number): BarColumns {
  return {
    timestamp: new TimestampArray(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
}

/** Copies bars [from, to) of a ring (0 = oldest held) into new columns. */
export function ringColumns(r: BarRing, from: number, to: number): BarColumns {
  const n = Math.max(0, to - from);
  const out = allocColumns(n);
  for (let i = 0; i < n; i++) {
    const p = r.phys(from + i);
    out.timestamp[i] = r.get(p, F.start);
    out.open[i] = r.get(p, F.open);
    out.high[i] = r.get(p, F.high);
    out.low[i] = r.get(p, F.low);
    out.close[i] = r.get(p, F.close);
    out.volume[i] = r.get(p, F.volume);
  }
  return out;
}

/** Joins column sets in order (each already sorted, each later than the one before). */
export function concatColumns(parts: BarColumns[]): BarColumns {
  const n = parts.reduce((sum, p) => sum + p.timestamp.length, 0);
  const out = allocColumns(n);
  let at = 0;
  for (const part of parts) {
    for (const name of BAR_COLUMNS) out[name].set(part[name], at);
    at += part.timestamp.length;
  }
  return out;
}

/** Rows of `columns` whose timestamp is in [start, end] (inclusive, NaN = open), then the last `count`. */
export function sliceColumns(columns: BarColumns, start: number, end: number, count: number): BarColumns {
  const ts = columns.timestamp;
  let lo = 0;
  let hi = ts.length;
  if (!Number.isNaN(start)) while (lo < hi && ts[lo] < start) lo++;
  if (!Number.isNaN(end)) while (hi > lo && ts[hi - 1] > end) hi--;
  if (hi - lo > count) lo = hi - count;
  const out = {} as BarColumns;
  for (const name of BAR_COLUMNS) out[name] = name === "timestamp" ? new TimestampArray(columns.timestamp.subarray(lo, hi)) : columns[name].slice(lo, hi);
  return out;
}

/** The arquero Table of bar columns: timestamp (TimestampArray), open, high, low, close, volume. */
export function barsTable(columns: BarColumns): Table {
  return toTable(BAR_COLUMNS.map((name) => [name, columns[name]] as [string, Float64Array]));
}

/** The first `n` rows of `columns` (views, no copy). */
export function headColumns(columns: BarColumns, n: number): BarColumns {
  const out = {} as BarColumns;
  for (const name of BAR_COLUMNS) out[name] = columns[name].subarray(0, n);
  return out;
}
