import type { Session } from "./Session";

/** Names accepted by {@link calendar}. */
export type CalendarName = "XNYS" | "XNAS" | "CME" | "24/7";

/**
 * An exchange calendar: which dates trade and when each session opens and closes, as real instants (DST
 * comes from the IANA zone). Immutable; get one with `calendar(name)`.
 *
 * Dates given as strings are `YYYY-MM-DD` calendar dates in the exchange zone; a Date given where a date is
 * expected stands for the calendar date its instant falls on in the exchange zone. Every method throws
 * `CalendarError` with code `INVALID_DATE` for a malformed date string or an invalid Date.
 */
export interface Calendar {
  /** The calendar's name, e.g. "XNYS". */
  readonly name: string;
  /** IANA zone of the exchange, e.g. "America/New_York"; "UTC" for 24/7. */
  readonly timezone: string;
  /** Sessions whose trading date lies in [start, end], dates inclusive, in order; empty when end < start. */
  sessions(start: Date | string, end: Date | string): Session[];
  /** Whether that calendar date (in the exchange zone) is a trading date. */
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
