import { readDataFile } from "../data";
import { toTable, type Table } from "../frame";

/**
 * Reads an OHLCV CSV file into a Table for `backtest`, without a store: lib/data's CSV reader (delimiter,
 * header and pandas' unnamed date index detected; naive dates are UTC) with column names lower-cased, so
 * backtesting.py's GOOG.csv (`,Open,High,Low,Close,Volume`) gives `timestamp, open, high, low, close, volume`.
 * @throws ImportError naming the line and column of a value that does not parse.
 * @example const goog = readBarsCsv("notebooks/data/GOOG.csv");
 */
export function readBarsCsv(path: string): Table {
  const file = readDataFile(path, { format: "csv", lowercase: true });
  return toTable(file.data as [string, ArrayLike<unknown>][]);
}
