import { formatDuration } from "../display";
import { toTable, type Table } from "../frame";
import { DURATION_STATS, STAT_NAMES, TIME_STATS, type Stats } from "./stats/types";

/** Durations print as pandas prints a Timedelta; lib/display holds the one duration format. */
export { formatDuration };

/** Options of {@link statsTable}. */
export interface StatsTableOptions {
  /** Whether Start/End are epoch ms and durations ms (else bar numbers and bar counts). @default true when End is after 1970-01-12 */
  timed?: boolean;
  /** Significant digits of the numbers. @default 6 */
  digits?: number;
}

/**
 * The statistics as a two-column Table (`statistic`, `value`) in backtesting.py's order and look:
 * dates as ISO times, durations as "N days hh:mm:ss", numbers to 6 significant digits.
 * @example show(statsTable(result.stats), { rows: 40 });
 */
export function statsTable(stats: Stats, options: StatsTableOptions = {}): Table {
  const { timed = stats.End > 1e9, digits = 6 } = options;
  const names: string[] = [];
  const values: string[] = [];
  for (const name of STAT_NAMES) {
    const value = stats[name];
    if (value === undefined) continue;
    names.push(name);
    if (timed && (TIME_STATS as readonly string[]).includes(name)) values.push(new Date(value).toISOString().replace("T", " ").replace(/\.000Z$/, ""));
    else if (timed && (DURATION_STATS as readonly string[]).includes(name)) values.push(formatDuration(value));
    else values.push(Number.isInteger(value) ? String(value) : Number.isFinite(value) ? String(Number(value.toPrecision(digits))) : String(value));
  }
  return toTable([
    ["statistic", names],
    ["value", values],
  ]);
}
