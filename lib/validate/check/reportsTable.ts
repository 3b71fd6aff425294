import type { Library } from "../../store";
import type { AsOf } from "../../store";
import type { ValidationReport } from "../ohlcv/ValidationReport";
import type { LibraryCheck, SymbolCheck } from "./checkLibrary";

/** The library reports are saved in by the CLI. */
export const REPORTS_LIBRARY = "reports";

/** One saved report row. */
interface ReportRow {
  symbol: string;
  version: number | null;
  checkedAt: string;
  ok: boolean;
  score: number | null;
  rows: number | null;
  /** Counts of the report, as columns, for quick SQL over the reports. */
  duplicates: number | null;
  outOfOrder: number | null;
  invalid: number | null;
  missingBars: number | null;
  extraBars: number | null;
  outliers: number | null;
  staleBars: number | null;
  error: string | null;
  /** The whole SymbolCheck as JSON. */
  check: string;
}

/**
 * Saves a library check in `reports` as the symbol named after the checked library: a row-indexed table
 * with one row per symbol (symbol, version checked, checkedAt, ok, score, rows, the main counts, error, and
 * the whole check as JSON in `check`). Each save is a new version; rows of symbols not in this check are
 * carried over from the previous version, so the latest version always holds the latest report of every
 * symbol ever checked, and `asOf` gives earlier checks. The version's metadata holds the check's library,
 * time and options.
 * @returns where it was saved.
 * @example const check = await checkLibrary(lib, { timeframe: "1m" }); await saveReports(reports, check); // { library: "reports", symbol: lib.name, version }
 */
export async function saveReports(reports: Library, check: LibraryCheck): Promise<{ library: string; symbol: string; version: number }> {
  const rows = new Map<string, ReportRow>();
  if (await reports.hasSymbol(check.library)) {
    for (const previous of await loadReports(reports, check.library)) rows.set(previous.symbol, toRow(previous, String((previous as SavedCheck).checkedAt)));
  }
  for (const s of check.symbols) rows.set(s.symbol, toRow(s, check.checkedAt));
  const list = [...rows.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const item = await reports.write(check.library, list, { metadata: { library: check.library, checkedAt: check.checkedAt, options: check.options } });
  return { library: reports.name, symbol: check.library, version: item.version };
}

/** A saved symbol check, with the time it was made. */
export type SavedCheck = SymbolCheck & { checkedAt: string };

/**
 * The saved checks of a library's symbols (the latest version, or `asOf`), one per symbol, in symbol order.
 * @throws SymbolNotFoundError (store) when the library was never checked into `reports`.
 * @example (await loadReports(reports, "market_data")).map((s) => [s.symbol, s.report?.score])
 */
export async function loadReports(reports: Library, library: string, options: { asOf?: AsOf } = {}): Promise<SavedCheck[]> {
  const { data } = await reports.read(library, { asOf: options.asOf, columns: ["check", "checkedAt"] });
  const checks = data.array("check") as string[];
  const times = data.array("checkedAt") as string[];
  return checks.map((json, i) => ({ ...(JSON.parse(json) as SymbolCheck), checkedAt: times[i] }));
}

function toRow(s: SymbolCheck, checkedAt: string): ReportRow {
  const r: ValidationReport | null = s.report;
  const c = r?.counts;
  const { checkedAt: _, ...plain } = s as SavedCheck;
  return {
    symbol: s.symbol,
    version: s.version,
    checkedAt,
    ok: r?.ok === true,
    score: r ? r.score : null,
    rows: r ? r.rows : null,
    duplicates: c ? c.duplicates : null,
    outOfOrder: c ? c.outOfOrder : null,
    invalid: c ? c.invalid : null,
    missingBars: c ? c.missingBars : null,
    extraBars: c ? c.extraBars : null,
    outliers: c ? c.outliers : null,
    staleBars: c ? c.staleBars : null,
    error: s.error ? `${s.error.code}: ${s.error.message}` : null,
    check: JSON.stringify(plain),
  };
}
