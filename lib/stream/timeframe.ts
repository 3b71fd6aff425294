import { StreamError } from "./StreamError";

/** What a timeframe string means. */
export type TimeframeKind = "ms" | "day" | "week" | "month" | "ticks" | "volume";

/** A parsed timeframe: `n` units of `kind`; `ms` is the fixed length for "ms", "day" and "week". */
export interface Timeframe {
  /** The string it was parsed from, e.g. "5m"; used in event payloads and store symbol names. */
  readonly label: string;
  readonly kind: TimeframeKind;
  readonly n: number;
  /** Fixed length in milliseconds (NaN for months, tick-count and volume bars). */
  readonly ms: number;
}

const UNITS: Record<string, [TimeframeKind, number]> = {
  s: ["ms", 1_000],
  m: ["ms", 60_000],
  h: ["ms", 3_600_000],
  d: ["day", 86_400_000],
  w: ["week", 604_800_000],
  M: ["month", NaN],
  t: ["ticks", NaN],
  v: ["volume", NaN],
};

/**
 * Parses a bar timeframe. Units are case-sensitive: `s` seconds, `m` minutes, `h` hours, `d` days (one
 * session with a calendar), `w` weeks, `M` calendar months, `t` tick-count bars (a bar every N ticks),
 * `v` volume bars (a bar closes once its volume reaches N).
 * @throws StreamError `INVALID_TIMEFRAME` naming the string and the accepted forms.
 * @example parseTimeframe("15m") // { label: "15m", kind: "ms", n: 15, ms: 900000 }
 * @example parseTimeframe("1M").kind // "month"; parseTimeframe("500t").kind // "ticks"
 */
export function parseTimeframe(text: string): Timeframe {
  const match = typeof text === "string" ? /^([0-9]+(?:\.[0-9]+)?)(s|m|h|d|w|M|t|v)$/.exec(text) : null;
  const n = match ? Number(match[1]) : NaN;
  const unit = match ? UNITS[match[2]] : undefined;
  if (!unit || !(n > 0) || (unit[0] !== "volume" && !Number.isInteger(n))) {
    throw new StreamError(
      "INVALID_TIMEFRAME",
      `BarManager: timeframe ${JSON.stringify(text)} is not N followed by s|m|h|d|w|M|t|v with N a positive integer ` +
        `(a positive number for volume bars), e.g. "1s", "5m", "4h", "1d", "1w", "1M", "100t", "5000v"`,
      { timeframe: String(text) },
    );
  }
  const [kind, unitMs] = unit;
  return Object.freeze({ label: text, kind, n, ms: n * unitMs });
}
