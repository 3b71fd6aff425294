/**
 * A column of timestamps as epoch milliseconds (with microseconds in the fraction), as the store
 * returns them. It is a Float64Array, so it is fast and works wherever numbers do; `new Date(ts[i])`
 * or `ts.date(i)` gives a Date. Writing a TimestampArray back stores a timestamp column.
 */
export class TimestampArray extends Float64Array {
  /** The i-th timestamp as a Date (millisecond precision). */
  date(i: number): Date {
    return new Date(this[i]);
  }

  /** The i-th timestamp as an ISO-8601 string in UTC, with microseconds when they are not zero. */
  iso(i: number): string {
    return formatTimestampUs(Math.round(this[i] * 1000));
  }
}

/** Formats epoch microseconds as ISO-8601 UTC, keeping microseconds when present. */
export function formatTimestampUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = us - ms * 1000;
  const iso = new Date(ms).toISOString();
  return rest === 0 ? iso : iso.slice(0, -1) + String(rest).padStart(3, "0") + "Z";
}
