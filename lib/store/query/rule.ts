import { InvalidDataError } from "../../errors";

/** Units of a resample rule. Weeks start on Monday; months are calendar months. */
export type RuleUnit = "second" | "minute" | "hour" | "day" | "week" | "month";

/** A parsed resample rule: `count` units. */
export interface Rule {
  /** The text the user gave, e.g. "5min". */
  text: string;
  count: number;
  unit: RuleUnit;
  /** Length in microseconds for fixed-length units (all but months). */
  us: number | null;
}

const UNIT_US: Record<Exclude<RuleUnit, "month">, number> = {
  second: 1e6,
  minute: 60e6,
  hour: 3600e6,
  day: 86400e6,
  week: 7 * 86400e6,
};

/**
 * The unit spellings accepted. Case matters only between "m" (minutes) and "M" (months); pandas
 * aliases are accepted too ("T" and "min" for minutes, "H", "D", "W", "MS" for month starts).
 */
const UNITS: Record<string, RuleUnit> = {
  s: "second", S: "second", sec: "second", second: "second", seconds: "second",
  m: "minute", T: "minute", min: "minute", minute: "minute", minutes: "minute",
  h: "hour", H: "hour", hour: "hour", hours: "hour",
  d: "day", D: "day", day: "day", days: "day",
  w: "week", W: "week", week: "week", weeks: "week",
  M: "month", MS: "month", mo: "month", month: "month", months: "month",
};

const ACCEPTED = 'a count and a unit: "30s", "1m" or "1min", "5m", "1h", "4h", "1d", "1w", "1M" (months); units s/sec, m/min/T, h/H, d/D, w/W (weeks from Monday), M/MS/mo (months)';

/**
 * Parses a resample rule like "1m", "5min", "1h", "1d", "1w", "3M".
 * @throws InvalidDataError naming the rule and listing what is accepted.
 * @example parseRule("15min") // { count: 15, unit: "minute", us: 900e6, text: "15min" }
 */
export function parseRule(text: unknown): Rule {
  const m = typeof text === "string" ? /^\s*(\d*)\s*([A-Za-z]+)\s*$/.exec(text) : null;
  const unit = m ? UNITS[m[2]] : undefined;
  const count = m && m[1] !== "" ? Number(m[1]) : 1;
  if (!m || !unit || !Number.isSafeInteger(count) || count < 1) {
    throw new InvalidDataError(`QueryBuilder: resample rule ${JSON.stringify(text)} is not a rule; use ${ACCEPTED}`);
  }
  return { text: text as string, count, unit, us: unit === "month" ? null : count * UNIT_US[unit] };
}

/**
 * Parses an offset: a signed fixed-length duration such as "15min", "-30m", "9h30min", "1d", or a number of
 * milliseconds. Months are not accepted.
 * @returns the offset in microseconds.
 * @throws InvalidDataError naming the offset.
 */
export function parseOffset(value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === "string") {
    const text = value.trim();
    const sign = text.startsWith("-") ? -1 : 1;
    const body = text.replace(/^[+-]/, "");
    const parts = [...body.matchAll(/(\d+)\s*([A-Za-z]+)/g)];
    if (parts.length > 0 && parts.map((p) => p[0]).join("") === body.replace(/\s+/g, "")) {
      let us = 0;
      let ok = true;
      for (const [, n, u] of parts) {
        const unit = UNITS[u];
        if (!unit || unit === "month") ok = false;
        else us += Number(n) * UNIT_US[unit];
      }
      if (ok) return sign * us;
    }
  }
  throw new InvalidDataError(
    `QueryBuilder: resample offset ${JSON.stringify(value)} is not a duration; use e.g. "15min", "-30m", "9h30min" or milliseconds (months are not accepted)`,
  );
}
