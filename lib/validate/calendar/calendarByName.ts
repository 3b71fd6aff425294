import { alwaysOpenSessions } from "./alwaysOpen";
import { buildCalendar } from "./buildCalendar";
import type { Calendar, CalendarName } from "./Calendar";
import { CalendarError } from "./CalendarError";
import { cmeSessions } from "./cme";
import { nyseSessions } from "./xnys";

const CALENDARS: Record<CalendarName, () => Calendar> = {
  XNYS: () => buildCalendar(nyseSessions("XNYS")),
  XNAS: () => buildCalendar(nyseSessions("XNAS")),
  CME: () => buildCalendar(cmeSessions("CME")),
  "24/7": () => buildCalendar(alwaysOpenSessions("24/7")),
};

const built = new Map<string, Calendar>();

/**
 * The exchange calendar of that name. Calendars are immutable and shared: the same name returns the same
 * object.
 * - `"XNYS"`, `"XNAS"`: 09:30–16:00 America/New_York, Monday–Friday; 13:00 on early-close days (July 3
 *   when July 4 is Tuesday–Friday, the day after Thanksgiving, Christmas Eve on Monday–Thursday); closed on
 *   NYSE holidays from the exchange's rules and on its one-off closures (2001-09-11..14, 2004-06-11,
 *   2007-01-02, 2012-10-29/30, 2018-12-05, 2025-01-09). Rules checked against NYSE's published
 *   calendars; valid from 2000 to at least 2035.
 * - `"CME"`: Globex equity index futures, simplified; the session of trading date D runs 18:00 New York on
 *   D − 1 to 17:00 on D, Monday–Friday trading dates, none on NYSE rule holidays.
 * - `"24/7"`: every UTC day is one session, 00:00–24:00 UTC.
 * @throws CalendarError `UNKNOWN_CALENDAR` for any other name; the message lists the valid names.
 * @example calendar("XNYS").sessions("2024-12-23", "2024-12-27") // 23, 24 (early close), 26, 27
 */
export function calendar(name: CalendarName): Calendar {
  const make = Object.prototype.hasOwnProperty.call(CALENDARS, name) ? CALENDARS[name] : undefined;
  if (!make) {
    const valid = Object.keys(CALENDARS).map((n) => JSON.stringify(n)).join(", ");
    throw new CalendarError("UNKNOWN_CALENDAR", `calendar: unknown calendar ${JSON.stringify(name)}; use one of ${valid}`);
  }
  let cal = built.get(name);
  if (!cal) {
    cal = make();
    built.set(name, cal);
  }
  return cal;
}
