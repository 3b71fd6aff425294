import { formatTimestampUs } from "../../frame";

/** Epoch milliseconds (microseconds in the fraction) as ISO-8601 UTC, with microseconds when present. */
export function isoTime(ms: number): string {
  return formatTimestampUs(Math.round(ms * 1000));
}
