import { CalendarError } from "./CalendarError";
import type { SessionSource } from "./SessionSource";
import { checkInstant } from "./toDay";
import { dayInZone } from "./zoneTime";

/** No calendar here closes for longer than this; the search gives up (and throws) after it. */
export const MAX_CLOSED_DAYS = 366;

/**
 * The open of the first session that opens strictly after `t`. When `t` is inside a session this is the
 * open of the following session.
 * @throws CalendarError `INVALID_DATE` when `t` is not a valid Date; `NO_SESSION_FOUND` if no session opens
 * within {@link MAX_CLOSED_DAYS} days (cannot happen with the built-in calendars).
 */
export function nextOpen(source: SessionSource, t: Date): Date {
  const ms = checkInstant(t, "t").getTime();
  // A session may open the day before its trading date, so start one day early.
  const first = dayInZone(t, source.timezone) - 1;
  for (let day = first; day <= first + MAX_CLOSED_DAYS; day++) {
    const session = source.sessionOn(day);
    if (session && session.open.getTime() > ms) return session.open;
  }
  throw new CalendarError(`${source.name}: no session opens within ${MAX_CLOSED_DAYS} days after ${t.toISOString()}`, { code: "NO_SESSION_FOUND" });
}
