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
 * - around Independence Day: July 3 when July 4 falls on a Tuesday, Wednesday or Friday; when July 4 is a
 *   Thursday, July 3 (the Wednesday) from 2013 on, but July 5 (the Friday after) before 2013, the day NYSE
 *   chose until then (2002-07-05 closed at 13:00 and 2002-07-03 was a full day); none when July 4 falls on
 *   a Saturday, Sunday or Monday;
 * - the Friday after Thanksgiving;
 * - Christmas Eve, when it is a weekday that is not itself the observed Christmas holiday.
 * One-off early closes (2003-12-26) are in {@link NYSE_SPECIAL_EARLY_CLOSES}, not here.
 */
export function nyseEarlyCloses(year: number): number[] {
  const days: number[] = [];
  const july4 = weekday(dayNumber(year, 7, 4));
  if (july4 === THURSDAY && year < 2013) days.push(dayNumber(year, 7, 5));
  else if (july4 >= 2 && july4 <= FRIDAY) days.push(dayNumber(year, 7, 3));
  days.push(nthWeekday(year, 11, THURSDAY, 4) + 1);
  const christmasEve = dayNumber(year, 12, 24);
  const eveDow = weekday(christmasEve);
  if (eveDow >= MONDAY && eveDow <= THURSDAY) days.push(christmasEve);
  return days;
}

/*
 * One-off NYSE hours since 2000, beside the standing rules above. Facts checked date by date for 2000-2035
 * against NYSE's published closings history (nyse.com/markets/hours-calendars and the yearly holiday
 * announcements; NYSE's "closings" history as compiled in pandas_market_calendars' nyse.py, with its
 * reference Stocks.NYSE-Closings.pdf) and exchange_calendars' exchange_calendar_xnys.py / us_holidays.py
 * (which cites www.nyse.com/pdfs/closings.pdf). Both projects agree with the rules above and these tables on
 * every closed weekday and every 13:00 close from 2000 to 2035; exchange_calendars has no late opens and no
 * 15:56 close, pandas_market_calendars has them as listed here.
 *
 * Scheduled early close (the exchange announced it; extended hours end at 17:00 too):
 * - 2003-12-26 (Friday after Christmas): 13:00. NYSE did not repeat it in 2008, 2014 or 2025 (full days).
 *
 * Unscheduled events (the regular session only; pre- and post-market hours were not changed):
 * - 2001-09-17: opened 09:33 after two minutes of silence for the victims of September 11;
 * - 2001-10-08: opened 09:31, a minute of silence for the troops of Operation Enduring Freedom;
 * - 2002-09-11: opened at 12:00 on the first anniversary of September 11;
 * - 2003-03-20: opened 09:32, a moment of silence for the troops of Operation Iraqi Freedom;
 * - 2004-06-07: opened 09:32, a moment of silence for former President Reagan;
 * - 2005-06-01: closed at 15:56, a systems communication problem;
 * - 2006-12-27: opened 09:32, a moment of silence for former President Ford.
 * Not modelled (the session itself kept its hours): intraday pauses of a minute or two (e.g. 2002-05-30,
 * 2003-09-11), the 2009-07-02 extension of the close to 16:15 for orders hit by a systems fault.
 */

/** One-off early closes NYSE scheduled in advance, as `YYYY-MM-DD` → minutes after midnight New York. */
export const NYSE_SPECIAL_EARLY_CLOSES: Readonly<Record<string, number>> = Object.freeze({
  "2003-12-26": 13 * 60,
});

/** Unscheduled one-off changes to the regular session's hours (open and/or close, minutes after midnight). */
export const NYSE_IRREGULAR_HOURS: Readonly<Record<string, { open?: number; close?: number }>> = Object.freeze({
  "2001-09-17": { open: 9 * 60 + 33 },
  "2001-10-08": { open: 9 * 60 + 31 },
  "2002-09-11": { open: 12 * 60 },
  "2003-03-20": { open: 9 * 60 + 32 },
  "2004-06-07": { open: 9 * 60 + 32 },
  "2005-06-01": { close: 15 * 60 + 56 },
  "2006-12-27": { open: 9 * 60 + 32 },
});
