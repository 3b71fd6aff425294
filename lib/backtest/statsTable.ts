import { toTable, type Table } from "../frame";
import { DURATION_STATS, STAT_NAMES, TIME_STATS, type Stats } from "./stats/types";

const DAY = 86_400_000;

/**
 * A duration as pandas prints a Timedelta: "3116 days 00:00:00" (with milliseconds when present).
 * @example formatDuration(41 * 86_400_000 + 3_600_000) // "41 days 01:00:00"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "NaT";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = Math.round(rest - s * 1000);
  const pad = (v: number) => String(v).padStart(2, "0");
  return `${sign}${days} days ${pad(h)}:${pad(m)}:${pad(s)}${frac ? "." + String(frac).padStart(3, "0") : ""}`;
}

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
