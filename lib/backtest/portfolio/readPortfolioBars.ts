import type { AsOf, DateRange, Library } from "../../store";
import type { Table } from "../../frame";
import { InvalidOptionError } from "../errors";

/** Options of {@link readPortfolioBars}. */
export interface ReadPortfolioBarsOptions {
  /** Only bars whose timestamp lies in this inclusive range. @default all bars */
  dateRange?: DateRange;
  /** Which version of every symbol (a version number, a snapshot name or a time); see the store's `asOf`. @default latest */
  asOf?: AsOf;
}

/**
 * Reads several symbols' bars from a library in one batch, for {@link portfolioBacktest}: a Map from
 * symbol to its Table, in the order given.
 * @throws InvalidOptionError for no symbols or a repeated one; the store's error for the first symbol
 *   that cannot be read (SymbolNotFoundError, NoSuchVersionError, ...), naming it.
 * @example const bars = await readPortfolioBars(demo, ["AAPL", "MSFT"], { dateRange: ["2024-01-08", "2024-01-12T23:59:59Z"] });
 */
export async function readPortfolioBars(library: Library, symbols: readonly string[], options: ReadPortfolioBarsOptions = {}): Promise<Map<string, Table>> {
  if (!Array.isArray(symbols) || symbols.length === 0) {
    throw new InvalidOptionError(`readPortfolioBars: give at least one symbol, got ${JSON.stringify(symbols)}`, { option: "symbols" });
  }
  const repeated = symbols.find((s, i) => symbols.indexOf(s) !== i);
  if (repeated !== undefined) throw new InvalidOptionError(`readPortfolioBars: symbol '${repeated}' is listed twice`, { option: "symbols" });
  const { dateRange, asOf } = options;
  const results = await library.readBatch(symbols.map((symbol) => ({ symbol, ...(dateRange ? { dateRange } : {}), ...(asOf !== undefined ? { asOf } : {}) })));
  const out = new Map<string, Table>();
  results.forEach((result, i) => {
    if ("error" in result) throw result.error;
    out.set(symbols[i], result.data);
  });
  return out;
}
