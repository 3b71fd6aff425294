import * as ring from "./BarRing";
import type { BarRing } from "./BarRing";
import type { Series } from "./Series";

// Local copies: in esbuild's CommonJS output (tsx, vitest) an imported binding is a getter call per use,
// and these are used on every tick of every timeframe.
const { FLAG_EMPTY, FLAG_LATE, FLAG_REOPENED, STRIDE, START, END, OPEN, HIGH, LOW, CLOSE, VOLUME, OPEN_TS, CLOSE_TS, TICKS } = ring;

/**
 * What a tick did to a series (the bars it closed are in `series.closedFrom/closedTo`). Plain numbers
 * rather than an enum: the values are compared on every tick of every timeframe.
 */
export type TickEffect = 0 | 1 | 2 | 3 | 4;
/** It went into the forming bar and closed nothing (the common case; closedFrom/closedTo not set). */
export const UPDATED = 4;
/** It opened a new forming bar (bars it closed are in closedFrom/closedTo). */
export const FORMING = 0;
/** It changed a bar that had already closed (a late tick within the grace window). */
export const REOPENED = 1;
/** It made a new bar behind the forming one (a late tick in a period that had no bar). */
export const INSERTED = 2;
/** Its bar has left memory or was already copied to the store: dropped. */
export const DROPPED = 3;

/** Sets the bar in `slot` to a single tick. */
export function setBar(r: BarRing, slot: number, start: number, end: number, ts: number, price: number, size: number, flags: number): void {
  const d = r.data;
  const o = slot * STRIDE;
  d[o + START] = start;
  d[o + END] = end;
  d[o + OPEN] = price;
  d[o + HIGH] = price;
  d[o + LOW] = price;
  d[o + CLOSE] = price;
  d[o + VOLUME] = size;
  d[o + OPEN_TS] = ts;
  d[o + CLOSE_TS] = ts;
  d[o + TICKS] = 1;
  r.flags[slot] = flags;
}

/**
 * Adds a tick to the bar in `slot`. Open is the price of the earliest tick by exchange time and close of
 * the latest (ties: the first to arrive stays open, the last to arrive becomes close), so the result does
 * not depend on arrival order except among ticks with equal timestamps.
 */
export function updateBar(r: BarRing, slot: number, ts: number, price: number, size: number): void {
  const d = r.data;
  const o = slot * STRIDE;
  if (d[o + TICKS] === 0) {
    setBar(r, slot, d[o + START], d[o + END], ts, price, size, r.flags[slot] & ~FLAG_EMPTY);
    return;
  }
  if (price > d[o + HIGH]) d[o + HIGH] = price;
  if (price < d[o + LOW]) d[o + LOW] = price;
  if (ts < d[o + OPEN_TS]) {
    d[o + OPEN] = price;
    d[o + OPEN_TS] = ts;
  }
  if (ts >= d[o + CLOSE_TS]) {
    d[o + CLOSE] = price;
    d[o + CLOSE_TS] = ts;
  }
  d[o + VOLUME] += size;
  d[o + TICKS]++;
}

function fillEmpty(s: Series, fromEnd: number, toStart: number, prevClose: number, maxEmpty: number): void {
  const b = s.bucketer!;
  let count = 0;
  for (let ok = b.locateNext(fromEnd); ok && b.start < toStart; ok = b.locateNext(b.end)) {
    if (++count > maxEmpty) {
      s.emptyGapsSkipped++;
      return;
    }
  }
  for (let ok = b.locateNext(fromEnd); ok && b.start < toStart; ok = b.locateNext(b.end)) {
    const slot = s.pushSlot();
    setBar(s.ring, slot, b.start, b.end, b.start, prevClose, 0, FLAG_EMPTY);
    s.ring.data[slot * STRIDE + TICKS] = 0;
  }
}

/**
 * Adds a tick (already validated, within the grace window) to a time-based series. A tick at or after the
 * forming bar's end closes it and opens the bar [start, start + timeframe) holding the tick; with
 * `maxEmpty` > 0 the periods between get flagged empty bars (unless there are more than `maxEmpty`).
 * A tick before the forming bar goes into the closed bar of its period (re-opening it), or makes that bar
 * when the period had none; it is dropped when that bar has left memory or was copied to the store.
 */
export function addTimeTick(s: Series, ts: number, price: number, size: number, maxEmpty: number): TickEffect {
  const r = s.ring;
  const n = r.length;
  if (n > 0) {
    const last = r.phys(n - 1);
    const d = r.data;
    const o = last * STRIDE;
    if (s.formingOpen && ts >= d[o + START] && ts < d[o + END]) {
      updateBar(r, last, ts, price, size);
      return UPDATED;
    }
  }
  const b = s.bucketer!;
  const endSeq = r.firstSeq + n;
  s.closedFrom = s.closedTo = endSeq;
  if (n > 0) {
    const last = r.phys(n - 1);
    const d = r.data;
    const o = last * STRIDE;
    if (ts >= d[o + START]) {
      if (ts < d[o + END]) {
        updateBar(r, last, ts, price, size);
        s.touched = endSeq - 1;
        if (s.touched < s.spilledSeq) return DROPPED;
        r.flags[last] |= FLAG_REOPENED;
        return REOPENED;
      }
      if (s.formingOpen) {
        s.closedFrom = endSeq - 1;
        s.formingOpen = false;
      }
      const prevEnd = d[o + END];
      const prevClose = d[o + CLOSE];
      if (maxEmpty > 0) {
        b.locate(ts);
        fillEmpty(s, prevEnd, b.start, prevClose, maxEmpty);
      }
      b.locate(ts);
      s.closedTo = r.endSeq;
      if (s.closedFrom > s.closedTo) s.closedFrom = s.closedTo;
      const slot = s.pushSlot();
      setBar(r, slot, b.start, b.end, ts, price, size, 0);
      s.formingOpen = true;
      s.touched = r.endSeq - 1;
      // Eviction may have moved firstSeq past closedFrom; events only go out for bars still held.
      if (s.closedFrom < r.firstSeq) s.closedFrom = r.firstSeq;
      return FORMING;
    }
    b.locate(ts);
    const start = b.start;
    let i = n - 2;
    while (i >= 0 && d[r.phys(i) * STRIDE + START] > start) i--;
    if (i >= 0 && d[r.phys(i) * STRIDE + START] === start) {
      const seq = r.firstSeq + i;
      if (seq < s.spilledSeq) return DROPPED;
      const slot = r.phys(i);
      updateBar(r, slot, ts, price, size);
      r.flags[slot] |= FLAG_REOPENED;
      s.touched = seq;
      return REOPENED;
    }
    // No bar for this period: insert one after bar i, unless bars before it may have left memory.
    const at = i + 1;
    if ((at === 0 && r.firstSeq > 0) || r.firstSeq + at < s.spilledSeq) return DROPPED;
    const slot = r.insert(at);
    if (slot < 0) return DROPPED;
    setBar(r, slot, start, b.end, ts, price, size, FLAG_LATE);
    s.touched = r.firstSeq + at;
    s.closedFrom = s.touched;
    s.closedTo = s.touched + 1;
    return INSERTED;
  }
  b.locate(ts);
  const slot = s.pushSlot();
  setBar(r, slot, b.start, b.end, ts, price, size, 0);
  s.formingOpen = true;
  s.touched = r.endSeq - 1;
  return FORMING;
}

/**
 * Adds a tick to a tick-count ("100t") or volume ("5000v") series, in arrival order. A bar closes as soon
 * as it holds N ticks, or its volume reaches N (the tick that crosses the threshold stays whole in it).
 * The bar's timestamp is its first tick's, kept no earlier than the previous bar's; `end` is its latest
 * tick's timestamp.
 */
export function addCountTick(s: Series, ts: number, price: number, size: number): TickEffect {
  const r = s.ring;
  s.closedFrom = s.closedTo = r.endSeq;
  let slot: number;
  if (!s.formingOpen) {
    const prevStart = r.length > 0 ? r.data[r.phys(r.length - 1) * STRIDE + START] : -Infinity;
    slot = s.pushSlot();
    setBar(r, slot, ts > prevStart ? ts : prevStart, ts, ts, price, size, 0);
    s.formingOpen = true;
  } else {
    slot = r.phys(r.length - 1);
    updateBar(r, slot, ts, price, size);
    if (ts > r.data[slot * STRIDE + END]) r.data[slot * STRIDE + END] = ts;
  }
  s.touched = r.endSeq - 1;
  const tf = s.timeframe;
  const o = slot * STRIDE;
  if ((tf.kind === "ticks" ? r.data[o + TICKS] : r.data[o + VOLUME]) >= tf.n) {
    s.formingOpen = false;
    s.closedFrom = s.touched;
    s.closedTo = s.touched + 1;
    return FORMING;
  }
  return r.data[o + TICKS] === 1 ? FORMING : UPDATED;
}
