import { dayNumber, lastWeekday, nthWeekday, weekday } from "./civilDate";
import { easterSunday } from "./easter";

const MONDAY = 1;
const THURSDAY = 4;
const FRIDAY = 5;
const SATURDAY = 6;
const SUNDAY = 0;

/** A fixed-date holiday moved to Friday when on Saturday and to Monday when on Sunday. */
function observed(day: number): number {
  const dow = weekday(day);
  if (dow === SATURDAY) return day - 1;
  if (dow === SUNDAY) return day + 1;
  return day;
}

/** The NYSE rule holidays, by name. */
export type NyseHoliday =
  | "New Year's Day"
  | "Martin Luther King Jr. Day"
  | "Washington's Birthday"
  | "Good Friday"
  | "Memorial Day"
  | "Juneteenth"
  | "Independence Day"
  | "Labor Day"
  | "Thanksgiving"
  | "Christmas";

/**
 * NYSE full-day holidays of a year that follow from the exchange's standing rules (Rule 7.2), each with its
 * day number (the observed day). New Year's Day on a Saturday is not moved to the Friday before (NYSE
 * rule), so such a year has no New Year holiday. Juneteenth counts from 2022, Martin Luther King Jr. Day
 * from 1998. One-off closures are in {@link NYSE_SPECIAL_CLOSURES}, not here.
 */
export function nyseRuleHolidayList(year: number): { day: number; name: NyseHoliday }[] {
  const days: { day: number; name: NyseHoliday }[] = [];
  const newYear = dayNumber(year, 1, 1);
  if (weekday(newYear) !== SATURDAY) days.push({ day: observed(newYear), name: "New Year's Day" });
  if (year >= 1998) days.push({ day: nthWeekday(year, 1, MONDAY, 3), name: "Martin Luther King Jr. Day" });
  days.push({ day: nthWeekday(year, 2, MONDAY, 3), name: "Washington's Birthday" });
  days.push({ day: easterSunday(year) - 2, name: "Good Friday" });
  days.push({ day: lastWeekday(year, 5, MONDAY), name: "Memorial Day" });
  if (year >= 2022) days.push({ day: observed(dayNumber(year, 6, 19)), name: "Juneteenth" });
  days.push({ day: observed(dayNumber(year, 7, 4)), name: "Independence Day" });
  days.push({ day: nthWeekday(year, 9, MONDAY, 1), name: "Labor Day" });
  days.push({ day: nthWeekday(year, 11, THURSDAY, 4), name: "Thanksgiving" });
  days.push({ day: observed(dayNumber(year, 12, 25)), name: "Christmas" });
  return days;
}

/** The day numbers of {@link nyseRuleHolidayList}. */
export function nyseRuleHolidays(year: number): number[] {
  return nyseRuleHolidayList(year).map((h) => h.day);
}

/**
 * One-off NYSE closures on days that would otherwise be sessions: the September 11 attacks, national days
 * of mourning for former presidents, and Hurricane Sandy.
 */
export const NYSE_SPECIAL_CLOSURES: readonly string[] = Object.freeze([
  "2001-09-11",
  "2001-09-12",
  "2001-09-13",
  "2001-09-14",
  "2004-06-11", // Ronald Reagan
  "2007-01-02", // Gerald Ford
  "2012-10-29", // Hurricane Sandy
  "2012-10-30",
  "2018-12-05", // George H. W. Bush
  "2025-01-09", // Jimmy Carter
]);

/**
 * NYSE early-close (13:00) dates of a year from the standing rules, as day numbers:
 * - July 3, when July 4 falls Tuesday to Friday (July 3 is then a weekday that is not a holiday; when July 4
 *   is on a Saturday, Sunday or Monday there is no early close around Independence Day);
 * - the Friday after Thanksgiving;
 * - Christmas Eve, when it is a weekday that is not itself the observed Christmas holiday.
 */
export function nyseEarlyCloses(year: number): number[] {
  const days: number[] = [];
  const july4 = weekday(dayNumber(year, 7, 4));
  if (july4 >= 2 && july4 <= FRIDAY) days.push(dayNumber(year, 7, 3));
  days.push(nthWeekday(year, 11, THURSDAY, 4) + 1);
  const christmasEve = dayNumber(year, 12, 24);
  const eveDow = weekday(christmasEve);
  if (eveDow >= MONDAY && eveDow <= THURSDAY) days.push(christmasEve);
  return days;
}
