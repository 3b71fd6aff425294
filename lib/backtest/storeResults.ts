import type { Arctic } from "../store";
import type { Table } from "../frame";
import type { BacktestResult } from "./backtest";
import { InvalidOptionError } from "./errors";
import type { Stats } from "./stats/types";

/** The library that holds stored backtests. */
export const BACKTESTS_LIBRARY = "backtests";

/** A stored backtest, as {@link loadBacktest} reads it back. */
export interface StoredBacktest {
  name: string;
  stats: Stats;
  params: Record<string, unknown>;
  equity: Table;
  trades: Table;
  /** Version of the `<name>/equity` symbol read (each save makes a new one). */
  version: number;
}

/** The symbols a backtest named `name` is stored under. */
export function backtestSymbols(name: string): { equity: string; trades: string } {
  return { equity: `${name}/equity`, trades: `${name}/trades` };
}

/**
 * Stores a backtest in the `backtests` library (created when missing): the trades as the symbol
 * `<name>/trades`, then the equity curve as `<name>/equity` with the statistics and parameters as its
 * version's metadata, which also records the trades version it belongs with. Saving again under the
 * same name makes new versions (older ones stay readable with `asOf`). The equity symbol is written
 * last, so a failed save leaves the previous backtest of that name readable as it was.
 * Non-finite statistics are stored as the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers).
 * @returns the equity symbol's new version.
 * @throws InvalidOptionError for an empty name; the store's errors (InvalidNameError, StoreBusyError).
 * @example await saveBacktest(arctic, "goog-smacross", result);
 */
export async function saveBacktest(arctic: Arctic, name: string, result: Pick<BacktestResult<object>, "stats" | "equity" | "trades" | "params">): Promise<number> {
  if (typeof name !== "string" || name.length === 0) {
    throw new InvalidOptionError(`saveBacktest: the name must be a non-empty string, got ${JSON.stringify(name)}`, { option: "name" });
  }
  const lib = await arctic.getLibrary(BACKTESTS_LIBRARY, { createIfMissing: true });
  const symbols = backtestSymbols(name);
  const trades = await lib.write(symbols.trades, withoutEmptyTags(result.trades));
  const equity = await lib.write(symbols.equity, result.equity, {
    metadata: {
      kind: "quantlab.backtest",
      stats: encodeStats(result.stats),
      params: jsonParams(result.params),
      tradesVersion: trades.version,
      tradeCount: result.trades.numRows(),
    },
  });
  return equity.version;
}

/**
 * Reads a stored backtest back: the statistics and parameters from the equity version's metadata, the
 * equity curve, and the trades version saved with it.
 * @param options.asOf version of `<name>/equity` (a number, negative from the latest, a snapshot name or a time). @default latest
 * @throws the store's LibraryNotFoundError / SymbolNotFoundError / NoSuchVersionError when there is no such backtest.
 * @example const { stats, equity, trades } = await loadBacktest(arctic, "goog-smacross");
 */
export async function loadBacktest(arctic: Arctic, name: string, options: { asOf?: number | string | Date } = {}): Promise<StoredBacktest> {
  const lib = await arctic.getLibrary(BACKTESTS_LIBRARY);
  const symbols = backtestSymbols(name);
  const equity = await lib.read(symbols.equity, options.asOf === undefined ? {} : { asOf: options.asOf });
  const meta = equity.metadata as { stats: Record<string, number | string>; params: Record<string, unknown>; tradesVersion: number; tradeCount: number };
  const trades = await lib.read(symbols.trades, { asOf: meta.tradesVersion });
  return { name, stats: decodeStats(meta.stats), params: meta.params, equity: equity.data, trades: trades.data, version: equity.version };
}

function encodeStats(stats: Stats): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(stats)) out[key] = Number.isFinite(value) ? value : String(value);
  return out;
}

function decodeStats(stored: Record<string, number | string>): Stats {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(stored)) out[key] = typeof value === "number" ? value : Number(value);
  return out as unknown as Stats;
}

function jsonParams(params: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "number" || typeof value === "string" || typeof value === "boolean" || value === null) out[key] = value;
    else if (ArrayBuffer.isView(value) || Array.isArray(value)) out[key] = `<array of ${(value as ArrayLike<unknown>).length}>`;
    else out[key] = String(value);
  }
  return out;
}

/** The store cannot infer a type for a column of nulls only: store "" for missing tags then. */
function withoutEmptyTags(trades: Table): Table {
  const tags = trades.array("tag") as ArrayLike<unknown>;
  if (trades.numRows() > 0 && Array.from(tags).some((t) => t !== null && t !== undefined)) return trades;
  return trades.derive({ tag: () => "" });
}
