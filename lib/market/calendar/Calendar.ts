import type { Session } from "./Session";

/** Names accepted by {@link calendar}. */
export type CalendarName = "XNYS" | "XNAS" | "CME" | "24/7";

/**
 * An exchange calendar: which dates trade and when each session opens and closes, as real instants (DST
 * comes from the IANA zone). Immutable; get one with `calendar(name)`.
 *
 * Session labels (the dates of `sessions` and `isSession`) are read as pandas users pass them:
 * - a `"YYYY-MM-DD"` string is that trading date;
 * - a Date at exactly 00:00:00.000 UTC is that UTC date, like pandas' midnight session labels:
 *   `new Date("2024-01-02")` is 2024-01-02 (not the evening of January 1 in New York);
 * - any other Date stands for the date its instant falls on in the exchange zone (a CME trade at
 *   2024-03-11T03:00Z is Sunday evening in New York).
 * Every method throws `CalendarError` with code `INVALID_DATE` for a malformed date string or an invalid
 * Date.
 */
export interface Calendar {
  /** The calendar's name, e.g. "XNYS". */
  readonly name: string;
  /** IANA zone of the exchange, e.g. "America/New_York"; "UTC" for 24/7. */
  readonly timezone: string;
  /**
   * Sessions whose trading date lies in [start, end], dates inclusive, in order; empty when end < start.
   * @example calendar("XNYS").sessions("2024-01-02", new Date("2024-01-05")) // Jan 2, 3, 4, 5
   */
  sessions(start: Date | string, end: Date | string): Session[];
  /** Whether that trading date (a label, read as above) has a session. */
  isSession(date: Date | string): boolean;
  /** Open of the first session opening strictly after `t`. */
  nextOpen(t: Date): Date;
  /** Close of the last session closing at or before `t`. */
  previousClose(t: Date): Date;
  /**
   * Number of bars of `timeframeMs` that start within [start, end) inside sessions. Bars are aligned to each
   * session's open; a final shorter bar before the close counts. Throws `CalendarError` `INVALID_TIMEFRAME`
   * when `timeframeMs` is not a positive finite number.
   */
  expectedBars(start: Date, end: Date, timeframeMs: number): number;
}
