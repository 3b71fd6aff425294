import { toBars, type Bars } from "../bars";
import { BacktestError, InvalidBarsError, InvalidOptionError } from "../errors";

/** One symbol's bars placed on the portfolio's timeline. */
export interface AlignedSymbol {
  symbol: string;
  bars: Bars;
  /** For each of the symbol's bars: its step on the timeline (ascending; steps without a bar of it are skipped). */
  stepOf: Int32Array;
}

/** Several symbols' bars on one timeline. */
export interface Alignment {
  /** The union of the symbols' timestamps, ascending (epoch ms); null for row-indexed data. */
  timestamp: Float64Array | null;
  /** Steps on the timeline. */
  length: number;
  /** In the order given. */
  symbols: AlignedSymbol[];
}

/** Symbols and their price data: an object (keys in their own order) or a Map (insertion order). */
export type PortfolioData = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>;

/**
 * Puts several symbols' bars on one timeline, the union of their timestamps: a step for every time at
 * which at least one symbol has a bar. A symbol without a bar at a step simply has none there (it is
 * not filled in). Row-indexed data (no timestamp column) is aligned by row number instead; timed and
 * row-indexed symbols cannot be mixed.
 * @throws InvalidOptionError when no symbol is given; InvalidBarsError naming the symbol when its data
 *   is unusable or it mixes row-indexed with timed data.
 */
export function alignBars(data: PortfolioData, component = "portfolioBacktest"): Alignment {
  const entries = data instanceof Map ? [...data.entries()] : Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) throw new InvalidOptionError(`${component}: give at least one symbol's bars, e.g. { AAPL: aaplBars, MSFT: msftBars }`, { option: "data" });
  const symbols = entries.map(([symbol, table]) => ({ symbol, bars: symbolBars(symbol, table, component) }));
  const timed = symbols.filter((s) => s.bars.timestamp !== null);
  if (timed.length > 0 && timed.length < symbols.length) {
    const untimed = symbols.find((s) => s.bars.timestamp === null)!;
    throw new InvalidBarsError(
      `${component}: symbol '${untimed.symbol}' has no timestamp column while '${timed[0].symbol}' has one; give every symbol timestamps (or none, to align by row number)`,
      { symbol: untimed.symbol, column: "timestamp" },
    );
  }
  if (timed.length === 0) {
    const length = Math.max(...symbols.map((s) => s.bars.length));
    return {
      timestamp: null,
      length,
      symbols: symbols.map(({ symbol, bars }) => {
        const stepOf = new Int32Array(bars.length);
        for (let i = 0; i < bars.length; i++) stepOf[i] = i;
        return { symbol, bars, stepOf };
      }),
    };
  }
  const timestamp = unionOf(symbols.map((s) => s.bars.timestamp!));
  const length = timestamp.length;
  return {
    timestamp,
    length,
    symbols: symbols.map(({ symbol, bars }) => {
      const stepOf = new Int32Array(bars.length);
      const ts = bars.timestamp!;
      let step = 0;
      for (let i = 0; i < bars.length; i++) {
        while (timestamp[step] !== ts[i]) step++;
        stepOf[i] = step;
      }
      return { symbol, bars, stepOf };
    }),
  };
}

function symbolBars(symbol: string, table: unknown, component: string): Bars {
  try {
    return toBars(table);
  } catch (error) {
    if (!(error instanceof BacktestError)) throw error;
    throw new InvalidBarsError(`${component}: symbol '${symbol}': ${error.message.replace(/^backtest: /, "")}`, {
      symbol,
      column: error.column,
      row: error.row,
      cause: error,
    });
  }
}

/** The sorted union of ascending timestamp arrays. */
function unionOf(series: Float64Array[]): Float64Array {
  if (series.length === 1) return series[0];
  const all = new Float64Array(series.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of series) {
    all.set(s, at);
    at += s.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[n - 1]) all[n++] = all[i];
  return all.slice(0, n);
}
