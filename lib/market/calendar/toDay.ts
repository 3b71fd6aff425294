import { CalendarError } from "./CalendarError";
import { parseDay } from "./civilDate";
import { dayInZone } from "./zoneTime";

/**
 * Civil day number, in `timezone`, of a `YYYY-MM-DD` string (taken as is) or of a Date (the date its
 * instant falls on in that zone).
 * @throws CalendarError `INVALID_DATE` for a malformed string or an invalid Date.
 */
export function toDay(value: Date | string, timezone: string, what: string): number {
  if (typeof value === "string") return parseDay(value, what);
  return dayInZone(checkInstant(value, what), timezone);
}

/**
 * Returns the Date unchanged when it is a valid instant.
 * @throws CalendarError `INVALID_DATE` for anything that is not a valid Date.
 */
export function checkInstant(value: Date, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new CalendarError("INVALID_DATE", `calendar: ${what} must be a valid Date, got ${String(value)}`);
  }
  return value;
}
