import { formatTimestampUs } from "../frame";
import { zoneOffsetMs } from "../market";

/**
 * A time for display: `2024-01-02 14:30:00` in UTC (milli- and microseconds when present), or the
 * local time in `timezone` followed by its UTC offset, `2024-01-02 09:30:00-05:00`, as pandas prints a
 * time-zone-aware timestamp.
 * @param ms epoch milliseconds, microseconds in the fraction (as the store returns them).
 * @param timezone an IANA zone name, already checked. @default "UTC"
 */
export function formatTime(ms: number, timezone = "UTC"): string {
  if (!Number.isFinite(ms)) return "NaT";
  const naive = (t: number) => formatTimestampUs(Math.round(t * 1000)).replace("T", " ").replace(/\.000Z$|Z$/, "");
  if (timezone === "UTC") return naive(ms);
  // The wall clock is the instant moved by the zone's offset (lib/market's zone arithmetic).
  const offsetMs = zoneOffsetMs(Math.floor(ms), timezone);
  const offsetMin = Math.round(offsetMs / 60_000);
  const abs = Math.abs(offsetMin);
  const offset = `${offsetMin < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return naive(ms + offsetMs) + offset;
}
