import { InvalidDataError } from "../../errors";
import { toEpochUs } from "../../frame";
import { Calendar, calendar as calendarByName, checkTimezone } from "../../market";
import { checkName } from "../names";
import { DateRange } from "../types";
import { AggSpec, normalizeAggs } from "./aggregations";
import { Expr } from "./expr";
import { describeValue } from "./literal";
import { Rule, parseOffset, parseRule } from "./rule";
import { planText } from "./planText";
import { ResampleOptions, ResampleSpec, Step } from "./steps";

/**
 * A query over one symbol (or table), run inside DuckDB: `lib.read(symbol, { query })`. Steps apply in
 * the order they are chained, each to the rows the previous ones left; the whole chain compiles to one
 * SQL statement over the version read, so only the result comes back to JavaScript.
 *
 * Immutable: every method returns a new QueryBuilder and leaves the one it was called on as it was, so a
 * base query can be shared and extended. Column names and types are checked against the symbol's schema
 * when the query runs (SchemaError names the step and the column).
 *
 * @example
 * const q = new QueryBuilder()
 *   .dateRange(["2024-01-02", "2024-01-31"])
 *   .filter(col("volume").gt(0))
 *   .resample("1h");                 // open first, high max, low min, close last, volume sum
 * const hourly = (await lib.read("AAPL", { query: q })).data;
 */
export class QueryBuilder {
  readonly #steps: readonly Step[];

  constructor(steps: readonly Step[] = []) {
    this.#steps = steps;
  }

  /** @internal The steps in order. */
  get steps(): readonly Step[] {
    return this.#steps;
  }

  #with(step: Step): QueryBuilder {
    return new QueryBuilder([...this.#steps, step]);
  }

  /**
   * Keeps the rows where `condition` is true (rows where it is false or null go).
   * @throws InvalidDataError when `condition` is not an Expr.
   * @example q.filter(col("close").gt(100).and(col("venue").isIn(["X", "Y"])))
   */
  filter(condition: Expr): QueryBuilder {
    if (!(condition instanceof Expr)) throw new InvalidDataError(`QueryBuilder: filter() takes an expression built with col(), got ${describeValue(condition)}`);
    return this.#with({ kind: "filter", expr: condition.node });
  }

  /**
   * Adds a derived column `name` computed per row (replaces a column of that name).
   * @throws InvalidNameError for a name that cannot be a column name; InvalidDataError when `value` is not an Expr.
   * @example q.apply("mid", col("bid").add(col("ask")).div(2))
   */
  apply(name: string, value: Expr): QueryBuilder {
    checkName("column", name);
    if (!(value instanceof Expr)) throw new InvalidDataError(`QueryBuilder: apply('${name}') takes an expression built with col(), got ${describeValue(value)}`);
    return this.#with({ kind: "apply", name, expr: value.node });
  }

  /** Keeps only these columns, in this order. @example q.select(["timestamp", "close"]) */
  select(columns: string[]): QueryBuilder {
    if (!Array.isArray(columns) || columns.length === 0) throw new InvalidDataError("QueryBuilder: select() needs a non-empty list of column names");
    return this.#with({ kind: "select", columns: columns.map((c) => checkName("column", c)) });
  }

  /**
   * Groups rows by the values of one or several columns; follow with {@link agg}. The result has one row
   * per group (null is a group of its own), the key columns first, sorted by key.
   * @example q.groupBy(["venue", "side"]).agg({ size: "sum", price: ["min", "max"] })
   */
  groupBy(keys: string | string[]): QueryBuilder {
    const list = typeof keys === "string" ? [keys] : keys;
    if (!Array.isArray(list) || list.length === 0) throw new InvalidDataError("QueryBuilder: groupBy() needs at least one column name");
    if (new Set(list).size !== list.length) throw new InvalidDataError(`QueryBuilder: groupBy() lists a column twice: ${list.join(", ")}`);
    return this.#with({ kind: "groupBy", keys: list.map((k) => checkName("column", k)), aggs: null });
  }

  /**
   * The aggregations of the preceding {@link groupBy} or {@link resample} (see {@link AggSpec} for the
   * forms and output names).
   * @throws InvalidDataError when the previous step is not groupBy/resample, or for an unknown aggregation.
   */
  agg(spec: AggSpec): QueryBuilder {
    const last = this.#steps[this.#steps.length - 1];
    if (!last || (last.kind !== "groupBy" && last.kind !== "resample")) {
      throw new InvalidDataError("QueryBuilder: agg() must follow groupBy() or resample()");
    }
    return new QueryBuilder([...this.#steps.slice(0, -1), { ...last, aggs: normalizeAggs(spec) }]);
  }

  /**
   * Resamples the rows into time buckets of `rule` ("30s", "1m"/"1min", "5m", "1h", "4h", "1d", "1w",
   * "1M" for months ending on month ends, "1MS" for months from the 1st; see {@link parseRule}), one row
   * per bucket labelled in `timestamp`. Without a following {@link agg}: open first, high max, low min,
   * close last, volume sum, and every other column last. Bucket edges and defaults are pandas 1.5's
   * `df.resample(rule)`, also in a time zone across DST changes: see {@link ResampleOptions} for closed,
   * label, offset, origin, timezone and calendar.
   * @throws InvalidDataError for an unknown rule or option value (naming it).
   * @example q.resample("1h", { closed: "right", label: "right" }).agg({ close: "last" })
   */
  resample(rule: string, options: ResampleOptions = {}): QueryBuilder {
    return this.#with({ kind: "resample", spec: resampleSpec(rule, options), aggs: null });
  }

  /** Keeps the rows whose `timestamp` lies in the inclusive range; either end may be null (open). */
  dateRange(range: DateRange): QueryBuilder {
    if (!Array.isArray(range) || range.length !== 2) throw new InvalidDataError("QueryBuilder: dateRange() takes [start, end]");
    const bound = (v: unknown) => {
      if (v === null || v === undefined) return null;
      const us = toEpochUs(v);
      if (Number.isNaN(us)) throw new InvalidDataError(`QueryBuilder: dateRange bound ${describeValue(v)} is not a time; use a Date, epoch milliseconds or an ISO-8601 string`);
      return us;
    };
    return this.#with({ kind: "dateRange", range: [bound(range[0]), bound(range[1])] });
  }

  /** Keeps rows [start, end) of the rows so far; negative numbers count from the end, null is open. */
  rowRange(range: [number | null | undefined, number | null | undefined]): QueryBuilder {
    const bound = (v: unknown) => {
      if (v === null || v === undefined) return null;
      if (!Number.isSafeInteger(v)) throw new InvalidDataError(`QueryBuilder: rowRange bound ${describeValue(v)} is not an integer`);
      return v as number;
    };
    if (!Array.isArray(range) || range.length !== 2) throw new InvalidDataError("QueryBuilder: rowRange() takes [start, end]");
    return this.#with({ kind: "rowRange", range: [bound(range[0]), bound(range[1])] });
  }

  /** The first `n` rows so far (a negative n: all but the last |n|). @default n 5 */
  head(n = 5): QueryBuilder {
    if (!Number.isSafeInteger(n)) throw new InvalidDataError(`QueryBuilder: head(${describeValue(n)}) needs an integer`);
    return this.#with({ kind: "head", n });
  }

  /** The last `n` rows so far (a negative n: all but the first |n|). @default n 5 */
  tail(n = 5): QueryBuilder {
    if (!Number.isSafeInteger(n)) throw new InvalidDataError(`QueryBuilder: tail(${describeValue(n)}) needs an integer`);
    return this.#with({ kind: "tail", n });
  }

  /**
   * The plan, one step per line, e.g.
   * ```
   * QueryBuilder
   *   1. dateRange [2024-01-02T00:00:00.000Z, open]
   *   2. filter (volume > 0)
   *   3. resample 1h closed=left label=left origin=start_day -> open=first(open), ..., volume=sum(volume)
   * ```
   */
  toString(): string {
    return planText(this.#steps);
  }
}

const oneOf = <T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T => {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new InvalidDataError(`QueryBuilder: resample option '${name}' must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${describeValue(value)}`);
};

const ORIGINS = ["epoch", "start", "start_day", "end", "end_day"] as const;

/** pandas' spelling of a week or month rule, for messages. */
const pandasAlias = (rule: Rule) => `"${rule.count > 1 ? rule.count : ""}${rule.unit === "week" ? "W" : rule.anchor === "end" ? "M" : "MS"}"`;

/** Checks and parses resample options up front; defaults are pandas' for the rule. */
function resampleSpec(ruleText: string, o: ResampleOptions): ResampleSpec {
  const rule = parseRule(ruleText);
  let origin: ResampleSpec["origin"] = "start_day";
  if (o.origin !== undefined) {
    if (typeof o.origin === "string" && (ORIGINS as readonly string[]).includes(o.origin)) origin = o.origin as ResampleSpec["origin"];
    else {
      const us = toEpochUs(o.origin);
      if (Number.isNaN(us)) {
        throw new InvalidDataError(`QueryBuilder: resample origin ${describeValue(o.origin)} must be ${ORIGINS.map((x) => `"${x}"`).join(", ")} or a time`);
      }
      origin = { us };
    }
  }
  const timezone = o.timezone ?? "UTC";
  try {
    checkTimezone(timezone);
  } catch (error) {
    throw new InvalidDataError(`QueryBuilder: resample timezone ${describeValue(timezone)} is not an IANA time zone name: ${(error as Error).message}`, { cause: error });
  }
  let cal: Calendar | null = null;
  if (o.calendar !== undefined) {
    try {
      cal = typeof o.calendar === "string" ? calendarByName(o.calendar as Parameters<typeof calendarByName>[0]) : o.calendar;
    } catch (cause) {
      throw new InvalidDataError(`QueryBuilder: resample ${(cause as Error).message}`, { cause });
    }
    if (!cal || typeof cal.sessions !== "function") throw new InvalidDataError("QueryBuilder: resample calendar must be a name like \"XNYS\" or a Calendar");
    if (!(rule.unit === "day" && rule.count === 1) && !(rule.us !== null && rule.us < 86400e6)) {
      throw new InvalidDataError(`QueryBuilder: resample rule '${rule.text}' cannot follow calendar ${cal.name}; use "1d" (one bar per session) or a rule under a day`);
    }
    if (o.origin !== undefined || o.timezone !== undefined) {
      throw new InvalidDataError(`QueryBuilder: resample with calendar ${cal.name} aligns bars to its sessions; origin and timezone do not apply`);
    }
  }
  const offsetUs = o.offset === undefined ? 0 : parseOffset(o.offset);
  if (rule.anchor !== null && !cal) {
    const anchors = rule.unit === "week" ? "Sundays" : rule.anchor === "end" ? "month ends" : "the 1st of months";
    if (offsetUs !== 0) throw new InvalidDataError(`QueryBuilder: resample rule '${rule.text}' has edges on ${anchors}, as pandas' ${pandasAlias(rule)}; offset does not apply (pandas ignores it), use a day rule such as "7d" for shifted edges`);
    if (origin !== "start_day") throw new InvalidDataError(`QueryBuilder: resample rule '${rule.text}' has edges on ${anchors}, as pandas' ${pandasAlias(rule)}; origin does not apply (pandas ignores it)`);
  }
  // pandas closes and labels right its end-anchored rules ("W", "M") and any rule counted back from "end"/"end_day".
  const rightSide = !cal && (rule.anchor === "end" || origin === "end" || origin === "end_day") ? "right" : "left";
  return {
    rule,
    closed: oneOf("closed", o.closed, ["left", "right"], rightSide),
    label: oneOf("label", o.label, ["left", "right"], rightSide),
    offsetUs,
    offsetText: o.offset === undefined ? null : String(o.offset),
    origin,
    emptyBuckets: oneOf("emptyBuckets", o.emptyBuckets, ["drop", "keep"], "drop"),
    timezone,
    calendar: cal,
  };
}
