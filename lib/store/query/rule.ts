import { InvalidDataError } from "../../errors";
import { TimeframeError, parseDuration, parseTimeframe } from "../../market";

/** Units of a resample rule. Weeks end on Sunday (pandas' "W" = "W-SUN"); months are calendar months. */
export type RuleUnit = "second" | "minute" | "hour" | "day" | "week" | "month";

/** A parsed resample rule: `count` units. */
export interface Rule {
  /** The text the user gave, e.g. "5min". */
  text: string;
  count: number;
  unit: RuleUnit;
  /** Length in microseconds for fixed-length units (all but months). */
  us: number | null;
  /**
   * Weeks and months are anchored as pandas' "W", "M" and "MS": "end" for weeks (edges on Sundays) and for
   * months spelled "M" (edges on month ends), "start" for "MS"/"mo"/"month" (edges on the 1st); null for
   * seconds to days, whose edges are counted from an origin.
   */
  anchor: "start" | "end" | null;
}

const RULE_UNITS: readonly RuleUnit[] = ["second", "minute", "hour", "day", "week", "month"];

/** Runs a lib/market parser, turning its TimeframeError into the store's InvalidDataError (same message). */
function asDataError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TimeframeError) throw new InvalidDataError(error.message, { cause: error });
    throw error;
  }
}

/**
 * Parses a resample rule like "1m", "5min", "1h", "1d", "1w", "3M", in lib/market's timeframe grammar
 * (tick and volume bars are not rules).
 * @throws InvalidDataError naming the rule and listing what is accepted.
 * @example parseRule("15min") // { count: 15, unit: "minute", us: 900e6, text: "15min", anchor: null }
 */
export function parseRule(text: unknown): Rule {
  const tf = asDataError(() => parseTimeframe(text, { units: RULE_UNITS, what: "QueryBuilder: resample rule" }));
  const unit = tf.unit as RuleUnit;
  const anchor = unit === "week" ? "end" : unit === "month" ? tf.anchor : null;
  return { text: tf.label, count: tf.n, unit, us: unit === "month" ? null : tf.ms * 1000, anchor };
}

/**
 * Parses an offset: a signed fixed-length duration such as "15min", "-30m", "9h30min", "1d", or a number of
 * milliseconds. Months are not accepted.
 * @returns the offset in microseconds.
 * @throws InvalidDataError naming the offset.
 */
export function parseOffset(value: unknown): number {
  return Math.round(asDataError(() => parseDuration(value, "QueryBuilder: resample offset")) * 1000);
}
