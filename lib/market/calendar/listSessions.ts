import type { Session } from "./Session";
import type { SessionSource } from "./SessionSource";
import { toDay } from "./toDay";

/**
 * Sessions whose trading date lies within [start, end], both dates inclusive, in date order. Strings are
 * `YYYY-MM-DD` dates; a Date at 00:00 UTC is that UTC date, any other Date the date it falls on in the
 * calendar's zone (see `toDay`). Empty when end < start.
 * @throws CalendarError `INVALID_DATE` for a malformed string or an invalid Date.
 */
export function listSessions(source: SessionSource, start: Date | string, end: Date | string): Session[] {
  return sessionsOnDays(source, toDay(start, source.timezone, "start"), toDay(end, source.timezone, "end"));
}

/** Sessions of the trading dates firstDay..lastDay (civil day numbers, inclusive), in date order. */
export function sessionsOnDays(source: SessionSource, first: number, last: number): Session[] {
  const sessions: Session[] = [];
  for (let day = first; day <= last; day++) {
    const session = source.sessionOn(day);
    if (session) sessions.push(session);
  }
  return sessions;
}
