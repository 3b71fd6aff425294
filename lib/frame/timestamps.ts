/**
 * The times the store keeps in an index, in epoch microseconds: those a signed 64-bit count of
 * nanoseconds holds, as in pandas' datetime64[ns] and ArcticDB, so every stored index reads back there:
 * 1677-09-21T00:12:43.145226Z to 2262-04-11T23:47:16.854774Z (the nearest microseconds a double holds exactly).
 */
export const MIN_INDEX_US = -9_223_372_036_854_774;
export const MAX_INDEX_US = 9_223_372_036_854_774;

/** A point in time as users give it: a Date, epoch milliseconds, or an ISO-8601 string. */
export type TimeLike = Date | number | string;

const ISO =
  /^(-?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO-8601 date or date-time to epoch microseconds. A string without a zone is taken as
 * UTC (never as the machine's local time). Returns NaN when the string is not ISO-8601.
 */
export function parseIsoUs(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return NaN;
  }
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s));
  if (new Date(ms).getUTCDate() !== day) return NaN; // 2024-02-31 and the like
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const micros = Number((frac + "000000").slice(0, 6));
  return ms * 1000 + micros;
}

/**
 * Converts a user's time to epoch microseconds: Date and numbers are epoch milliseconds (a fraction
 * carries microseconds), strings are ISO-8601. Returns NaN when the value is not a time.
 */
export function toEpochUs(value: unknown): number {
  if (value instanceof Date) return value.getTime() * 1000;
  if (typeof value === "number") return Number.isFinite(value) ? Math.round(value * 1000) : NaN;
  if (typeof value === "string") return parseIsoUs(value);
  return NaN;
}

/**
 * Converts a user's time to epoch milliseconds (microseconds in the fraction): Date and numbers as they
 * are, strings as ISO-8601. Returns NaN when the value is not a time.
 */
export function toEpochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return Number.isFinite(value) ? value : NaN;
  if (typeof value === "string") return parseIsoUs(value) / 1000;
  return NaN;
}
