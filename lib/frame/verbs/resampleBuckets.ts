import { parseDuration, parseTimeframe, TimeframeError } from "../../market";
import { toEpochUs } from "../timestamps";
import { FrameError } from "./FrameError";

const DAY = 86_400_000_000;
/** 1970-01-04, the first Sunday after the epoch, is day 3: pandas' "W" (= "W-SUN") weeks end on Sundays. */
const FIRST_SUNDAY_DAY = 3;
const ORIGINS = ["epoch", "start", "start_day", "end", "end_day"] as const;

/** A resample rule and its options, checked, with pandas' defaults filled in (the store's rules). */
export interface BucketSpec {
  text: string;
  count: number;
  unit: "second" | "minute" | "hour" | "day" | "week" | "month";
  /** Length in microseconds (null for months). */
  us: number | null;
  anchor: "start" | "end" | null;
  closed: "left" | "right";
  label: "left" | "right";
  offsetUs: number;
  origin: (typeof ORIGINS)[number] | { us: number };
}

/** Options {@link bucketSpec} reads (the resample options of lib/frame and of the store's QueryBuilder). */
export interface BucketOptions {
  closed?: "left" | "right";
  label?: "left" | "right";
  offset?: string | number;
  origin?: "epoch" | "start" | "start_day" | "end" | "end_day" | Date | number | string;
}

const fail = (message: string) => new FrameError(`resample: ${message}`, { code: "INVALID_OPTION" });

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw fail(`'${name}' must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${JSON.stringify(value)}`);
}

/** Parses the rule and options with the store's defaults (pandas 1.5's `df.resample(rule)`). */
export function bucketSpec(rule: string, o: BucketOptions): BucketSpec {
  let tf;
  let offsetUs = 0;
  try {
    tf = parseTimeframe(rule, { units: ["second", "minute", "hour", "day", "week", "month"], what: "resample: rule" });
    if (o.offset !== undefined) offsetUs = Math.round(parseDuration(o.offset, "resample: offset") * 1000);
  } catch (error) {
    if (error instanceof TimeframeError) throw new FrameError(error.message, { code: "INVALID_OPTION" });
    throw error;
  }
  const unit = tf.unit as BucketSpec["unit"];
  const anchor = unit === "week" ? "end" : unit === "month" ? tf.anchor : null;
  let origin: BucketSpec["origin"] = "start_day";
  if (o.origin !== undefined) {
    if (typeof o.origin === "string" && (ORIGINS as readonly string[]).includes(o.origin)) origin = o.origin as BucketSpec["origin"];
    else {
      const us = toEpochUs(o.origin);
      if (Number.isNaN(us)) throw fail(`'origin' ${JSON.stringify(o.origin)} must be ${ORIGINS.map((x) => `"${x}"`).join(", ")} or a time`);
      origin = { us };
    }
  }
  if (anchor !== null) {
    const anchors = unit === "week" ? "Sundays" : anchor === "end" ? "month ends" : "the 1st of months";
    if (offsetUs !== 0) throw fail(`rule '${rule}' has edges on ${anchors}; offset does not apply (pandas ignores it), use a day rule such as "7d" for shifted edges`);
    if (origin !== "start_day") throw fail(`rule '${rule}' has edges on ${anchors}; origin does not apply (pandas ignores it)`);
  }
  const rightSide = anchor === "end" || origin === "end" || origin === "end_day" ? "right" : "left";
  return {
    text: rule,
    count: tf.n,
    unit,
    us: unit === "month" ? null : tf.ms * 1000,
    anchor,
    closed: oneOf("closed", o.closed, ["left", "right"], rightSide),
    label: oneOf("label", o.label, ["left", "right"], rightSide),
    offsetUs,
    origin,
  };
}

const floorDiv = (a: number, b: number) => Math.floor(a / b);

/** pandas' rules of whole days closed right (weeks, month ends, 2 days or more) move each edge to the end of its day. */
function endOfDayEdges(s: BucketSpec): boolean {
  if (s.closed !== "right") return false;
  return s.unit === "week" || (s.unit === "month" && s.anchor === "end") || (s.unit === "day" && s.count >= 2);
}

/** Bucket keys of rows (µs, UTC) and the label (µs) of a key; keys ascend with time. */
export interface Bucketing {
  keyOf(us: number): number;
  labelOf(key: number): number;
}

/** The buckets of `spec` over rows whose times (µs) span [lo, hi], as the store's resample draws them in UTC. */
export function bucketing(spec: BucketSpec, lo: number, hi: number): Bucketing {
  return spec.anchor === null ? tickBucketing(spec, lo, hi) : anchoredBucketing(spec, lo, hi);
}

function tickBucketing(s: BucketSpec, lo: number, hi: number): Bucketing {
  const f = s.us!;
  const o = s.origin;
  const origin =
    o === "epoch" ? 0 : o === "start" ? lo : o === "end" ? hi : o === "start_day" ? floorDiv(lo, DAY) * DAY : o === "end_day" ? floorDiv(hi + DAY - 1, DAY) * DAY : o.us;
  const shift = origin + s.offsetUs;
  const lag = endOfDayEdges(s) ? DAY : s.closed === "right" ? 1 : 0;
  const step = s.label === "right" ? 1 : 0;
  return { keyOf: (t) => floorDiv(t - shift - lag, f), labelOf: (k) => shift + (k + step) * f };
}

/** 00:00 UTC of the first of month `j` (months counted from year 0). */
const firstOf = (j: number) => Date.UTC(floorDiv(j, 12), j - 12 * floorDiv(j, 12), 1) * 1000;

function anchoredBucketing(s: BucketSpec, lo: number, hi: number): Bucketing {
  const n = s.count;
  let rollback: (w: number) => number;
  let onAnchor: (w: number) => boolean;
  let edge: (j: number) => number;
  if (s.unit === "week") {
    const day = (w: number) => floorDiv(w, DAY) - FIRST_SUNDAY_DAY;
    rollback = (w) => floorDiv(day(w), 7);
    onAnchor = (w) => day(w) - 7 * rollback(w) === 0;
    edge = (j) => (FIRST_SUNDAY_DAY + 7 * j) * DAY;
  } else {
    const month = (w: number) => {
      const d = new Date(floorDiv(w, 1000));
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    };
    if (s.anchor === "end") {
      onAnchor = (w) => floorDiv(w, DAY) * DAY === firstOf(month(w) + 1) - DAY;
      rollback = (w) => month(w) - (onAnchor(w) ? 0 : 1);
      edge = (j) => firstOf(j + 1) - DAY;
    } else {
      onAnchor = (w) => floorDiv(w, DAY) * DAY === firstOf(month(w));
      rollback = month;
      edge = firstOf;
    }
  }
  const F = s.closed === "left" ? rollback(lo) : rollback(lo) - n + (onAnchor(lo) ? 0 : 1);
  const endOfDay = endOfDayEdges(s) ? DAY : 0;
  const inclusive = endOfDay > 0 || s.closed === "left";
  const step = s.label === "right" ? 1 : 0;
  const first = -2;
  const last = floorDiv(rollback(hi) - F, n) + 3;
  const lefts: number[] = [];
  for (let k = first; k <= last; k++) lefts.push(edge(F + k * n));
  return {
    keyOf: (t) => {
      // the last edge at or before t (before t when closed right on exact edges), by binary search
      let a = 0;
      let b = lefts.length - 1;
      let found = first - 1;
      while (a <= b) {
        const m = (a + b) >> 1;
        const e = lefts[m] + endOfDay;
        if (inclusive ? t >= e : t > e) {
          found = first + m;
          a = m + 1;
        } else b = m - 1;
      }
      return found;
    },
    labelOf: (k) => edge(F + (k + step) * n),
  };
}
