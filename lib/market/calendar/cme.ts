import { formatDay, weekday } from "./civilDate";
import { NyseHoliday, nyseEarlyCloses, nyseRuleHolidayList } from "./nyseHolidays";
import type { Session } from "./Session";
import type { SessionSource } from "./SessionSource";
import { perYear, yearOf } from "./yearOf";
import { zonedInstant } from "./zoneTime";

const TIMEZONE = "America/New_York";
const OPEN_MINUTES = -6 * 60; // 18:00 on the calendar day before the trading date
const CLOSE_MINUTES = 17 * 60;
/** The halt on a US holiday Globex trades through: 12:00 Chicago, 13:00 New York. */
const HOLIDAY_HALT_MINUTES = 13 * 60;
/** The close on a day NYSE closes early: 12:15 Chicago, 13:15 New York. */
const EARLY_CLOSE_MINUTES = 13 * 60 + 15;
/** Holidays on which Globex equity index futures do not trade at all. */
const CLOSED_ON: ReadonlySet<NyseHoliday> = new Set<NyseHoliday>(["New Year's Day", "Good Friday", "Christmas"]);

/** A year's special days, by day number: no session, a session halted at 13:00, a session closing at 13:15. */
const specialDays = perYear((year) => {
  const closed = new Set<number>();
  const halted = new Set<number>();
  for (const { day, name } of nyseRuleHolidayList(year)) (CLOSED_ON.has(name) ? closed : halted).add(day);
  return { closed, halted, early: new Set(nyseEarlyCloses(year)) };
});

/**
 * CME Globex equity index futures (E-mini S&P 500 and the like), in New York time: the session of trading
 * date D runs from 18:00 on D − 1 to 17:00 on D (so Sunday 18:00 opens Monday's session, and 17:00–18:00
 * is the daily halt), for trading dates Monday to Friday. The US holidays follow CME's current holiday
 * schedule for equity products:
 * - New Year's Day, Good Friday and Christmas (observed days): no session;
 * - Martin Luther King Jr., Washington's Birthday, Memorial Day, Juneteenth (from 2022), Independence Day,
 *   Labor Day and Thanksgiving: Globex trades from 18:00 the evening before and halts at 13:00 (12:00
 *   Chicago); that stretch is a session dated the holiday, with `earlyClose` (CME books it to the next
 *   trading date, which opens at 18:00 the same evening);
 * - the days NYSE closes at 13:00 (July 3, the day after Thanksgiving, Christmas Eve; see XNYS): the session
 *   closes at 13:15 (12:15 Chicago), `earlyClose`.
 *
 * Not modelled: the halt at 10:30 Chicago that applied before CME moved holiday halts to 12:00, the 15:15–15:30
 * Chicago maintenance halt before 2021, one-off events (NYSE's special closures, national days of mourning,
 * Good Fridays with a shortened session because of a jobs report).
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
      const close = special.halted.has(day) ? HOLIDAY_HALT_MINUTES : special.early.has(day) ? EARLY_CLOSE_MINUTES : CLOSE_MINUTES;
      return Object.freeze({
        date: formatDay(day),
        open: zonedInstant(day, OPEN_MINUTES, TIMEZONE),
        close: zonedInstant(day, close, TIMEZONE),
        earlyClose: close !== CLOSE_MINUTES,
      });
    },
  });
}
