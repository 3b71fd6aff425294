import { fetchWithFailover, ProviderError } from "../../data";
import type { FailoverOptions } from "../../data";
import type { CalendarName, Calendar } from "../../market";
import type { Library } from "../../store";
import { validateOhlcv } from "../ohlcv/validateOhlcv";
import type { SessionKind } from "../ohlcv/ValidationReport";

/** Options of {@link repairGaps}. */
export interface RepairGapsOptions extends Omit<FailoverOptions, "start" | "end"> {
  /** The calendar gaps are judged by. @default the symbol's metadata `calendar`, else "24/7" */
  calendar?: CalendarName | Calendar;
  /** @default "RTH" */
  session?: SessionKind;
}

/** What was done about one gap. */
export interface GapRepair {
  /** The bars around the gap (ISO-8601) and the bars the calendar expects between them. */
  previous: string;
  next: string;
  missing: number;
  /** Bars the provider had for the gap, and the version that filled them in (null when none was written). */
  rows: number;
  version: number | null;
  source: string | null;
  /** Why the gap stays open: every provider failed (the error's message, then each provider's), or null. */
  error: string | null;
}

/**
 * Finds the gaps of `symbol` with {@link validateOhlcv} (timeframe = `interval`) and fetches each one's
 * missing bars from the providers (with collect's retries, rate limits and failover), filling them in with
 * `update` over the gap's span: each filled gap is a new version, whose metadata names the gap and the source.
 * A gap the providers have no bar for (a halt) gets no version; a gap whose fetch fails is reported with its
 * error and the others are still repaired.
 * @throws ValidationError for bad options; store errors as the Library throws them.
 * @example
 * const repairs = await repairGaps(lib, "BTCUSDT", { interval: "1h" });
 * repairs.map((r) => [r.previous, r.missing, r.rows, r.version]);
 */
export async function repairGaps(lib: Library, symbol: string, options: RepairGapsOptions): Promise<GapRepair[]> {
  const item = await lib.read(symbol);
  const own = (item.metadata ?? {}) as { calendar?: unknown };
  const calendar = options.calendar ?? (typeof own.calendar === "string" ? (own.calendar as CalendarName) : undefined);
  const report = validateOhlcv(item.data, { timeframe: options.interval, calendar, session: options.session, maxItems: 100_000 });
  const repairs: GapRepair[] = [];
  for (const gap of report.gaps) {
    const from = Date.parse(gap.previous) + 1;
    const to = Date.parse(gap.next);
    const repair: GapRepair = { previous: gap.previous, next: gap.next, missing: gap.missing, rows: 0, version: null, source: null, error: null };
    repairs.push(repair);
    try {
      const { table, source } = await fetchWithFailover(symbol, { ...options, start: from, end: to });
      repair.source = source;
      repair.rows = table.numRows();
      if (table.numRows() === 0) continue;
      const metadata = { ...(typeof item.metadata === "object" && item.metadata !== null ? item.metadata : {}), repair: { previous: gap.previous, next: gap.next, missing: gap.missing, rows: table.numRows(), source, repairedAt: new Date().toISOString() } };
      repair.version = (await lib.update(symbol, table, { dateRange: [from, to - 1], metadata })).version;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      repair.error = [error.message, ...error.failures.map((f) => f.message)].join("; ");
    }
  }
  return repairs;
}
