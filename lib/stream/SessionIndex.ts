import type { Calendar } from "../market";

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The sessions of a calendar around the instants being looked up, as typed arrays, answering "which
 * session holds this instant" by binary search. It loads about two months of sessions at a time and only
 * reloads when an instant falls outside them, so the calendar is consulted once per window, not per tick.
 */
export class SessionIndex {
  readonly calendar: Calendar;
  opens = new Float64Array(0);
  closes = new Float64Array(0);
  dates: string[] = [];
  #cursor = -1;

  constructor(calendar: Calendar) {
    this.calendar = calendar;
  }

  /** Index of the session whose [open, close) holds `ts`, or -1 outside every session. */
  find(ts: number): number {
    const c = this.#cursor;
    if (c >= 0 && ts >= this.opens[c] && ts < this.closes[c]) return c;
    const n = this.opens.length;
    if (n === 0 || ts < this.opens[0] || ts >= this.closes[n - 1]) this.#load(ts);
    const i = this.#lastOpenAtOrBefore(ts);
    if (i >= 0 && ts < this.closes[i]) {
      this.#cursor = i;
      return i;
    }
    return -1;
  }

  /** Open of the first session opening at or after `t`. */
  nextOpen(t: number): number {
    for (let attempt = 0; attempt < 2; attempt++) {
      const i = this.#lastOpenAtOrBefore(t - 1) + 1;
      // Only an index strictly inside the window is known to be the first open at or after t.
      if (i > 0 && i < this.opens.length) return this.opens[i];
      this.#load(t);
    }
    return this.calendar.nextOpen(new Date(t - 1)).getTime();
  }

  #lastOpenAtOrBefore(ts: number): number {
    let lo = 0;
    let hi = this.opens.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.opens[mid] <= ts) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  #load(ts: number): void {
    const sessions = this.calendar.sessions(isoDay(ts - 25 * DAY), isoDay(ts + 40 * DAY));
    this.opens = Float64Array.from(sessions, (s) => s.open.getTime());
    this.closes = Float64Array.from(sessions, (s) => s.close.getTime());
    this.dates = sessions.map((s) => s.date);
    this.#cursor = -1;
  }
}
