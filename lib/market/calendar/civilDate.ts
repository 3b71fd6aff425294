import { CalendarError } from "./CalendarError";

/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings, with no time zone involved: a civil date is a day
 * number counted from 1970-01-01, and every helper here is exact for the proleptic Gregorian calendar.
 */

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of year/month(1-12)/day. */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Day number of a `YYYY-MM-DD` string.
 * @throws CalendarError `INVALID_DATE` when the string is not a real date in that format (e.g. "2024-02-30").
 */
export function parseDay(text: string, what = "date"): number {
  const match = DATE_PATTERN.exec(text);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const day = dayNumber(y, m, d);
    if (formatDay(day) === text) return day;
  }
  throw new CalendarError(`calendar: ${what} must be a date "YYYY-MM-DD" or a Date, got ${JSON.stringify(text)}`, { code: "INVALID_DATE" }
  );
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day number of the `n`-th (1-based) given weekday of a month, e.g. the 3rd Monday of January. */
export function nthWeekday(year: number, month: number, dayOfWeek: number, n: number): number {
  const first = dayNumber(year, month, 1);
  return first + ((dayOfWeek - weekday(first) + 7) % 7) + 7 * (n - 1);
}

/** Day number of the last given weekday of a month, e.g. the last Monday of May. */
export function lastWeekday(year: number, month: number, dayOfWeek: number): number {
  const last = dayNumber(year, month + 1, 0);
  return last - ((weekday(last) - dayOfWeek + 7) % 7);
}
