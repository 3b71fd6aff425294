import { formatDay, weekday } from "./civilDate";
import { nyseRuleHolidays } from "./nyseHolidays";
import type { Session } from "./Session";
import type { SessionSource } from "./SessionSource";
import { perYear, yearOf } from "./yearOf";
import { zonedInstant } from "./zoneTime";

const TIMEZONE = "America/New_York";
const OPEN_MINUTES = -6 * 60; // 18:00 on the calendar day before the trading date
const CLOSE_MINUTES = 17 * 60;

const closedDays = perYear((year) => new Set(nyseRuleHolidays(year)));

/**
 * CME Globex equity index futures, simplified: the session of trading date D runs from 18:00 New York time
 * on D − 1 to 17:00 on D (so Sunday 18:00 opens Monday's session, and 17:00–18:00 is the daily halt),
 * for trading dates Monday to Friday. There is no session for a trading date that is an NYSE rule holiday
 * (New Year, MLK, Presidents, Good Friday, Memorial, Juneteenth, Independence, Labor, Thanksgiving,
 * Christmas). CME's holiday early halts and the NYSE one-off closures are not modelled; `earlyClose` is
 * always false.
 */
export function cmeSessions(name: string): SessionSource {
  return Object.freeze({
    name,
    timezone: TIMEZONE,
    sessionOn(day: number): Session | undefined {
      const dow = weekday(day);
      if (dow === 0 || dow === 6) return undefined;
      if (closedDays(yearOf(day)).has(day)) return undefined;
      return Object.freeze({
        date: formatDay(day),
        open: zonedInstant(day, OPEN_MINUTES, TIMEZONE),
        close: zonedInstant(day, CLOSE_MINUTES, TIMEZONE),
        earlyClose: false,
      });
    },
  });
}
