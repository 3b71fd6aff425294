import { Calendar, CalendarName, calendar as calendarByName } from "../market";

const DAY_MS = 86_400_000;

/** Where the bars of a generated series fall, and what the walk needs to know about each. */
export interface BarSlots {
  /** Bar start times, epoch ms, ascending. */
  starts: Float64Array;
  /** Position of the bar in its session (or UTC day when there is no calendar), 0 at the open to 1 at the close. */
  position: Float64Array;
  /** 1 when the market was closed just before this bar (the first bar of a session after a close), else 0. */
  afterClose: Uint8Array;
  /** Trading time in a year, ms: what annual volatility is spread over. */
  yearMs: number;
}

/** A calendar from its name or itself; undefined and "24/7" mean round the clock. */
export function resolveCalendar(cal: CalendarName | Calendar | undefined): Calendar | null {
  if (cal === undefined || cal === "24/7") return null;
  return typeof cal === "string" ? calendarByName(cal) : cal;
}

function roundTheClock(start: number, end: number, step: number): BarSlots {
  const n = Math.max(0, Math.ceil((end - start) / step));
  const starts = new Float64Array(n);
  const position = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = start + i * step;
    starts[i] = t;
    position[i] = (((t % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS;
  }
  return { starts, position, afterClose: new Uint8Array(n), yearMs: 365 * DAY_MS };
}

/**
 * Bar slots of `step` ms between `start` (inclusive) and `end` (exclusive). Without a calendar: every
 * step, round the clock. With one: intraday bars aligned to each session's open (a shorter last bar
 * before an early close), or one bar per session for daily bars, stamped at 00:00 UTC of the session's
 * trading date (how daily data is usually labelled). Longer bars with a calendar are refused.
 */
export function barSlots(start: number, end: number, step: number, cal: Calendar | null): BarSlots {
  if (!cal) return roundTheClock(start, end, step);
  if (step > DAY_MS) throw new Error(`generateBars: bars longer than a day (${step} ms) are not generated on a calendar; generate "1d" and resample`);
  const first = new Date(start - 2 * DAY_MS);
  const last = new Date(end + 2 * DAY_MS);
  const sessions = cal.sessions(first, last);
  const starts: number[] = [];
  const position: number[] = [];
  const afterClose: number[] = [];
  let tradingMs = 0;
  for (const s of sessions) {
    const open = s.open.getTime();
    const close = s.close.getTime();
    tradingMs += close - open;
    if (step === DAY_MS) {
      const label = Date.parse(`${s.date}T00:00:00Z`);
      if (label >= start && label < end) {
        starts.push(label);
        position.push(0.5);
        afterClose.push(1);
      }
      continue;
    }
    for (let t = open; t < close; t += step) {
      if (t < start || t >= end) continue;
      starts.push(t);
      position.push((t - open) / (close - open));
      afterClose.push(t === open ? 1 : 0);
    }
  }
  const days = (last.getTime() - first.getTime()) / DAY_MS;
  const yearMs = sessions.length ? (tradingMs / days) * 365 : 365 * DAY_MS;
  return { starts: Float64Array.from(starts), position: Float64Array.from(position), afterClose: Uint8Array.from(afterClose), yearMs };
}
