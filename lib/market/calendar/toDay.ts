import { CalendarError } from "./CalendarError";
import { parseDay } from "./civilDate";
import { dayInZone } from "./zoneTime";

const MS_PER_DAY = 86_400_000;

/**
 * Civil day number, in `timezone`, of a session label:
 * - a `YYYY-MM-DD` string is that date;
 * - a Date at exactly 00:00:00.000 UTC is that UTC date, as pandas' session labels are (midnight,
 *   zone-naive timestamps), so `new Date("2024-01-02")` means 2024-01-02 in every calendar;
 * - any other Date is the date its instant falls on in `timezone`.
 * @throws CalendarError `INVALID_DATE` for a malformed string or an invalid Date.
 */
export function toDay(value: Date | string, timezone: string, what: string): number {
  if (typeof value === "string") return parseDay(value, what);
  const ms = checkInstant(value, what).getTime();
  if (ms % MS_PER_DAY === 0) return Math.floor(ms / MS_PER_DAY);
  return dayInZone(value, timezone);
}

/**
 * Returns the Date unchanged when it is a valid instant.
 * @throws CalendarError `INVALID_DATE` for anything that is not a valid Date.
 */
export function checkInstant(value: Date, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new CalendarError(`calendar: ${what} must be a valid Date, got ${String(value)}`, { code: "INVALID_DATE" });
  }
  return value;
}
