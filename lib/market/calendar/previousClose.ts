import { CalendarError } from "./CalendarError";
import { MAX_CLOSED_DAYS } from "./nextOpen";
import type { SessionSource } from "./SessionSource";
import { checkInstant } from "./toDay";
import { dayInZone } from "./zoneTime";

/**
 * The close of the last session that closed at or before `t`. When `t` is inside a session this is the
 * close of the session before it; when `t` equals a close, it is `t` itself.
 * @throws CalendarError `INVALID_DATE` when `t` is not a valid Date; `NO_SESSION_FOUND` if no session closes
 * within {@link MAX_CLOSED_DAYS} days before `t` (cannot happen with the built-in calendars).
 */
export function previousClose(source: SessionSource, t: Date): Date {
  const ms = checkInstant(t, "t").getTime();
  // A session may close at the midnight after its trading date, so start one day late.
  const first = dayInZone(t, source.timezone) + 1;
  for (let day = first; day >= first - MAX_CLOSED_DAYS; day--) {
    const session = source.sessionOn(day);
    if (session && session.close.getTime() <= ms) return session.close;
  }
  throw new CalendarError(`${source.name}: no session closes within ${MAX_CLOSED_DAYS} days before ${t.toISOString()}`, { code: "NO_SESSION_FOUND" });
}
