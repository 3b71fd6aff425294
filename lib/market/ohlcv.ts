/**
 * The OHLCV bar, the one record every area means by "a bar", and the one way quantlab finds a bar's
 * columns in a table: by name, the exact spelling first, else regardless of case ("Close" is close).
 */

/** The columns of an OHLCV table, in their usual order. */
export const OHLCV_COLUMNS = ["timestamp", "open", "high", "low", "close", "volume"] as const;

/** One of {@link OHLCV_COLUMNS}. */
export type OhlcvColumn = (typeof OHLCV_COLUMNS)[number];

/** One OHLCV bar, labelled by its open time (epoch milliseconds, UTC). */
export interface OhlcvBar {
  timestamp: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * The name under which `wanted` appears among `names`: the exact name when there is one, else the first
 * name equal to it regardless of case; undefined when there is none.
 * @example findColumn(["Date", "Close"], "close") // "Close"
 */
export function findColumn(names: readonly string[], wanted: string): string | undefined {
  if (names.includes(wanted)) return wanted;
  const folded = wanted.toLowerCase();
  return names.find((name) => name.toLowerCase() === folded);
}

/**
 * Where each OHLCV column is among `names` ({@link findColumn} for each): undefined for those missing.
 * @example ohlcvColumnNames(["timestamp", "Open", "High", "Low", "Close"]).volume // undefined
 */
export function ohlcvColumnNames(names: readonly string[]): Record<OhlcvColumn, string | undefined> {
  const found = {} as Record<OhlcvColumn, string | undefined>;
  for (const column of OHLCV_COLUMNS) found[column] = findColumn(names, column);
  return found;
}
