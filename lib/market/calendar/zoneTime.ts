import { dayNumber, formatDay } from "./civilDate";

/**
 * Conversions between instants and wall-clock time in an IANA zone. Offsets come from the platform's
 * time-zone database through `Intl.DateTimeFormat`; nothing here knows any DST rule itself.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(epochMs: number, timezone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(epochMs)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    hour: fields.hour,
    minute: fields.minute,
    second: fields.second,
  };
}

/** Offset of the zone from UTC at an instant, in ms (local wall time minus UTC; -4 h for New York in summer). */
export function zoneOffsetMs(epochMs: number, timezone: string): number {
  const w = wallClock(epochMs, timezone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant at which the wall clock in `timezone` shows `minutes` after midnight of civil day `day`
 * (a day number). `minutes` may be negative or exceed a day (e.g. -360 is 18:00 the day before).
 * An ambiguous wall time (the repeated hour when clocks fall back) resolves to its first occurrence; a wall
 * time skipped when clocks spring forward resolves one hour earlier on the wall (02:30 → 01:30 standard time).
 * No built-in calendar opens or closes inside either hour.
 */
export function zonedInstant(day: number, minutes: number, timezone: string): Date {
  const wallAsUtc = day * 86_400_000 + minutes * 60_000;
  const firstGuess = wallAsUtc - zoneOffsetMs(wallAsUtc, timezone);
  const offset = zoneOffsetMs(firstGuess, timezone);
  return new Date(wallAsUtc - offset);
}

/** Civil day number of an instant in `timezone`. */
export function dayInZone(instant: Date, timezone: string): number {
  const w = wallClock(instant.getTime(), timezone);
  return dayNumber(w.year, w.month, w.day);
}

/** `YYYY-MM-DD` of an instant in `timezone`. */
export function dateInZone(instant: Date, timezone: string): string {
  return formatDay(dayInZone(instant, timezone));
}
