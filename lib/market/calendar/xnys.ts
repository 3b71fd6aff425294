import { formatDay, parseDay, weekday } from "./civilDate";
import { NYSE_SPECIAL_CLOSURES, nyseEarlyCloses, nyseRuleHolidays } from "./nyseHolidays";
import type { Session } from "./Session";
import type { SessionSource } from "./SessionSource";
import { perYear, yearOf } from "./yearOf";
import { zonedInstant } from "./zoneTime";

const TIMEZONE = "America/New_York";
const OPEN_MINUTES = 9 * 60 + 30;
const CLOSE_MINUTES = 16 * 60;
const EARLY_CLOSE_MINUTES = 13 * 60;
/** Extended hours: pre market from 04:00, post market for 4 hours after the close (to 20:00, or 17:00 after an early close). */
const PRE_MARKET_MINUTES = 4 * 60;
const POST_MARKET_MINUTES = 4 * 60;

const specialClosures = new Set(NYSE_SPECIAL_CLOSURES.map((date) => parseDay(date)));

const nyseYear = perYear((year) => ({
  closed: new Set([...nyseRuleHolidays(year), ...[...specialClosures].filter((day) => yearOf(day) === year)]),
  earlyCloses: new Set(nyseEarlyCloses(year)),
}));

/**
 * The regular session of the New York Stock Exchange (also used for Nasdaq, whose holidays and hours are
 * the same): 09:30–16:00 America/New_York on weekdays, 13:00 close on early-close days, closed on the rule
 * holidays and one-off closures of `nyseHolidays`. With `extended`, the session runs from the pre market's
 * 04:00 to the end of the post market, 20:00 (17:00 after an early close), on the same trading dates.
 */
export function nyseSessions(name: string, extended = false): SessionSource {
  return Object.freeze({
    name,
    timezone: TIMEZONE,
    sessionOn(day: number): Session | undefined {
      const dow = weekday(day);
      if (dow === 0 || dow === 6) return undefined;
      const year = nyseYear(yearOf(day));
      if (year.closed.has(day)) return undefined;
      const earlyClose = year.earlyCloses.has(day);
      return Object.freeze({
        date: formatDay(day),
        open: zonedInstant(day, extended ? PRE_MARKET_MINUTES : OPEN_MINUTES, TIMEZONE),
        close: zonedInstant(day, (earlyClose ? EARLY_CLOSE_MINUTES : CLOSE_MINUTES) + (extended ? POST_MARKET_MINUTES : 0), TIMEZONE),
        earlyClose,
      });
    },
  });
}
