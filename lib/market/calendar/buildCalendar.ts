import type { Calendar } from "./Calendar";
import { expectedBars } from "./expectedBars";
import { listSessions } from "./listSessions";
import { nextOpen } from "./nextOpen";
import { previousClose } from "./previousClose";
import type { SessionSource } from "./SessionSource";
import { toDay } from "./toDay";

/** A frozen {@link Calendar} whose methods delegate to the free functions over `source`. */
export function buildCalendar(source: SessionSource): Calendar {
  return Object.freeze({
    name: source.name,
    timezone: source.timezone,
    sessions: (start: Date | string, end: Date | string) => listSessions(source, start, end),
    isSession: (date: Date | string) => source.sessionOn(toDay(date, source.timezone, "date")) !== undefined,
    nextOpen: (t: Date) => nextOpen(source, t),
    previousClose: (t: Date) => previousClose(source, t),
    expectedBars: (start: Date, end: Date, timeframeMs: number) => expectedBars(source, start, end, timeframeMs),
  });
}
