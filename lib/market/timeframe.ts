/**
 * The one timeframe grammar of quantlab: a bar length, resample rule or offset as a trader writes it.
 * The store's resample, the bar manager, validation, sample data and the provider collectors all parse
 * timeframes here, so "5min", "5m" and "5T" mean the same everywhere and "1M" is always a month.
 */

import { QuantlabError } from "../errors";
import type { ErrorDetails } from "../errors";
/** What a timeframe counts. */
export type TimeframeUnit = "second" | "minute" | "hour" | "day" | "week" | "month" | "ticks" | "volume";

/**
 * How a bar of the timeframe ends: after a fixed number of milliseconds (`"ms"`: seconds, minutes,
 * hours), at a day's, week's or calendar month's end (or a session's, with a calendar), or after a number
 * of ticks or of traded volume.
 */
export type TimeframeKind = "ms" | "day" | "week" | "month" | "ticks" | "volume";

/** A parsed timeframe: `n` units. */
export interface Timeframe {
  /** The text it was parsed from, e.g. "5min"; bar events and spilled symbol names use it as given. */
  readonly label: string;
  /** The same timeframe in its shortest spelling, e.g. "5m" for "5min" or "5T". */
  readonly canonical: string;
  readonly n: number;
  readonly unit: TimeframeUnit;
  readonly kind: TimeframeKind;
  /** Fixed length in milliseconds (NaN for months, tick-count and volume bars). */
  readonly ms: number;
  /**
   * For months, which day a bucket is anchored on, as pandas spells it: "end" for "M" (pandas' month end,
   * buckets labelled by their last day), "start" for "MS", "mo" and "month" (labelled by the 1st). Null
   * for other units. Both are one calendar month long: "1M" is a month everywhere.
   */
  readonly anchor: "start" | "end" | null;
}

/** Raised for text that is not a timeframe (or not one the caller accepts); the message lists the accepted forms. */
export class TimeframeError extends QuantlabError {
  readonly code = "INVALID_TIMEFRAME";
  /** The value that was given, as text. */
  readonly timeframe: string;

  constructor(message: string, details: ErrorDetails & { timeframe: string }) {
    super(message, details);
    this.timeframe = details.timeframe;
  }
}

const UNIT_MS: Record<TimeframeUnit, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  month: NaN,
  ticks: NaN,
  volume: NaN,
};

const KIND: Record<TimeframeUnit, TimeframeKind> = {
  second: "ms",
  minute: "ms",
  hour: "ms",
  day: "day",
  week: "week",
  month: "month",
  ticks: "ticks",
  volume: "volume",
};

const SHORT: Record<TimeframeUnit, string> = { second: "s", minute: "m", hour: "h", day: "d", week: "w", month: "M", ticks: "t", volume: "v" };

/**
 * Every accepted spelling of a unit. Case matters only between "m" (minutes) and "M" (months); pandas'
 * aliases are accepted where they are unambiguous ("T" and "min" for minutes, "S", "H", "D", "W", and "MS"
 * for months, whose bars start on the 1st).
 */
const SPELLINGS: Record<string, TimeframeUnit> = {
  s: "second", S: "second", sec: "second", second: "second", seconds: "second",
  m: "minute", T: "minute", min: "minute", minute: "minute", minutes: "minute",
  h: "hour", H: "hour", hour: "hour", hours: "hour",
  d: "day", D: "day", day: "day", days: "day",
  w: "week", W: "week", week: "week", weeks: "week",
  M: "month", MS: "month", mo: "month", month: "month", months: "month",
  t: "ticks", tick: "ticks", ticks: "ticks",
  v: "volume", volume: "volume",
};

const FORMS: Record<TimeframeUnit, string> = {
  second: "s/S/sec",
  minute: "m/min/T",
  hour: "h/H",
  day: "d/D",
  week: "w/W",
  month: "M/MS/mo (calendar months)",
  ticks: "t (a bar every N ticks)",
  volume: "v (a bar per N of volume)",
};

const EXAMPLES: Record<TimeframeUnit, string> = {
  second: '"30s"',
  minute: '"5m" or "5min"',
  hour: '"1h"',
  day: '"1d"',
  week: '"1w"',
  month: '"1M"',
  ticks: '"100t"',
  volume: '"5000v"',
};

const ALL_UNITS: readonly TimeframeUnit[] = ["second", "minute", "hour", "day", "week", "month", "ticks", "volume"];

/** Options of {@link parseTimeframe}. */
export interface ParseTimeframeOptions {
  /** The units the caller can use; others are refused with the same error. @default every unit */
  units?: readonly TimeframeUnit[];
  /** Who is asking, for the error message, e.g. "QueryBuilder: resample rule". @default "timeframe" */
  what?: string;
}

/** The accepted forms, for error messages: a count and one of `units`. */
export function timeframeForms(units: readonly TimeframeUnit[] = ALL_UNITS): string {
  return `a count and a unit, e.g. ${units.map((u) => EXAMPLES[u]).join(", ")}; units ${units.map((u) => FORMS[u]).join(", ")}`;
}

/**
 * Parses a timeframe: an optional whole count (1 when left out, as in pandas' "D") and a unit. Volume bars
 * may have a fractional count.
 * @throws TimeframeError naming the value and listing the accepted forms.
 * @example parseTimeframe("15min") // { label: "15min", canonical: "15m", n: 15, unit: "minute", kind: "ms", ms: 900000 }
 * @example parseTimeframe("1M").unit // "month"; parseTimeframe("500t").kind // "ticks"
 */
export function parseTimeframe(text: unknown, options: ParseTimeframeOptions = {}): Timeframe {
  const units = options.units ?? ALL_UNITS;
  const match = typeof text === "string" ? /^\s*([0-9]+(?:\.[0-9]+)?)?\s*([A-Za-z]+)\s*$/.exec(text) : null;
  const unit = match && Object.prototype.hasOwnProperty.call(SPELLINGS, match[2]) ? SPELLINGS[match[2]] : undefined;
  const n = match ? (match[1] === undefined ? 1 : Number(match[1])) : NaN;
  const countOk = unit === "volume" ? n > 0 && Number.isFinite(n) : Number.isSafeInteger(n) && n >= 1;
  if (!unit || !countOk || !units.includes(unit)) {
    const given = typeof text === "string" ? JSON.stringify(text) : String(text);
    const why = unit && countOk ? ` (${unit} is not accepted here)` : "";
    throw new TimeframeError(`${options.what ?? "timeframe"} ${given} is not a timeframe${why}; use ${timeframeForms(units)}`, { timeframe: String(text) });
  }
  const anchor = unit === "month" ? (match![2] === "M" ? "end" : "start") : null;
  return Object.freeze({ label: text as string, canonical: `${n}${SHORT[unit]}`, n, unit, kind: KIND[unit], ms: n * UNIT_MS[unit], anchor });
}

/**
 * Milliseconds in a fixed-length timeframe such as "1s", "5min", "1h", "1d", "1w".
 * @throws TimeframeError for months, tick and volume bars, and anything that is not a timeframe.
 * @example timeframeMs("5min") // 300000
 */
export function timeframeMs(text: string): number {
  return parseTimeframe(text, { units: ["second", "minute", "hour", "day", "week"] }).ms;
}

/**
 * A signed fixed-length duration: "15min", "-30m", "9h30min", "1d", or a number of milliseconds. Months,
 * ticks and volume are not durations.
 * @returns milliseconds (fractions kept for sub-millisecond numbers given as such).
 * @throws TimeframeError naming the value.
 * @example parseDuration("-1h30min") // -5400000
 */
export function parseDuration(value: unknown, what = "duration"): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const text = value.trim();
    const sign = text.startsWith("-") ? -1 : 1;
    const body = text.replace(/^[+-]/, "").replace(/\s+/g, "");
    const parts = [...body.matchAll(/(\d+)([A-Za-z]+)/g)];
    if (parts.length > 0 && parts.map((p) => p[0]).join("") === body) {
      let ms = 0;
      for (const [, n, spelling] of parts) {
        const unit = Object.prototype.hasOwnProperty.call(SPELLINGS, spelling) ? SPELLINGS[spelling] : undefined;
        if (!unit || !Number.isFinite(UNIT_MS[unit])) {
          ms = NaN;
          break;
        }
        ms += Number(n) * UNIT_MS[unit];
      }
      if (Number.isFinite(ms)) return sign * ms;
    }
  }
  throw new TimeframeError(`${what} ${JSON.stringify(value)} is not a duration; use e.g. "15min", "-30m", "9h30min", "1d" or milliseconds (months are not durations)`, { timeframe: String(value) }
  );
}
