import { NO_TIME_BIT } from "./invalidRows";
import { isoTime } from "./isoTime";
import type { OhlcvArrays } from "./ohlcvColumns";
import type { SessionGrid } from "./sessionGrid";
import { COMMON_SPLIT_RATIOS } from "../../market";
import type { CorporateAction } from "../../market";
import type { ExtraBar, Gap, Outlier, OutlierBand, SplitJump, StaleRun } from "./ValidationReport";

const DAY_MS = 86_400_000;

/** What one walk over the bars in time order finds. */
export interface SequenceFindings {
  gaps: Gap[];
  gapCount: number;
  missingBars: number;
  extra: ExtraBar[];
  extraCount: number;
  expectedBars: number;
  outliers: Outlier[];
  outlierCount: number;
  splits: SplitJump[];
  splitCount: number;
  stale: StaleRun[];
  staleRuns: number;
  staleBars: number;
}

/**
 * Walks the bars in time order once (the first row of each timestamp; `order` null = row order), and finds:
 * - gaps: bars the grid expects strictly between two consecutive in-session bars;
 * - extra bars: bars outside every session (they are left out of the gap count);
 * - outliers: close-to-close returns between consecutive valid bars outside `band`; unless `overnightReturns`,
 *   not across a session break (intraday timeframes only: the overnight gap, the CME halt) nor to or from a
 *   bar outside sessions;
 * - split jumps: the return from a bar to the next across the ex-date of a split in `splits` (sorted by
 *   ex-date) is a split, not an outlier; it is an outlier only when, adjusted by the ratio, it is still
 *   outside the band. An outlier that a common split ratio would turn into an ordinary move (inside the
 *   band) carries that ratio as `likelySplit`;
 * - stale runs: at least `staleBars` consecutive valid bars with volume > 0 and one close (no volume column:
 *   any bars). A zero-volume or invalid bar ends a run.
 */
export function sequencePass(
  a: OhlcvArrays,
  flags: Uint8Array,
  order: Int32Array | null,
  grid: SessionGrid,
  staleBars: number,
  maxItems: number,
  overnightReturns: boolean,
  band: OutlierBand | null,
  splits: readonly CorporateAction[] = [],
): SequenceFindings {
  const { timestamp: t, close: c, volume: v } = a;
  const n = order ? order.length : a.rows;
  // The band as bounds on close / previous close, so only outliers pay for a logarithm.
  const lower = band && band.scale > 0 ? Math.exp(band.lower) : 0;
  const upper = band && band.scale > 0 ? Math.exp(band.upper) : Infinity;
  const out: SequenceFindings = {
    gaps: [],
    gapCount: 0,
    missingBars: 0,
    extra: [],
    extraCount: 0,
    expectedBars: 0,
    outliers: [],
    outlierCount: 0,
    splits: [],
    splitCount: 0,
    stale: [],
    staleRuns: 0,
    staleBars: 0,
  };
  const calendar = new CalendarWalk(grid, t, out, maxItems);
  const runs = new StaleRuns(t, staleBars, maxItems, out);
  let previousTime = NaN;
  let previousValid = -1;
  let previousValidAt = -1; // its position in time order
  let lastBreak = -1; // position of the last bar after a session break
  let nextSplit = 0; // first split not yet passed
  for (let j = 0; j < n; j++) {
    const i = order ? order[j] : j;
    const flag = flags[i];
    if (flag & NO_TIME_BIT) continue;
    const ti = t[i];
    if (ti === previousTime) continue; // a duplicate: its group is reported apart
    previousTime = ti;
    if (calendar.bar(i, ti)) lastBreak = j;
    if (flag !== 0) {
      runs.end();
      continue;
    }
    const ci = c[i];
    let ratio = 1;
    if (previousValid >= 0 && nextSplit < splits.length) {
      const tp = t[previousValid];
      while (nextSplit < splits.length && splits[nextSplit].timestamp <= tp) nextSplit++;
      while (nextSplit < splits.length && splits[nextSplit].timestamp <= ti) ratio *= splits[nextSplit++].split;
      if (ratio !== 1) {
        out.splitCount++;
        const logReturn = Math.log(ci / c[previousValid]);
        if (out.splits.length < maxItems) out.splits.push({ row: i, timestamp: isoTime(ti), previousRow: previousValid, ratio, logReturn, adjustedLogReturn: logReturn + Math.log(ratio) });
      }
    }
    if (previousValid >= 0 && (overnightReturns || lastBreak <= previousValidAt)) {
      const r = (ci * ratio) / c[previousValid];
      if (!(r >= lower && r <= upper)) outlier(out, band!, i, ti, previousValid, r, maxItems, ratio === 1 ? likelySplit(r, lower, upper) : undefined);
    }
    previousValid = i;
    previousValidAt = j;
    if (v !== null && !(v[i] > 0)) runs.end();
    else runs.bar(i, ci);
  }
  runs.end();
  out.expectedBars = calendar.expectedBars();
  return out;
}

function outlier(out: SequenceFindings, band: OutlierBand, row: number, ti: number, previousRow: number, ratio: number, maxItems: number, likelySplit: number | undefined): void {
  out.outlierCount++;
  if (out.outliers.length >= maxItems) return;
  const logReturn = Math.log(ratio);
  const found: Outlier = { row, timestamp: isoTime(ti), previousRow, logReturn, score: (logReturn - band.center) / band.scale };
  if (likelySplit !== undefined) found.likelySplit = likelySplit;
  out.outliers.push(found);
}

/** The calendar side of the walk: slots filled, gaps between them, bars outside sessions. */
class CalendarWalk {
  #s = 0;
  #firstSlot = -1;
  #lastSlot = -1;
  #previousRow = -1;
  #previousTime = NaN;
  /** Session of the previous bar (-1: none yet, or it was outside sessions). */
  #previousSession = -1;

  constructor(
    readonly grid: SessionGrid,
    readonly t: Float64Array,
    readonly out: SequenceFindings,
    readonly maxItems: number,
  ) {}

  /**
   * Places bar i (time ti) on the grid. Returns true when a session break lies between the previous bar and
   * this one (intraday grids only: the market closed in between, or either bar is outside sessions).
   */
  bar(i: number, ti: number): boolean {
    const { opens, closes, before, tfMs, daily, unchecked } = this.grid;
    if (unchecked) return false;
    let s = this.#s;
    // Fast path: the bar right after the previous one in the same session fills the next slot.
    if (ti - this.#previousTime === tfMs && !daily && s < opens.length && ti < closes[s] && this.#lastSlot >= 0) {
      this.#lastSlot++;
      this.#previousRow = i;
      this.#previousTime = ti;
      return false;
    }
    const sessions = opens.length;
    while (s < sessions && closes[s] <= ti) s++;
    this.#s = s;
    let floorSlot = -1;
    let ceilSlot = -1;
    if (s < sessions && ti >= opens[s]) {
      if (daily) floorSlot = ceilSlot = before[s];
      else {
        const k = (ti - opens[s]) / tfMs;
        floorSlot = before[s] + Math.floor(k);
        ceilSlot = before[s] + Math.ceil(k);
      }
    } else if (daily) {
      const session = this.grid.dayToSession!.get(Math.floor(ti / DAY_MS));
      if (session !== undefined) floorSlot = ceilSlot = session;
    }
    const out = this.out;
    if (floorSlot < 0) {
      out.extraCount++;
      if (out.extra.length < this.maxItems) out.extra.push({ row: i, timestamp: isoTime(ti) });
      this.#previousSession = -1;
      return !daily;
    }
    const previousSession = this.#previousSession;
    this.#previousSession = s;
    const afterBreak = !daily && (previousSession < 0 || (previousSession !== s && opens[s] > closes[previousSession]));
    if (this.#lastSlot < 0) this.#firstSlot = floorSlot;
    else {
      const missing = ceilSlot - this.#lastSlot - 1;
      if (missing > 0) {
        out.gapCount++;
        out.missingBars += missing;
        if (out.gaps.length < this.maxItems) {
          const previousRow = this.#previousRow;
          out.gaps.push({ previous: isoTime(this.t[previousRow]), next: isoTime(ti), previousRow, nextRow: i, expectedIntervalMs: tfMs, missing });
        }
      }
    }
    if (floorSlot > this.#lastSlot) this.#lastSlot = floorSlot;
    this.#previousRow = i;
    this.#previousTime = floorSlot === ceilSlot ? ti : NaN; // the fast path only follows aligned bars
    return afterBreak;
  }

  /** Slots from the first in-session bar to the last, both included. */
  expectedBars(): number {
    return this.#firstSlot < 0 ? 0 : this.#lastSlot - this.#firstSlot + 1;
  }
}

/** The stale-run side of the walk. */
class StaleRuns {
  #start = -1;
  #end = -1;
  #length = 0;
  #close = NaN;

  constructor(
    readonly t: Float64Array,
    readonly minBars: number,
    readonly maxItems: number,
    readonly out: SequenceFindings,
  ) {}

  /** A valid bar with volume. */
  bar(i: number, close: number): void {
    if (this.#length > 0 && close === this.#close) {
      this.#length++;
      this.#end = i;
      return;
    }
    if (this.#length >= this.minBars) this.#record();
    this.#start = this.#end = i;
    this.#length = 1;
    this.#close = close;
  }

  /** A bar that ends any run (invalid, or without volume), or the end of the data. */
  end(): void {
    if (this.#length >= this.minBars) this.#record();
    this.#length = 0;
  }

  #record(): void {
    const out = this.out;
    out.staleRuns++;
    out.staleBars += this.#length;
    if (out.stale.length < this.maxItems) {
      const [start, end] = [this.#start, this.#end];
      out.stale.push({ startRow: start, endRow: end, start: isoTime(this.t[start]), end: isoTime(this.t[end]), bars: this.#length, close: this.#close });
    }
  }
}

/**
 * The common split ratio (new shares per old) that turns the move `ratio` (close / previous close) into one
 * inside the band [lower, upper], the one leaving the smallest move when several do; undefined when none does.
 */
function likelySplit(ratio: number, lower: number, upper: number): number | undefined {
  let best: number | undefined;
  let smallest = Infinity;
  for (const split of COMMON_SPLIT_RATIOS) {
    const adjusted = ratio * split;
    if (!(adjusted >= lower && adjusted <= upper)) continue;
    const size = Math.abs(Math.log(adjusted));
    if (size < smallest) {
      best = split;
      smallest = size;
    }
  }
  return best;
}
