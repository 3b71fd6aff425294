import type { Session } from "./Session";

/**
 * What a calendar is made of: its zone and the session of each trading date. The {@link Calendar}
 * methods are derived from this alone (see `buildCalendar`). Internal to the calendar module.
 *
 * Contract: sessions are ordered and disjoint by trading date, a session's open falls on its trading date
 * or the day before (zone-local), and its close on its trading date or at midnight after it.
 */
export interface SessionSource {
  readonly name: string;
  readonly timezone: string;
  /** The session of a trading date (a civil day number in `timezone`), or undefined when closed. */
  sessionOn(day: number): Session | undefined;
}
