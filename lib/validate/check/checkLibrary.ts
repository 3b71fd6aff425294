import { ACTIONS_SUFFIX, actionsSymbol, isActionsSymbol } from "../../market";
import type { CalendarName } from "../../market";
import type { Library } from "../../store";
import { dropInvalid } from "../fix/dropInvalid";
import { fillGaps } from "../fix/fillGaps";
import { fixDuplicates } from "../fix/fixDuplicates";
import type { FixResult } from "../fix/FixResult";
import { isoTime } from "../ohlcv/isoTime";
import { ohlcvColumns } from "../ohlcv/ohlcvColumns";
import { ValidateOptions, resolveOptions } from "../ohlcv/options";
import { validateArrays } from "../ohlcv/validateOhlcv";
import type { ValidationReport } from "../ohlcv/ValidationReport";
import { saveReports } from "./reportsTable";

/**
 * Options of {@link checkLibrary}: those of validateOhlcv, and which symbols, fixes, saving and progress.
 * `timeframe` and `calendar` may be left out: each symbol is then checked with the `timeframe` and
 * `calendar` its latest version's metadata names (as `openDemo`, `importFile` and collectors write them),
 * else "1m" and "24/7". Given, they apply to every symbol.
 */
export interface CheckLibraryOptions extends Omit<ValidateOptions, "timeframe"> {
  /** Bar length for every symbol. @default each symbol's metadata `timeframe`, else "1m" */
  timeframe?: string;
  /** The symbols to check. @default every symbol of the library but the `<symbol>.actions` beside bars */
  symbols?: string[];
  /**
   * Fix before the final check: fixDuplicates (keep: "last"), then dropInvalid, then fillGaps, each a new
   * version only when it has something to do. Out-of-order rows, outliers and stale runs are reported, never
   * fixed. @default false
   */
  fix?: boolean;
  /**
   * The library to save the reports in (usually `await arctic.getLibrary("reports", { createIfMissing: true })`),
   * as the symbol named after the checked library; see {@link saveReports}. @default none (not saved)
   */
  reports?: Library;
  /** Called after each symbol, e.g. to draw a progress bar. */
  onProgress?: (progress: { done: number; total: number; symbol: string }) => void;
}

/** One symbol's check: the report, or the error that kept it from being checked, and the fixes made. */
export interface SymbolCheck {
  symbol: string;
  /** The version the final report is about (after fixes), or null when it could not be read. */
  version: number | null;
  report: ValidationReport | null;
  /** Why the symbol could not be checked (e.g. MISSING_COLUMN for a table that is not OHLCV). */
  error: { code: string; message: string } | null;
  /** Fixes that wrote a version (with `fix: true`). */
  fixes: FixResult[];
}

/** What {@link checkLibrary} returns: plain JSON. */
export interface LibraryCheck {
  library: string;
  checkedAt: string;
  /** The options as given; "metadata" where each symbol's own metadata chose (see each report's timeframe and calendar). */
  options: { timeframe: string; calendar: string; session: string };
  symbols: SymbolCheck[];
  /** True when every symbol was checked and nothing was found (after fixes). */
  ok: boolean;
  /** Where the reports were saved (null when `reports` was not given). */
  saved: { library: string; symbol: string; version: number } | null;
}

/**
 * Validates every symbol of `lib` (or `options.symbols`) with {@link validateOhlcv}, optionally fixing what
 * can be fixed first, and saves the reports in the store when `options.reports` is given. A symbol that
 * cannot be checked (not OHLCV, unreadable) gets an `error` instead of a report; the others still run, as
 * in the store's batch calls. A symbol with corporate actions stored beside it (`<symbol>.actions`) is
 * checked with them, so its known splits are not outliers. Symbols are checked one after another, each read once (twice with fixes).
 * @throws ValidationError `INVALID_OPTIONS` for bad validate options (before anything is read).
 * @example
 * const reports = await arctic.getLibrary("reports", { createIfMissing: true });
 * const check = await checkLibrary(lib, { timeframe: "1m", calendar: "XNYS", reports });
 * check.symbols.map((s) => [s.symbol, s.report?.score]);
 */
export async function checkLibrary(lib: Library, options: CheckLibraryOptions): Promise<LibraryCheck> {
  const resolved = resolveOptions({ ...options, timeframe: options.timeframe ?? "1m" }, "checkLibrary");
  const all = options.symbols ?? (await lib.listSymbols());
  // `<symbol>.actions` holds a symbol's corporate actions, not bars: it is used to check `<symbol>`.
  const symbols = options.symbols ?? all.filter((s) => !(isActionsSymbol(s) && all.includes(s.slice(0, -ACTIONS_SUFFIX.length))));
  const checkedAt = isoTime(Date.now());
  const results: SymbolCheck[] = [];
  for (const symbol of symbols) {
    results.push(await checkSymbol(lib, symbol, options));
    options.onProgress?.({ done: results.length, total: symbols.length, symbol });
  }
  const check: LibraryCheck = {
    library: lib.name,
    checkedAt,
    options: {
      timeframe: options.timeframe === undefined ? "metadata" : resolved.timeframe,
      calendar: options.calendar === undefined ? "metadata" : resolved.calendar.name,
      session: resolved.session,
    },
    symbols: results,
    ok: results.every((r) => r.report?.ok === true),
    saved: null,
  };
  if (options.reports) check.saved = await saveReports(options.reports, check);
  return check;
}

/** The symbol's options: what is given, else what its latest metadata names, else the defaults. */
async function symbolOptions(lib: Library, symbol: string, options: CheckLibraryOptions): Promise<ValidateOptions> {
  if (options.timeframe !== undefined && options.calendar !== undefined) return options as ValidateOptions;
  const { metadata } = await lib.readMetadata(symbol);
  const own = (typeof metadata === "object" && metadata !== null ? metadata : {}) as { timeframe?: unknown; calendar?: unknown };
  return {
    ...options,
    timeframe: options.timeframe ?? (typeof own.timeframe === "string" ? own.timeframe : "1m"),
    calendar: options.calendar ?? (typeof own.calendar === "string" ? (own.calendar as CalendarName) : undefined),
  };
}

async function checkSymbol(lib: Library, symbol: string, given: CheckLibraryOptions): Promise<SymbolCheck> {
  const fixes: FixResult[] = [];
  try {
    const options = await symbolOptions(lib, symbol, given);
    if (given.fix) {
      for (const fix of [
        () => fixDuplicates(lib, symbol, { keep: "last" }),
        () => dropInvalid(lib, symbol),
        () => fillGaps(lib, symbol, { timeframe: options.timeframe, calendar: options.calendar, session: options.session }),
      ]) {
        const result = await fix();
        if (result.changed) fixes.push(result);
      }
    }
    const item = await lib.read(symbol);
    const actions = options.actions ?? ((await lib.hasSymbol(actionsSymbol(symbol))) ? (await lib.read(actionsSymbol(symbol))).data : undefined);
    const report = validateArrays(ohlcvColumns(item.data, `checkLibrary '${symbol}'`), resolveOptions({ ...options, actions }, `checkLibrary '${symbol}'`));
    return { symbol, version: item.version, report, error: null, fixes };
  } catch (error) {
    const { code = "ERROR", message = String(error) } = error as { code?: string; message?: string };
    return { symbol, version: null, report: null, error: { code, message }, fixes };
  }
}
