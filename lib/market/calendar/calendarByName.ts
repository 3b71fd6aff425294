import { alwaysOpenSessions } from "./alwaysOpen";
import { buildCalendar } from "./buildCalendar";
import type { Calendar, CalendarName } from "./Calendar";
import { CalendarError } from "./CalendarError";
import { cmeSessions } from "./cme";
import { nyseSessions } from "./xnys";

/** Which hours a calendar's sessions cover: regular trading hours, or extended (pre and post market). */
export type SessionKind = "RTH" | "ETH";

/** Options of {@link calendar}. */
export interface CalendarOptions {
  /**
   * "ETH" widens XNYS/XNAS sessions to extended hours: pre market from 04:00 New York, post market to
   * 20:00 (17:00 after an early close), on the same trading dates. CME's Globex session and 24/7 have one
   * kind of session only. @default "RTH"
   */
  session?: SessionKind;
}

const CALENDARS: Record<CalendarName, (session: SessionKind) => Calendar> = {
  XNYS: (session) => buildCalendar(nyseSessions("XNYS", session === "ETH")),
  XNAS: (session) => buildCalendar(nyseSessions("XNAS", session === "ETH")),
  CME: () => buildCalendar(cmeSessions("CME")),
  "24/7": () => buildCalendar(alwaysOpenSessions("24/7")),
};

const EXTENDED = new Set<string>(["XNYS", "XNAS"]);
const built = new Map<string, Calendar>();

/**
 * The exchange calendar of that name. Calendars are immutable and shared: the same name and session return
 * the same object.
 * - `"XNYS"`, `"XNAS"`: 09:30–16:00 America/New_York, Monday–Friday; 13:00 on early-close days (July 3
 *   when July 4 is Tuesday, Wednesday or Friday; when July 4 is a Thursday, July 3 from 2013 and July 5
 *   before; the day after Thanksgiving; Christmas Eve on Monday–Thursday; and 2003-12-26); closed on NYSE
 *   holidays from the exchange's rules and on its one-off closures (2001-09-11..14, 2004-06-11,
 *   2007-01-02, 2012-10-29/30, 2018-12-05, 2025-01-09); the one-off late opens since 2000 (2001-09-17
 *   09:33, 2001-10-08 09:31, 2002-09-11 12:00, 2003-03-20, 2004-06-07 and 2006-12-27 09:32, `lateOpen`)
 *   and the 2005-06-01 close at 15:56. Checked date by date against NYSE's published history for
 *   2000–2035. With `{ session: "ETH" }`: 04:00–20:00 (17:00 after a scheduled early close), the pre and
 *   post market included; the unscheduled late opens and the 15:56 close leave those hours unchanged.
 * - `"CME"`: Globex equity index futures; the session of trading date D runs 18:00 New York on D − 1 to
 *   17:00 on D, Monday–Friday trading dates; none on New Year's Day, Christmas and Good Friday (except the
 *   Good Fridays of a jobs report, 2010, 2012, 2015, 2021, 2023, 2026: until 09:15); on the other US
 *   holidays a session dated the holiday halts at 13:00 (11:30 before 2014/2015), on NYSE's scheduled
 *   early-close days it closes at 13:15, on 2012-10-29/30 (Hurricane Sandy) at 09:15 (all `earlyClose`).
 *   Sources and the deliberate differences from other calendar projects: see cmeSessions.
 * - `"24/7"`: every UTC day is one session, 00:00–24:00 UTC.
 * @throws CalendarError `UNKNOWN_CALENDAR` for any other name (the message lists the valid names);
 *   `UNKNOWN_SESSION` for a session other than "RTH"/"ETH", or "ETH" on CME or 24/7.
 * @example calendar("XNYS").sessions("2024-12-23", "2024-12-27") // 23, 24 (early close), 26, 27
 * @example calendar("XNAS", { session: "ETH" }).sessions("2024-07-03", "2024-07-03")[0].close // 17:00 New York
 */
export function calendar(name: CalendarName, options: CalendarOptions = {}): Calendar {
  const make = Object.prototype.hasOwnProperty.call(CALENDARS, name) ? CALENDARS[name] : undefined;
  if (!make) {
    const valid = Object.keys(CALENDARS).map((n) => JSON.stringify(n)).join(", ");
    throw new CalendarError(`calendar: unknown calendar ${JSON.stringify(name)}; use one of ${valid}`, { code: "UNKNOWN_CALENDAR" });
  }
  const session = options.session ?? "RTH";
  if (session !== "RTH" && session !== "ETH") {
    throw new CalendarError(`calendar: unknown session ${JSON.stringify(session)}; use "RTH" (regular hours) or "ETH" (extended hours)`, { code: "UNKNOWN_SESSION" });
  }
  if (session === "ETH" && !EXTENDED.has(name)) {
    throw new CalendarError(`calendar: ${name} has no extended hours; "ETH" applies to "XNYS" and "XNAS"`, { code: "UNKNOWN_SESSION" });
  }
  const key = `${name}/${session}`;
  let cal = built.get(key);
  if (!cal) {
    cal = make(session);
    built.set(key, cal);
  }
  return cal;
}
