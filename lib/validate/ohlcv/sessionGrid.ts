import { calendar as calendarByName, type Calendar, type CalendarName } from "../../market";
import type { SessionKind } from "./ValidationReport";

const DAY_MS = 86_400_000;
const EXTENDED_HOURS = new Set(["XNYS", "XNAS"]);

/**
 * The bars a complete feed has: for each session, bar starts at open, open + tf, … before the close.
 * Bars are numbered across sessions ("slots"), so the bars missing between two present bars is a
 * difference of slot numbers. For the daily timeframe each session is one slot.
 */
export interface SessionGrid {
  tfMs: number;
  /** Session bounds [open, close) in epoch ms, in order. */
  opens: Float64Array;
  closes: Float64Array;
  /** Slots before session s (intraday: bars of the sessions before it). */
  before: Float64Array;
  /** Daily timeframe: slot = session number, and a bar outside every session counts for the session of its UTC date. */
  daily: boolean;
  /** Daily: UTC day number of each session's date -> session number. */
  dayToSession: Map<number, number> | null;
  /** Daily: UTC day number of each session's date. */
  days: Float64Array | null;
  /** Timeframes longer than a day: no calendar checks (no gaps, no extra bars). */
  unchecked: boolean;
}

/**
 * The grid of the sessions around [minT, maxT] (epoch ms). ETH widens XNYS/XNAS sessions to
 * 04:00–20:00 New York (post market to 17:00 on early-close days); other calendars have one kind.
 */
export function sessionGrid(calendar: Calendar, kind: SessionKind, tfMs: number, minT: number, maxT: number): SessionGrid {
  const unchecked = tfMs > DAY_MS;
  // ETH: the calendar's own extended sessions (pre market from 04:00, post market to 20:00 New York).
  const extend = kind === "ETH" && EXTENDED_HOURS.has(calendar.name);
  const source = extend ? calendarByName(calendar.name as CalendarName, { session: "ETH" }) : calendar;
  const sessions = unchecked || !(maxT >= minT) ? [] : source.sessions(new Date(minT - 3 * DAY_MS), new Date(maxT + 3 * DAY_MS));
  const count = sessions.length;
  const opens = new Float64Array(count);
  const closes = new Float64Array(count);
  const before = new Float64Array(count);
  const daily = tfMs === DAY_MS;
  const dayToSession = daily ? new Map<number, number>() : null;
  const days = daily ? new Float64Array(count) : null;
  let slots = 0;
  for (let s = 0; s < count; s++) {
    const session = sessions[s];
    opens[s] = session.open.getTime();
    closes[s] = session.close.getTime();
    before[s] = slots;
    slots += daily ? 1 : Math.ceil((closes[s] - opens[s]) / tfMs);
    if (dayToSession && days) {
      days[s] = Date.parse(session.date + "T00:00:00Z") / DAY_MS;
      dayToSession.set(days[s], s);
    }
  }
  return { tfMs, opens, closes, before, daily, dayToSession, days, unchecked };
}

/** Start times of the bars a complete feed has strictly between `previous` and `next` (both in sessions). */
export function missingBarTimes(grid: SessionGrid, previous: number, next: number): number[] {
  const times: number[] = [];
  const { opens, closes, tfMs } = grid;
  if (grid.daily) {
    // Keep the previous bar's time of day: bars stamped at midnight UTC stay at midnight, at the open at the open.
    const offset = previous - Math.floor(previous / DAY_MS) * DAY_MS;
    const last = sessionOf(grid, next);
    for (let s = sessionOf(grid, previous) + 1; s >= 1 && s < last; s++) times.push(grid.days![s] * DAY_MS + offset);
    return times;
  }
  for (let s = 0; s < opens.length; s++) {
    if (closes[s] <= previous || opens[s] >= next) continue;
    const first = Math.max(0, Math.floor((previous - opens[s]) / tfMs) + 1);
    for (let k = first; opens[s] + k * tfMs < closes[s] && opens[s] + k * tfMs < next; k++) times.push(opens[s] + k * tfMs);
  }
  return times;
}

/** Daily grids: the session a bar belongs to (the one containing it, else the one of its UTC date), or -1. */
export function sessionOf(grid: SessionGrid, t: number): number {
  for (let s = 0; s < grid.opens.length; s++) if (t >= grid.opens[s] && t < grid.closes[s]) return s;
  return grid.dayToSession?.get(Math.floor(t / DAY_MS)) ?? -1;
}
