import { ohlcvColumnNames } from "../../market";
import type { Library } from "../../store";
import type { BarManager } from "../BarManager";
import { concatColumns, headColumns, sliceColumns, type BarColumns } from "../barsTable";
import { StreamError } from "../StreamError";

/** Where base bars come from: a library, a live manager, or stored history then live bars. */
export interface BaseBarSource {
  library?: Library;
  bars?: BarManager;
  storeSymbol: (symbol: string, base: string) => string;
}

const f64 = (values: ArrayLike<unknown> | undefined, n: number): Float64Array => (values ? Float64Array.from(values as ArrayLike<number>) : new Float64Array(n).fill(NaN));

/**
 * Stored base bars of one symbol within [start, end] (epoch ms, NaN = open). The OHLCV columns are found
 * by name regardless of case ("Close" is close); a missing volume reads as NaN.
 * @throws StreamError `SOURCE_FAILED` naming the stored symbol when it has no time index or no open, high,
 *   low or close column. A missing symbol reads as no bars.
 */
export async function readStoredBase(library: Library, storeSymbol: string, start: number, end: number): Promise<BarColumns> {
  if (!(await library.hasSymbol(storeSymbol))) return emptyColumns();
  const description = await library.getDescription(storeSymbol);
  const names = ohlcvColumnNames(description.columns.map((c) => c.name));
  const missing = (["open", "high", "low", "close"] as const).filter((c) => names[c] === undefined);
  if (description.index === null || missing.length > 0) {
    const why = description.index === null ? "it has no time index" : `it has no ${missing.join(", ")} column`;
    throw new StreamError(`alignTimeframes: cannot read bars from '${storeSymbol}': ${why} (columns: ${description.columns.map((c) => c.name).join(", ")})`, { code: "SOURCE_FAILED", symbol: storeSymbol });
  }
  const wanted = [names.open!, names.high!, names.low!, names.close!, ...(names.volume ? [names.volume] : [])];
  const { data } = await library.read(storeSymbol, { dateRange: [Number.isNaN(start) ? null : start, Number.isNaN(end) ? null : end], columns: wanted });
  const n = data.numRows();
  return {
    timestamp: f64(data.array(description.index.name) as ArrayLike<number>, n),
    open: f64(data.array(names.open!), n),
    high: f64(data.array(names.high!), n),
    low: f64(data.array(names.low!), n),
    close: f64(data.array(names.close!), n),
    volume: f64(names.volume ? data.array(names.volume) : undefined, n),
  };
}

function emptyColumns(): BarColumns {
  const e = () => new Float64Array(0);
  return { timestamp: e(), open: e(), high: e(), low: e(), close: e(), volume: e() };
}

function tableColumns(t: { array(name: string): ArrayLike<unknown> }): BarColumns {
  const c = (name: string) => Float64Array.from(t.array(name) as ArrayLike<number>);
  return { timestamp: c("timestamp"), open: c("open"), high: c("high"), low: c("low"), close: c("close"), volume: c("volume") };
}

/**
 * The base bars of one symbol in [start, end]: from the library, from the manager (its store and memory,
 * the forming bar last), or both: stored rows older than the manager's first bar, then the manager's.
 */
export async function readBaseBars(source: BaseBarSource, symbol: string, base: string, start: number, end: number): Promise<BarColumns> {
  const query = { ...(Number.isNaN(start) ? {} : { start }), ...(Number.isNaN(end) ? {} : { end }) };
  const live = source.bars ? tableColumns(await source.bars.readBars(symbol, base, query)) : undefined;
  if (!source.library) return live!;
  const firstLive = live && live.timestamp.length > 0 ? live.timestamp[0] : Infinity;
  const upper = Math.min(Number.isNaN(end) ? Infinity : end, firstLive);
  const stored = await readStoredBase(source.library, source.storeSymbol(symbol, base), start, upper === Infinity ? NaN : upper);
  let n = 0;
  while (n < stored.timestamp.length && stored.timestamp[n] < firstLive) n++;
  const parts = [headColumns(stored, n), ...(live ? [live] : [])];
  return sliceColumns(concatColumns(parts), start, end, Infinity);
}
