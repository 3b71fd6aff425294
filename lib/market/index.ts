/**
 * The market vocabulary every area shares: exchange calendars (sessions, early closes, holidays) and
 * timeframes. It depends on nothing else in quantlab, so the store, data, validation, live bars and
 * backtests all build on it.
 * @example import { calendar, timeframeMs } from "./lib";
 */
export { calendar, CalendarError } from "./calendar";
export type { Calendar, CalendarName, CalendarErrorCode, CalendarOptions, CalendarSession, Session } from "./calendar";
export { timeframeMs } from "./timeframe";
