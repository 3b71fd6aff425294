import { formatDay, parseDay, weekday } from "./civilDate";
import { NYSE_IRREGULAR_HOURS, NYSE_SPECIAL_CLOSURES, NYSE_SPECIAL_EARLY_CLOSES, nyseEarlyCloses, nyseRuleHolidays } from "./nyseHolidays";
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
const specialEarlyCloses = new Map(Object.entries(NYSE_SPECIAL_EARLY_CLOSES).map(([date, close]) => [parseDay(date), close]));
const irregularHours = new Map(Object.entries(NYSE_IRREGULAR_HOURS).map(([date, hours]) => [parseDay(date), hours]));

/** A year's closed dates and its scheduled closes (minutes after midnight) other than 16:00. */
const nyseYear = perYear((year) => {
  const closes = new Map<number, number>(nyseEarlyCloses(year).map((day) => [day, EARLY_CLOSE_MINUTES]));
  for (const [day, close] of specialEarlyCloses) if (yearOf(day) === year) closes.set(day, close);
  return {
    closed: new Set([...nyseRuleHolidays(year), ...[...specialClosures].filter((day) => yearOf(day) === year)]),
    closes,
  };
});

/**
 * The regular session of the New York Stock Exchange (also used for Nasdaq, whose holidays and hours are
 * the same): 09:30–16:00 America/New_York on weekdays, 13:00 close on early-close days, closed on the rule
 * holidays and one-off closures of `nyseHolidays`, and the one-off late opens and early close of
 * `NYSE_IRREGULAR_HOURS`. With `extended`, the session runs from the pre market's 04:00 to the end of the
 * post market, 20:00 (17:00 after a scheduled early close), on the same trading dates; the unscheduled
 * events of `NYSE_IRREGULAR_HOURS` delayed or cut the regular session only, so they leave it unchanged.
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
      const scheduledClose = year.closes.get(day) ?? CLOSE_MINUTES;
      const irregular = extended ? undefined : irregularHours.get(day);
      const open = extended ? PRE_MARKET_MINUTES : irregular?.open ?? OPEN_MINUTES;
      const close = extended ? scheduledClose + POST_MARKET_MINUTES : irregular?.close ?? scheduledClose;
      return Object.freeze({
        date: formatDay(day),
        open: zonedInstant(day, open, TIMEZONE),
        close: zonedInstant(day, close, TIMEZONE),
        earlyClose: scheduledClose < CLOSE_MINUTES || close < scheduledClose,
        lateOpen: open > (extended ? PRE_MARKET_MINUTES : OPEN_MINUTES),
      });
    },
  });
}
