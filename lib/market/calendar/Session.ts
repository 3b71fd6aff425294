/**
 * One trading session of an exchange calendar. Immutable (frozen).
 *
 * `date` is the session's trading date in the exchange's zone (`YYYY-MM-DD`). The session covers the
 * instants [open, close); for overnight markets (CME) `open` falls on the calendar day before `date`.
 */
export interface Session {
  /** Trading date in the exchange zone, `YYYY-MM-DD`. */
  readonly date: string;
  /** First instant of the session. */
  readonly open: Date;
  /** End of the session (exclusive): the first instant after it. */
  readonly close: Date;
  /** True when the exchange closes earlier than its regular close on this date (e.g. 13:00 on XNYS). */
  readonly earlyClose: boolean;
  /**
   * True when the exchange opens later than its regular open on this date (XNYS 2002-09-11 opened at
   * 12:00; a few other days a minute or three late for a moment of silence).
   */
  readonly lateOpen: boolean;
}
