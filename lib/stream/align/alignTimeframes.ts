import { TimestampArray, toTable, type Table } from "../../frame";
import { closedBarIndex, type Calendar, type Timeframe } from "../../market";
import type { BarColumns } from "../barsTable";
import { makeBucketer, type Bucketer } from "../buckets";
import { SessionIndex } from "../SessionIndex";
import { higherBars, type HigherBars } from "./higherBars";
import { resolveAlignOptions, type AlignTimeframesOptions } from "./alignOptions";
import { readBaseBars } from "./readBaseBars";

/** One symbol's base bars on the rows of the result, and when each row's bar ends. */
interface SymbolRows {
  columns: BarColumns;
  /** 1 where the row was filled (no bar of the symbol there). */
  filled: Uint8Array;
  /** End of each row's base bar: what the row knows is what happened before it. */
  rowEnd: Float64Array;
}

/**
 * Several timeframes of one or more symbols side by side on the rows of a base timeframe, without
 * look-ahead: one Table per symbol with the base bars (`timestamp`, `open`, `high`, `low`, `close`,
 * `volume`, and `filled`), then for each higher timeframe `timestamp_<tf>` (start of the higher bar shown)
 * and `<column>_<tf>` (e.g. `close_1h`, `close_1d`).
 *
 * Higher bars are built from the base bars (as a BarManager builds them: UTC-aligned, or with the symbol's
 * calendar sessions). **A row sees a higher bar only once that bar has closed**: the higher bar shown on a
 * row is the last one whose end is at or before the end of the row's own base bar, so the last 5m row of
 * an hour carries that hour's bar (its close is that row's close) and no row ever carries a bar still
 * forming (closedBarIndex from lib/market, the rule backtests' resampleApply follows). Rows before the
 * first closed higher bar hold NaN there. The first higher bar is left out (NaN) when the history starts
 * inside it.
 *
 * **Fill rule** (several symbols): the rows are the union of the symbols' base bar starts, so every table
 * has the same rows. Where a symbol has no bar of its own: inside one of its sessions (always, for a
 * symbol without calendar) the bar is filled flat at its last close of that session (volume 0,
 * `filled` = 1); outside its sessions, or before its first bar of the session, the base columns are NaN.
 * The higher-timeframe columns are as-of values on every row, filled or not: an equity's last closed
 * daily bar stays visible on a 24/7 symbol's night rows.
 *
 * With a `BarManager` source the forming base bar is the last row; its higher bars are still forming and
 * not shown. With `{ library, bars }`, stored rows run up to the manager's first bar, then live rows.
 * @returns one Table per symbol, keyed by symbol, in the order asked.
 * @throws StreamError `INVALID_OPTION` / `INVALID_TIMEFRAME` for a bad option (naming it) or timeframes
 *   that do not nest (naming the symbol and the bar); `SOURCE_FAILED` for a stored symbol without OHLC
 *   columns; `UNKNOWN_SERIES` from the manager; store errors pass through.
 * @example
 * const views = await alignTimeframes({ source: bars, symbols: ["BTCUSD"], base: "5m", timeframes: ["1h", "1d"] });
 * views.BTCUSD.columnNames(); // timestamp, open, ..., filled, timestamp_1h, open_1h, ..., close_1d, volume_1d
 */
export async function alignTimeframes(options: AlignTimeframesOptions): Promise<Record<string, Table>> {
  const o = resolveAlignOptions(options);
  const perSymbol: { symbol: string; bars: BarColumns; baseEnd: Float64Array; baseBucketer: Bucketer; sessions: SessionIndex | undefined; higher: HigherBars[] }[] = [];
  for (const symbol of o.symbols) {
    const cal: Calendar | undefined = o.calendars.get(symbol);
    const sessions = cal ? new SessionIndex(cal) : undefined;
    const bucketers = o.timeframes.map((tf) => makeBucketer(tf, sessions));
    const baseBucketer = makeBucketer(o.base, sessions);
    // Read back far enough that the higher bars the first row may see are complete.
    let readStart = o.start;
    if (!Number.isNaN(o.start)) for (const b of bucketers) readStart = Math.min(readStart, lookBackStart(b, cal, o.start));
    const bars = await readBaseBars(o.source, symbol, o.base.label, readStart, o.end);
    const baseEnd = new Float64Array(bars.timestamp.length);
    for (let i = 0; i < baseEnd.length; i++) baseEnd[i] = endOf(baseBucketer, o.base, bars.timestamp[i]);
    const higher = o.timeframes.map((tf, k) => higherBars(bars, baseEnd, bucketers[k], { symbol, base: o.base.label, timeframe: tf.label }));
    perSymbol.push({ symbol, bars, baseEnd, baseBucketer, sessions, higher });
  }
  const grid = rowTimes(perSymbol.map((p) => p.bars.timestamp), o.start, o.end);
  const out: Record<string, Table> = {};
  for (const p of perSymbol) {
    const rows = onGrid(p.bars, p.baseEnd, grid, p.baseBucketer, o.base, p.sessions);
    const columns: [string, ArrayLike<unknown>][] = [
      ["timestamp", rows.columns.timestamp],
      ["open", rows.columns.open],
      ["high", rows.columns.high],
      ["low", rows.columns.low],
      ["close", rows.columns.close],
      ["volume", rows.columns.volume],
      ["filled", rows.filled],
    ];
    o.timeframes.forEach((tf, k) => {
      const h = p.higher[k];
      const seen = closedBarIndex(h.end, rows.rowEnd);
      const pick = (values: Float64Array, out: Float64Array) => {
        for (let j = 0; j < seen.length; j++) out[j] = seen[j] >= 0 ? values[seen[j]] : NaN;
        return out;
      };
      columns.push([`timestamp_${tf.label}`, pick(h.start, new TimestampArray(seen.length))]);
      for (const c of o.columns) columns.push([`${c}_${tf.label}`, pick(h[c], new Float64Array(seen.length))]);
    });
    out[p.symbol] = toTable(columns);
  }
  return out;
}

/**
 * Start of the higher bar before the one holding `t` (before `t` when no bar holds it, e.g. between
 * sessions): the last bar a row at `t` can see, and the one it will see next, both start there or later.
 */
function lookBackStart(b: Bucketer, cal: Calendar | undefined, t: number): number {
  const from = b.locate(t) ? b.start : t;
  const probe = cal ? cal.previousClose(new Date(from)).getTime() - 1 : from - 1;
  return b.locate(probe) ? Math.min(from, b.start) : from;
}

/** End of the base bar starting at `t`: its period's end (cut at the session close), else t + its length. */
function endOf(b: Bucketer, tf: Timeframe, t: number): number {
  const length = Number.isFinite(tf.ms) ? tf.ms : 0;
  if (!b.locate(t)) return t + length;
  return b.start === t || length === 0 ? b.end : Math.min(b.end, t + length);
}

/** The rows: the union of the symbols' bar starts within [start, end] (NaN = open), ascending. */
function rowTimes(all: Float64Array[], start: number, end: number): Float64Array {
  const inRange = (t: number) => (Number.isNaN(start) || t >= start) && (Number.isNaN(end) || t <= end);
  if (all.length === 1) return all[0].filter(inRange);
  const set = new Set<number>();
  for (const ts of all) for (const t of ts) if (inRange(t)) set.add(t);
  return Float64Array.from(set).sort();
}

/** A symbol's bars on the rows `grid`, filled by the fill rule of {@link alignTimeframes}. */
function onGrid(bars: BarColumns, baseEnd: Float64Array, grid: Float64Array, baseBucketer: Bucketer, base: Timeframe, sessions: SessionIndex | undefined): SymbolRows {
  const n = grid.length;
  const columns: BarColumns = { timestamp: new TimestampArray(grid), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  const filled = new Uint8Array(n);
  const rowEnd = new Float64Array(n);
  const ts = bars.timestamp;
  let i = 0;
  for (let j = 0; j < n; j++) {
    const t = grid[j];
    while (i < ts.length && ts[i] < t) i++;
    if (i < ts.length && ts[i] === t) {
      for (const c of ["open", "high", "low", "close", "volume"] as const) columns[c][j] = bars[c][i];
      rowEnd[j] = baseEnd[i];
      continue;
    }
    rowEnd[j] = endOf(baseBucketer, base, t);
    // The symbol's last bar before t, if it is in the same session (or there is no calendar).
    let fill = NaN;
    if (i > 0) {
      if (sessions === undefined) fill = bars.close[i - 1];
      else {
        const s = sessions.find(t);
        if (s >= 0 && ts[i - 1] >= sessions.opens[s]) fill = bars.close[i - 1];
      }
    }
    columns.open[j] = columns.high[j] = columns.low[j] = columns.close[j] = fill;
    columns.volume[j] = Number.isNaN(fill) ? NaN : 0;
    filled[j] = Number.isNaN(fill) ? 0 : 1;
  }
  return { columns, filled, rowEnd };
}
