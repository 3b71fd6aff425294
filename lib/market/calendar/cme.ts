import { formatDay, parseDay, weekday } from "./civilDate";
import { NyseHoliday, NYSE_SPECIAL_EARLY_CLOSES, nyseEarlyCloses, nyseRuleHolidayList } from "./nyseHolidays";
import type { Session } from "./Session";
import type { SessionSource } from "./SessionSource";
import { perYear, yearOf } from "./yearOf";
import { zonedInstant } from "./zoneTime";

const TIMEZONE = "America/New_York";
const OPEN_MINUTES = -6 * 60; // 18:00 on the calendar day before the trading date
const CLOSE_MINUTES = 17 * 60;
/** The halt on a US holiday Globex trades through: 12:00 Chicago, 13:00 New York. */
const HOLIDAY_HALT_MINUTES = 13 * 60;
/** The same halt before CME moved it to 12:00 Chicago: 10:30 Chicago, 11:30 New York. */
const OLD_HOLIDAY_HALT_MINUTES = 11 * 60 + 30;
/** The close on a day NYSE closes early: 12:15 Chicago, 13:15 New York. */
const EARLY_CLOSE_MINUTES = 13 * 60 + 15;
/** The close of an abbreviated session (a Good Friday with a jobs report, a cash-market closure): 08:15 Chicago. */
const ABBREVIATED_CLOSE_MINUTES = 9 * 60 + 15;
/** Holidays on which Globex equity index futures do not trade at all (Good Friday: see GOOD_FRIDAY_SESSIONS). */
const CLOSED_ON: ReadonlySet<NyseHoliday> = new Set<NyseHoliday>(["New Year's Day", "Good Friday", "Christmas"]);

/*
 * Sources, and where this calendar departs on purpose from the public projects' CME equity calendars
 * (pandas_market_calendars' CMEGlobexEquities / CME_Equity, exchange_calendars' CMES):
 * - Holiday halts at 10:30 Chicago before 2014: CME's holiday notices (Presidents' Day 2006, Labor Day 2007:
 *   "CME equity indexes halt trading at 10:30 a.m."; Independence Day 2013: equity index close 10:30) and
 *   12:00 Chicago since (e.g. Thanksgiving 2024, MLK Day 2025). The change year per holiday follows
 *   pandas_market_calendars (MLK Day and Presidents' Day at 12:00 from 2015, the others from 2014).
 *   exchange_calendars' CMES halts at 12:00 in every year: quantlab differs before 2014/2015.
 * - Good Friday: closed (CME notice for 2005; 2018; 2025), except when the US employment report was
 *   released that morning: then an abbreviated session from 18:00 New York on Thursday to 08:15 Chicago
 *   (2010-04-02, 2012-04-06, 2015-04-03 "closes at 9:15 a.m. EDT", 2021-04-02, 2023-04-07 per CME's trading
 *   hours page, 2026-04-03). pandas_market_calendars has such a session on every Good Friday from 2023
 *   (2024-03-29 and 2025-04-18 too, when no report was released and Globex was closed): quantlab keeps those
 *   two closed. exchange_calendars' CMES closes every Good Friday: quantlab has the six sessions. Future
 *   Good Fridays are closed until BLS schedules a report on one.
 * - Hurricane Sandy: equity index futures traded until 08:15 Chicago on 2012-10-29 and 2012-10-30 and
 *   reopened at 17:00 Chicago each evening (CME Group notices of 2012-10-28/29). Neither project has it
 *   (exchange_calendars keeps full sessions on both days).
 * - Early closes at 12:15 Chicago on NYSE's scheduled 13:00 closes (CME notice for 2013-07-03: equity index
 *   close 12:15), so 2002-07-05 and 2003-12-26. pandas_market_calendars puts it on July 3 whenever July 4
 *   is Tuesday to Friday (2002-07-03 rather than 07-05) and not on 2003-12-26; exchange_calendars' CMES
 *   closes at 12:00 Chicago on the day after Thanksgiving and Christmas Eve only.
 * - Not modelled: the other NYSE closures (2001-09-11..14, days of mourning 2004-06-11, 2007-01-02,
 *   2018-12-05, 2025-01-09; exchange_calendars closes CMES fully on the days of mourning, CME itself ran
 *   abbreviated equity sessions on some of them), the session shape before 2012-11 (trade date starting at
 *   15:30 Chicago), and the 15:15-15:30 Chicago halt before 2021.
 */

/** Good Fridays on which Globex equity index futures traded until 08:15 Chicago (a jobs report that day). */
export const CME_GOOD_FRIDAY_SESSIONS: readonly string[] = Object.freeze(["2010-04-02", "2012-04-06", "2015-04-03", "2021-04-02", "2023-04-07", "2026-04-03"]);
/** Days the cash equity market closed and Globex equity index futures closed at 08:15 Chicago. */
const ABBREVIATED_DAYS: readonly string[] = Object.freeze(["2012-10-29", "2012-10-30"]);

const abbreviated = new Set([...CME_GOOD_FRIDAY_SESSIONS, ...ABBREVIATED_DAYS].map((date) => parseDay(date)));

/** The year from which a holiday's halt is at 12:00 Chicago (10:30 Chicago before). */
function noonHaltFrom(name: NyseHoliday): number {
  return name === "Martin Luther King Jr. Day" || name === "Washington's Birthday" ? 2015 : 2014;
}

/** A year's special days, by day number: no session, and the close (minutes, New York) of shortened sessions. */
const specialDays = perYear((year) => {
  const closed = new Set<number>();
  const closes = new Map<number, number>();
  for (const day of nyseEarlyCloses(year)) closes.set(day, EARLY_CLOSE_MINUTES);
  for (const date of Object.keys(NYSE_SPECIAL_EARLY_CLOSES)) {
    const day = parseDay(date);
    if (yearOf(day) === year) closes.set(day, EARLY_CLOSE_MINUTES);
  }
  for (const { day, name } of nyseRuleHolidayList(year)) {
    if (abbreviated.has(day)) closes.set(day, ABBREVIATED_CLOSE_MINUTES);
    else if (CLOSED_ON.has(name)) closed.add(day);
    else closes.set(day, year >= noonHaltFrom(name) ? HOLIDAY_HALT_MINUTES : OLD_HOLIDAY_HALT_MINUTES);
  }
  for (const day of abbreviated) if (yearOf(day) === year) closes.set(day, ABBREVIATED_CLOSE_MINUTES);
  return { closed, closes };
});

/**
 * CME Globex equity index futures (E-mini S&P 500 and the like), in New York time: the session of trading
 * date D runs from 18:00 on D − 1 to 17:00 on D (so Sunday 18:00 opens Monday's session, and 17:00–18:00
 * is the daily halt), for trading dates Monday to Friday. The US holidays follow CME's holiday schedules for
 * equity products:
 * - New Year's Day and Christmas (observed days): no session;
 * - Good Friday: no session, except in the years CME opened an abbreviated session because the US jobs
 *   report came out that morning ({@link CME_GOOD_FRIDAY_SESSIONS}): 18:00 Thursday to 09:15 (08:15
 *   Chicago), `earlyClose`;
 * - Martin Luther King Jr., Washington's Birthday, Memorial Day, Juneteenth (from 2022), Independence Day,
 *   Labor Day and Thanksgiving: Globex trades from 18:00 the evening before and halts at 13:00 (12:00
 *   Chicago; 11:30 = 10:30 Chicago before 2014, before 2015 for MLK and Washington's Birthday); that stretch
 *   is a session dated the holiday, with `earlyClose` (CME books it to the next trading date, which opens at
 *   18:00 the same evening);
 * - the days NYSE closes at 13:00 by schedule (see XNYS): the session closes at 13:15 (12:15 Chicago),
 *   `earlyClose`;
 * - Hurricane Sandy, 2012-10-29 and 10-30: sessions closing at 09:15 (08:15 Chicago).
 * Sources and the deliberate differences from pandas_market_calendars and exchange_calendars are in the
 * comment above; not modelled: the session shape before 2012-11, the Chicago 15:15–15:30 halt before 2021,
 * and the other one-off closures of the cash market.
 */
export function cmeSessions(name: string): SessionSource {
  return Object.freeze({
    name,
    timezone: TIMEZONE,
    sessionOn(day: number): Session | undefined {
      const dow = weekday(day);
      if (dow === 0 || dow === 6) return undefined;
      const special = specialDays(yearOf(day));
      if (special.closed.has(day)) return undefined;
      const close = special.closes.get(day) ?? CLOSE_MINUTES;
      return Object.freeze({
        date: formatDay(day),
        open: zonedInstant(day, OPEN_MINUTES, TIMEZONE),
        close: zonedInstant(day, close, TIMEZONE),
        earlyClose: close !== CLOSE_MINUTES,
        lateOpen: false,
      });
    },
  });
}
