import { toFrame, type Frame } from "../frame";
import { ohlcvColumnNames, type OhlcvColumn } from "../market";
import { InvalidBarsError } from "./errors";

/**
 * Price bars in the form the backtester works on: one Float64Array per column, timestamps as epoch
 * milliseconds (or `null` for row-indexed data, whose durations are then counted in bars).
 */
export interface Bars {
  /** Epoch milliseconds, ascending; `null` when the data has no `timestamp` column. */
  timestamp: Float64Array | null;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** NaN where the data has no volume. */
  volume: Float64Array;
  /** Other numeric columns, by their name as given (e.g. a signal or a fundamental). */
  extra: Record<string, Float64Array>;
  length: number;
}

const OHLC = ["open", "high", "low", "close"] as const;

/**
 * Reads OHLCV bars from any table the store accepts (arquero Table, row objects, column arrays).
 * Column names are matched case-insensitively (`Open` and `open` both work); `volume` is optional.
 * Bars already in {@link Bars} form are returned as they are.
 * @throws InvalidBarsError when there are no rows, an OHLC column is missing, not numeric or holds a
 *   NaN/null (the row is named), or the timestamps are not ascending.
 * @example toBars({ timestamp: [0, 60_000], open: [1, 2], high: [1, 2], low: [1, 2], close: [1, 2] })
 */
export function toBars(data: unknown): Bars {
  if (isBars(data)) return data;
  let frame: Frame;
  try {
    frame = toFrame(data);
  } catch (error) {
    throw new InvalidBarsError(`backtest: the price data is not a table: ${(error as Error).message}`, { cause: error });
  }
  const names = ohlcvColumnNames(frame.columns.map((c) => c.name));
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const length = frame.rowCount;
  if (length === 0) throw new InvalidBarsError("backtest: the price data has no rows");
  const numeric = (name: OhlcvColumn, required: boolean): Float64Array | null => {
    const found = names[name];
    const column = found === undefined ? undefined : byName.get(found);
    if (!column) {
      if (!required) return null;
      throw new InvalidBarsError(
        `backtest: the price data has no '${name}' column (columns are ${frame.columns.map((c) => `'${c.name}'`).join(", ")}); ` +
          "it needs timestamp, open, high, low, close and optionally volume",
        { column: name },
      );
    }
    if (!(column.values instanceof Float64Array) || column.type === "timestamp") {
      throw new InvalidBarsError(`backtest: column '${column.name}' must be numeric, it is ${column.type}`, { column: column.name });
    }
    if (column.valid) {
      const row = column.valid.indexOf(0);
      if (row >= 0) {
        if (!required) return nullsToNaN(column.values, column.valid);
        throw new InvalidBarsError(`backtest: column '${column.name}' is null at row ${row}; drop or fill such bars first`, { column: column.name, row });
      }
    }
    return column.values;
  };
  const [open, high, low, close] = OHLC.map((name) => numeric(name, true) as Float64Array);
  for (const [name, values] of [["open", open], ["high", high], ["low", low], ["close", close]] as const) {
    for (let i = 0; i < length; i++) {
      if (Number.isNaN(values[i])) {
        throw new InvalidBarsError(`backtest: column '${name}' is NaN at row ${i}; drop or fill such bars first`, { column: name, row: i });
      }
    }
  }
  const volume = numeric("volume", false) ?? new Float64Array(length).fill(NaN);
  const ts = names.timestamp === undefined ? undefined : byName.get(names.timestamp);
  let timestamp: Float64Array | null = null;
  if (ts) {
    timestamp = ts.values as Float64Array;
    for (let i = 1; i < length; i++) {
      if (!(timestamp[i] > timestamp[i - 1])) {
        throw new InvalidBarsError(
          `backtest: timestamps must be strictly ascending, row ${i} (${new Date(timestamp[i]).toISOString()}) is not after row ${i - 1} (${new Date(timestamp[i - 1]).toISOString()})`,
          { column: "timestamp", row: i },
        );
      }
    }
  }
  const extra: Record<string, Float64Array> = {};
  const used = new Set(Object.values(names));
  for (const column of frame.columns) {
    if (used.has(column.name)) continue;
    if (column.values instanceof Float64Array && column.type !== "timestamp") {
      extra[column.name] = column.valid ? nullsToNaN(column.values, column.valid) : column.values;
    }
  }
  return { timestamp, open, high, low, close, volume, extra, length };
}

function nullsToNaN(values: Float64Array, valid: Uint8Array): Float64Array {
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) if (!valid[i]) out[i] = NaN;
  return out;
}

function isBars(data: unknown): data is Bars {
  const b = data as Bars;
  return typeof data === "object" && data !== null && b.close instanceof Float64Array && b.open instanceof Float64Array && typeof b.length === "number" && "extra" in b;
}

/**
 * Bars [start, end) as views sharing memory with the input (no copy), e.g. backtesting.py's `GOOG.iloc[:20]`.
 * @example sliceBars(toBars(goog), 0, 20)
 */
export function sliceBars(bars: Bars, start: number, end: number): Bars {
  const extra: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(bars.extra)) extra[k] = v.subarray(start, end);
  return {
    timestamp: bars.timestamp ? bars.timestamp.subarray(start, end) : null,
    open: bars.open.subarray(start, end),
    high: bars.high.subarray(start, end),
    low: bars.low.subarray(start, end),
    close: bars.close.subarray(start, end),
    volume: bars.volume.subarray(start, end),
    extra,
    length: Math.max(0, Math.min(end, bars.length) - start),
  };
}
