import { ACTIONS_SUFFIX, calendar as calendarByName, isActionsSymbol, timeframeMs } from "../../market";
import type { Calendar, CalendarName } from "../../market";
import type { Library } from "../../store";
import { ValidationError } from "../ValidationError";

/** Options of {@link checkFreshness}. */
export interface FreshnessOptions {
  /** The symbols to check. @default every symbol of the library but `<symbol>.actions` and `<symbol>.quarantine` */
  symbols?: string[];
  /** Bar length. @default each symbol's metadata `timeframe`, else its `interval` (collectors), else "1d" */
  timeframe?: string;
  /** Calendar the bars follow. @default each symbol's metadata `calendar`, else "24/7" */
  calendar?: CalendarName | Calendar;
  /** Bars that may be missing before a symbol counts as stale (a collector that runs after the close). @default 0 */
  toleranceBars?: number;
  /** The time to judge at. @default now */
  now?: Date;
}

/** One symbol's freshness. */
export interface SymbolFreshness {
  symbol: string;
  timeframe: string;
  calendar: string;
  /** Open time of the latest stored bar (ISO-8601), or null for an empty or row-indexed symbol. */
  latest: string | null;
  /** Bars the calendar expects to have closed after the latest one by `now`. */
  missingBars: number;
  /** True when `missingBars` exceeds the tolerance. */
  stale: boolean;
  /** Why the symbol could not be judged (not a time series, an unknown timeframe), or null. */
  error: string | null;
}

const DAY_MS = 86_400_000;

/**
 * Which symbols of `lib` are behind their calendar: for each, the bars that should have closed after its
 * latest stored bar by `now`. Daily bars (labelled by session date at 00:00 UTC): the sessions after the
 * latest bar's date whose close is at or before `now`. Weekly and monthly bars: whole periods (7 days, 30
 * days) that ended after the latest bar's, whatever the calendar. Intraday bars: `calendar.expectedBars` over the bars that
 * start after the latest one and end by `now`. A symbol with more than `toleranceBars` missing is stale.
 * Only the latest bar is read (one `tail` per symbol).
 * @throws ValidationError `INVALID_OPTIONS` for a bad timeframe, calendar or tolerance.
 * @example
 * const stale = (await checkFreshness(lib, { calendar: "XNYS" })).filter((s) => s.stale);
 */
export async function checkFreshness(lib: Library, options: FreshnessOptions = {}): Promise<SymbolFreshness[]> {
  const now = options.now ?? new Date();
  const tolerance = options.toleranceBars ?? 0;
  if (!(Number.isInteger(tolerance) && tolerance >= 0)) throw new ValidationError(`checkFreshness: 'toleranceBars' must be a whole number >= 0, got ${JSON.stringify(options.toleranceBars)}`, { code: "INVALID_OPTIONS" });
  const all = options.symbols ?? (await lib.listSymbols());
  const beside = (s: string, suffix: string) => s.endsWith(suffix) && all.includes(s.slice(0, -suffix.length));
  const symbols = options.symbols ?? all.filter((s) => !(isActionsSymbol(s) && beside(s, ACTIONS_SUFFIX)) && !beside(s, ".quarantine"));
  const out: SymbolFreshness[] = [];
  for (const symbol of symbols) {
    const { metadata } = await lib.readMetadata(symbol);
    const own = (typeof metadata === "object" && metadata !== null ? metadata : {}) as { timeframe?: unknown; interval?: unknown; calendar?: unknown };
    const timeframe = options.timeframe ?? (typeof own.timeframe === "string" ? own.timeframe : typeof own.interval === "string" ? own.interval : "1d");
    const row: SymbolFreshness = { symbol, timeframe, calendar: "", latest: null, missingBars: 0, stale: false, error: null };
    out.push(row);
    let cal: Calendar;
    let tfMs: number;
    try {
      const given = options.calendar ?? (typeof own.calendar === "string" ? (own.calendar as CalendarName) : "24/7");
      cal = typeof given === "string" ? calendarByName(given) : given;
      row.calendar = cal.name;
      tfMs = timeframe === "1M" ? 30 * DAY_MS : timeframeMs(timeframe);
    } catch (error) {
      if (options.timeframe !== undefined || options.calendar !== undefined) throw new ValidationError(`checkFreshness: ${(error as Error).message}`, { code: "INVALID_OPTIONS", cause: error });
      row.error = (error as Error).message;
      continue;
    }
    const last = await lib.tail(symbol, 1);
    if (!last.data.columnNames().includes("timestamp")) {
      row.error = `'${symbol}' has no timestamp index`;
      continue;
    }
    if (last.data.numRows() === 0) {
      row.error = `'${symbol}' has no bars`;
      row.stale = true;
      continue;
    }
    const latest = Number((last.data.array("timestamp") as ArrayLike<number>)[0]);
    row.latest = new Date(latest).toISOString();
    row.missingBars = missingBars(cal, latest, tfMs, now.getTime());
    row.stale = row.missingBars > tolerance;
  }
  return out;
}

/** Bars expected to have closed after `latest` by `now`. */
function missingBars(cal: Calendar, latest: number, tfMs: number, now: number): number {
  if (tfMs > DAY_MS) return Math.max(0, Math.floor((now - latest) / tfMs) - 1);
  if (tfMs === DAY_MS) {
    const from = Math.floor(latest / DAY_MS) * DAY_MS + DAY_MS;
    if (from > now) return 0;
    return cal.sessions(new Date(from), new Date(now)).filter((s) => s.close.getTime() <= now).length;
  }
  const start = latest + tfMs;
  const end = now - tfMs + 1; // bars starting before this have ended by now
  return end > start ? cal.expectedBars(new Date(start), new Date(end), tfMs) : 0;
}
