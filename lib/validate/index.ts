/**
 * Data validation. For now: exchange calendars (sessions, holidays, early closes, DST).
 * @example import { calendar } from "./lib/validate";
 */
export { calendar, CalendarError } from "./calendar";
export type { Calendar, CalendarName, CalendarErrorCode, Session } from "./calendar";
