import { CalendarError } from "./CalendarError";
import { sessionsOnDays } from "./listSessions";
import type { SessionSource } from "./SessionSource";
import { checkInstant } from "./toDay";
import { dayInZone } from "./zoneTime";

/**
 * How many bars of `timeframeMs` a complete feed has whose start lies in [start, end).
 *
 * Bars are aligned to each session's open: a session holds the bars starting at open, open + timeframe, …
 * while the start is before the close, so a session whose length is not a multiple of the timeframe ends with
 * one shorter bar (XNYS with 1 h bars: 6 full bars and one of 30 minutes, 7 in all). Returns 0 when
 * `end <= start`.
 * @throws CalendarError `INVALID_DATE` when start or end is not a valid Date; `INVALID_TIMEFRAME` when
 * `timeframeMs` is not a positive finite number.
 */
export function expectedBars(source: SessionSource, start: Date, end: Date, timeframeMs: number): number {
  const from = checkInstant(start, "start").getTime();
  const to = checkInstant(end, "end").getTime();
  if (!(typeof timeframeMs === "number" && Number.isFinite(timeframeMs) && timeframeMs > 0)) {
    throw new CalendarError(`${source.name}: timeframeMs must be a positive number of milliseconds (60000 for 1m), got ${String(timeframeMs)}`, { code: "INVALID_TIMEFRAME" }
    );
  }
  if (to <= from) return 0;
  const firstDay = dayInZone(start, source.timezone) - 1;
  const lastDay = dayInZone(end, source.timezone) + 1;
  let count = 0;
  for (const session of sessionsOnDays(source, firstDay, lastDay)) {
    count += barsInSession(session.open.getTime(), session.close.getTime(), from, to, timeframeMs);
  }
  return count;
}

/** Number of k >= 0 with open + k·tf in [max(open, from), min(close, to)). */
function barsInSession(open: number, close: number, from: number, to: number, tf: number): number {
  const lo = Math.max(open, from);
  const hi = Math.min(close, to);
  if (hi <= lo) return 0;
  const firstK = Math.ceil((lo - open) / tf);
  const endK = Math.ceil((hi - open) / tf);
  return Math.max(0, endK - firstK);
}
