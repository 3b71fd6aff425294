import { formatTimestampUs } from "../frame";

const formats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timezone: string): Intl.DateTimeFormat {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(timezone, format);
  }
  return format;
}

/**
 * A time for display: `2024-01-02 14:30:00` in UTC (milli- and microseconds when present), or the
 * local time in `timezone` followed by its UTC offset, `2024-01-02 09:30:00-05:00`, as pandas prints a
 * time-zone-aware timestamp.
 * @param ms epoch milliseconds, microseconds in the fraction (as the store returns them).
 * @param timezone an IANA zone name, already checked. @default "UTC"
 */
export function formatTime(ms: number, timezone = "UTC"): string {
  if (!Number.isFinite(ms)) return "NaT";
  const utc = formatTimestampUs(Math.round(ms * 1000)).replace("T", " ").replace(/\.000Z$|Z$/, "");
  if (timezone === "UTC") return utc;
  const parts: Record<string, string> = {};
  for (const p of zoneFormat(timezone).formatToParts(new Date(Math.floor(ms)))) parts[p.type] = p.value;
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMin = Math.round((local - Math.floor(Math.floor(ms) / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const fraction = utc.length > 19 ? utc.slice(19) : "";
  const year = parts.year.padStart(4, "0");
  return `${year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}${fraction}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
