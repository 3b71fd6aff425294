import type { Calendar } from "../market";
import { SessionIndex } from "./SessionIndex";
import { StreamError } from "./StreamError";
import type { Timeframe } from "../market";

/**
 * Maps an exchange timestamp to the bar [start, end) that holds it. `locate` writes `start` and `end`
 * (no allocation) and returns false when the instant is outside every session of the calendar.
 * Only time-based timeframes have a bucketer; tick-count and volume bars are cut by count.
 */
export interface Bucketer {
  start: number;
  end: number;
  locate(ts: number): boolean;
  /** Locates the first bar starting at or after `t` (used to fill empty bars across a gap). */
  locateNext(t: number): boolean;
}

const DAY = 86_400_000;
/** 1970-01-01 was a Thursday; weeks start on Monday 1970-01-05 00:00 UTC. */
const MONDAY = 4 * DAY;

/** Bars of a fixed length aligned to `offset` (mod length) in UTC epoch milliseconds: floor((ts - offset) / ms). */
class FixedBuckets implements Bucketer {
  start = NaN;
  end = NaN;
  constructor(readonly ms: number, readonly offset = 0) {}
  locate(ts: number): boolean {
    const r = (ts - this.offset) % this.ms;
    this.start = ts - (r < 0 ? r + this.ms : r);
    this.end = this.start + this.ms;
    return true;
  }
  locateNext(t: number): boolean {
    this.locate(t);
    if (this.start < t) {
      this.start = this.end;
      this.end += this.ms;
    }
    return true;
  }
}

/** Calendar months in UTC, `n` at a time counted from January of year 0. */
class MonthBuckets implements Bucketer {
  start = NaN;
  end = NaN;
  constructor(readonly n: number) {}
  locate(ts: number): boolean {
    const d = new Date(ts);
    const index = d.getUTCFullYear() * 12 + d.getUTCMonth();
    const first = index - (index % this.n);
    this.start = Date.UTC(Math.floor(first / 12), first % 12, 1);
    this.end = Date.UTC(Math.floor((first + this.n) / 12), (first + this.n) % 12, 1);
    return true;
  }
  locateNext(t: number): boolean {
    this.locate(t);
    if (this.start < t) this.locate(this.end);
    return true;
  }
}

/** Intraday bars aligned to each session's open; the last bar of a session ends at the close. */
class SessionIntradayBuckets implements Bucketer {
  start = NaN;
  end = NaN;
  constructor(readonly sessions: SessionIndex, readonly ms: number) {}
  locate(ts: number): boolean {
    const i = this.sessions.find(ts);
    if (i < 0) return false;
    const open = this.sessions.opens[i];
    this.start = open + Math.floor((ts - open) / this.ms) * this.ms;
    this.end = Math.min(this.start + this.ms, this.sessions.closes[i]);
    return true;
  }
  locateNext(t: number): boolean {
    if (this.sessions.find(t) < 0) return this.locate(this.sessions.nextOpen(t));
    this.locate(t);
    if (this.start < t) return this.locateNext(this.end);
    return true;
  }
}

/**
 * Bars made of whole sessions grouped by a key of the session's trading date: one session ("1d"), the
 * sessions of a Monday-to-Sunday week ("1w"), of a calendar month ("1M", in the exchange's zone).
 * A bar runs from the first session's open to the last session's close.
 */
class SessionGroupBuckets implements Bucketer {
  start = NaN;
  end = NaN;
  #key = "";
  constructor(readonly sessions: SessionIndex, readonly calendar: Calendar, readonly unit: "day" | "week" | "month", readonly n: number) {}
  locate(ts: number): boolean {
    const i = this.sessions.find(ts);
    if (i < 0) return false;
    if (this.unit === "day") {
      this.start = this.sessions.opens[i];
      this.end = this.sessions.closes[i];
      return true;
    }
    const [from, to] = this.#range(this.sessions.dates[i]);
    const key = from + to;
    if (key !== this.#key) {
      const group = this.calendar.sessions(from, to);
      this.start = group[0].open.getTime();
      this.end = group[group.length - 1].close.getTime();
      this.#key = key;
    }
    return true;
  }
  locateNext(t: number): boolean {
    return this.sessions.find(t) >= 0 && this.locate(t) && this.start >= t ? true : this.locate(this.sessions.nextOpen(t));
  }
  /** First and last calendar dates of the week or month group holding `date`. */
  #range(date: string): [string, string] {
    const day = Date.parse(date + "T00:00:00Z");
    if (this.unit === "week") {
      const monday = day - ((((day / DAY + 3) % 7) + 7) % 7) * DAY;
      return [iso(monday), iso(monday + 6 * DAY)];
    }
    const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
    const first = index - (index % this.n);
    return [iso(Date.UTC(Math.floor(first / 12), first % 12, 1)), iso(Date.UTC(Math.floor((first + this.n) / 12), (first + this.n) % 12, 1) - DAY)];
  }
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The bucketer of a time-based timeframe. Without a calendar: UTC epoch alignment, floor(ts / length)
 * for s/m/h/d, weeks from Monday 00:00 UTC, UTC calendar months. With a calendar: intraday bars aligned
 * to each session's open (the last one cut at the close), "1d" = one session, "1w" = the sessions of a
 * Monday–Sunday week, "NM" = the sessions of N calendar months (trading dates in the exchange's zone).
 * @throws StreamError `INVALID_TIMEFRAME` for "Nd" or "Nw" with N > 1 together with a calendar.
 */
export function makeBucketer(tf: Timeframe, sessions?: SessionIndex): Bucketer {
  if (tf.kind === "ticks" || tf.kind === "volume") {
    throw new StreamError(`BarManager: timeframe '${tf.label}' is not time-based`, { code: "INVALID_TIMEFRAME", timeframe: tf.label });
  }
  if (!sessions) {
    if (tf.kind === "month") return new MonthBuckets(tf.n);
    return new FixedBuckets(tf.ms, tf.kind === "week" ? MONDAY : 0);
  }
  if (tf.kind === "ms") return new SessionIntradayBuckets(sessions, tf.ms);
  if (tf.kind !== "month" && tf.n !== 1) {
    throw new StreamError(`BarManager: timeframe '${tf.label}' with a calendar is not supported; use "1${tf.kind === "day" ? "d" : "w"}" (bars follow sessions)`, { code: "INVALID_TIMEFRAME", timeframe: tf.label }
    );
  }
  return new SessionGroupBuckets(sessions, sessions.calendar, tf.kind, tf.n);
}
