export { calendar } from "./calendarByName";
export type { CalendarOptions, SessionKind as CalendarSession } from "./calendarByName";
export type { Calendar, CalendarName } from "./Calendar";
export type { Session } from "./Session";
export { CalendarError } from "./CalendarError";
export type { CalendarErrorCode } from "./CalendarError";
