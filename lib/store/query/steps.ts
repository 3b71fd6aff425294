import { Calendar } from "../../market";
import { AggOutput } from "./aggregations";
import { ExprNode } from "./expr";
import { Rule } from "./rule";

/**
 * Options of {@link QueryBuilder.resample}. Every default is pandas 1.5's `df.resample(rule)` default for
 * the rule, so code ported from pandas gives pandas' answer (docs/queries.md, "Resampling", lists the deliberate
 * departures).
 */
export interface ResampleOptions {
  /**
   * Which end of a bucket belongs to it: "left" = [start, end), "right" = (start, end]. As in pandas, a
   * "right" week ("W") or month-end ("M") bucket holds whole days: Monday 00:00 to Sunday 23:59:59.999999
   * for a week ending Sunday (and, for day rules of 2 days or more, the days after the first edge's day
   * through the last edge's day).
   * @default "right" for week rules, month-end rules ("M") and origin "end"/"end_day"; "left" otherwise
   */
  closed?: "left" | "right";
  /**
   * Which edge labels a bucket's row: its start ("left") or its end ("right").
   * @default "right" for week rules, month-end rules ("M") and origin "end"/"end_day"; "left" otherwise
   */
  label?: "left" | "right";
  /**
   * Shifts every bucket edge by this duration: "15min", "-30m", "9h30min", or milliseconds. With a
   * `timezone`, day edges shift in local wall time (e.g. "17h" for FX days ending 17:00 New York). Refused
   * for week and month rules, whose edges are Sundays and month ends or starts (pandas ignores it there).
   * @default 0
   */
  offset?: string | number;
  /**
   * What bucket edges of second-to-day rules are counted from (before the offset): "start_day" (midnight
   * of the first row's day), "epoch" (1970-01-01 00:00), "start" (the first row's time), "end" (the last
   * row's time), "end_day" (midnight after the last row's day), or a time. With a `timezone`, midnights are
   * the zone's. Week and month rules are anchored as pandas' "W", "M" and "MS" (the first bucket holds the
   * first row's day) and refuse any other origin. Not allowed with a calendar.
   * @default "start_day" (pandas' default)
   */
  origin?: "epoch" | "start" | "start_day" | "end" | "end_day" | Date | number | string;
  /**
   * Buckets without rows: "drop" them (ArcticDB's behaviour), or "keep" every bucket from the first to
   * the last one holding rows (pandas' behaviour), with sum and count 0 and other aggregations null.
   * @default "drop"
   */
  emptyBuckets?: "drop" | "keep";
  /**
   * IANA zone of the wall clock: day, week and month buckets follow it (a New York day is 23 or 25 hours
   * long on DST changes), and the midnights of origins "start_day", "end_day" and "epoch" are its own (so
   * hourly buckets in Asia/Kolkata start at half past UTC hours), as pandas does with a tz-aware index.
   * An edge on a wall time that happens twice is its first instant; one on a skipped wall time moves
   * forward as pandas moves it (to the first instant after the gap, or in London an hour later). Buckets
   * never overlap, and each label is its edge's instant.
   * @default "UTC"
   */
  timezone?: string;
  /**
   * An exchange calendar (a name such as "XNYS", or a Calendar from `calendar()`): rows outside its
   * sessions are dropped; with "1d" each session is one bar (labelled by its trading date at 00:00 UTC,
   * as vendors stamp daily bars); with a rule under a day, bars start at each session's open and the
   * last bar of a session ends at its close. Other rules are refused with a calendar.
   */
  calendar?: string | Calendar;
}

/** A resample step with its options checked and parsed. */
export interface ResampleSpec {
  rule: Rule;
  closed: "left" | "right";
  label: "left" | "right";
  offsetUs: number;
  offsetText: string | null;
  origin: "epoch" | "start" | "start_day" | "end" | "end_day" | { us: number };
  emptyBuckets: "drop" | "keep";
  timezone: string;
  calendar: Calendar | null;
}

/** One step of a query, applied to the rows the previous steps left. */
export type Step =
  | { kind: "filter"; expr: ExprNode }
  | { kind: "apply"; name: string; expr: ExprNode }
  | { kind: "select"; columns: string[] }
  | { kind: "groupBy"; keys: string[]; aggs: AggOutput[] | null }
  | { kind: "resample"; spec: ResampleSpec; aggs: AggOutput[] | null }
  | { kind: "dateRange"; range: [number | null, number | null] }
  | { kind: "rowRange"; range: [number | null, number | null] }
  | { kind: "head"; n: number }
  | { kind: "tail"; n: number };
