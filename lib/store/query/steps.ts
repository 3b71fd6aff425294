import { Calendar } from "../../market";
import { AggOutput } from "./aggregations";
import { ExprNode } from "./expr";
import { Rule } from "./rule";

/** Options of {@link QueryBuilder.resample}. */
export interface ResampleOptions {
  /**
   * Which end of a bucket belongs to it: "left" = [start, end), "right" = (start, end].
   * @default "left"
   */
  closed?: "left" | "right";
  /** Which edge labels a bucket's row: its start ("left") or its end ("right"). @default "left" */
  label?: "left" | "right";
  /**
   * Shifts every bucket edge by this duration: "15min", "-30m", "9h30min", or milliseconds. With a
   * `timezone`, day/week/month edges shift in local wall time (e.g. "17h" for FX days ending 17:00 New York).
   * @default 0
   */
  offset?: string | number;
  /**
   * What bucket edges are counted from (before the offset): "epoch" (1970-01-01 00:00, or Monday 1970-01-05
   * for week rules), "start" (the first row's time), "start_day" (midnight of the first row's day), "end"
   * (the last row's time), "end_day" (midnight after the last row's day), or a time. For month rules only
   * the month counts (it matters for rules of several months). Not allowed with a calendar.
   * @default "epoch"
   */
  origin?: "epoch" | "start" | "start_day" | "end" | "end_day" | Date | number | string;
  /**
   * Buckets without rows: "drop" them (ArcticDB's behaviour), or "keep" every bucket from the first to
   * the last one holding rows (pandas' behaviour), with sum and count 0 and other aggregations null.
   * @default "drop"
   */
  emptyBuckets?: "drop" | "keep";
  /**
   * IANA zone whose wall clock day, week and month buckets follow (so a New York day is 23 or 25 hours
   * long on DST changes). Rules under a day always cut absolute time. @default "UTC"
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
