import { INDEX_COLUMN } from "../../frame";
import { timestampSql } from "../library/readRows";
import { sqlIdent } from "../names";
import { sqlLiteral } from "./literal";
import { floorDiv } from "./sqlParts";
import { ResampleSpec } from "./steps";

const DAY = 86_400_000_000;
const MINUTE = 60_000_000;
const HOUR = 3_600_000_000;
/** 1811-07-04, before any zone kept standard time. */
const LMT_US = -5_000_000_000_000_000;
/** 1970-01-04, the first Sunday after the epoch, is day 3: pandas' "W" (= "W-SUN") weeks end on Sundays. */
const FIRST_SUNDAY_DAY = 3;

/** How rows map to buckets: a BIGINT bucket key per row, its label, and every key between two keys. */
export interface Bucketing {
  /** SELECT over the input adding `_ql_k` (and whatever the label needs). */
  keyed: (from: string) => string;
  /** FROM clause after aggregation (`a` is the aggregated or filled relation) and the label expression. */
  labelFrom: (a: string) => string;
  label: string;
  /** SELECT of every `_ql_k` between the smallest and the largest key of relation `a`. */
  allKeys: (a: string) => string;
  /** Extra CTEs the bucketing needs (calendar sessions, bucket edges). */
  ctes: string[];
}

/** Every key from the smallest to the largest `_ql_k` of relation `a`. */
export function keyRange(a: string): string {
  return `SELECT range AS _ql_k FROM range((SELECT coalesce(min(_ql_k), 0) FROM ${a}), (SELECT coalesce(max(_ql_k), -1) FROM ${a}) + 1)`;
}

/** Wall-clock microseconds in zone `tz` (an SQL literal, or null for UTC) of the instant `us` (µs SQL). */
function wallOf(tz: string | null, us: string): string {
  return tz ? `epoch_us(timezone(${tz}, timezone('UTC', make_timestamp(${us}))))` : `(${us})`;
}

/**
 * A SELECT over `src` adding column `out`: the instant (µs) of its wall-clock column `wall` in `tz`, the
 * way pandas 1.5 localizes bucket edges (`date_range(..., ambiguous=True, nonexistent="shift_forward")`):
 * a wall time that happens twice is its first instant. One skipped by a DST change moves to the next
 * whole wall hour H, which pandas turns into an instant with the offset in force at H read as UTC when
 * the zone's first (local mean time) offset is east of UTC, and otherwise with the offset after the
 * first change following H read as UTC: the first instant after the gap in the Americas and in Paris
 * (02:30 -> 03:00 CEST), an hour later in London (01:30 -> 03:00 BST). It assumes one offset change at
 * most within a day of the time, at a whole minute, and that the change after a gap undoes it.
 */
function localized(tz: string | null, src: string, wall: string, out: string): string {
  if (!tz) return `SELECT *, ${wall} AS ${out} FROM (${src})`;
  const [oa, ob, ca, cb, va, vb] = ["oa", "ob", "ca", "cb", "va", "vb"].map((x) => `_ql_${x}_${out}`);
  const offset = (us: string) => `(${wallOf(tz, us)} - (${us}))`;
  // The offsets in force a day before and a day after give the two candidate instants.
  const l1 = `SELECT *, ${offset(`${wall} - ${DAY}`)} AS ${oa}, ${offset(`${wall} + ${DAY}`)} AS ${ob} FROM (${src})`;
  const l2 = `SELECT *, ${wall} - ${oa} AS ${ca}, ${wall} - ${ob} AS ${cb} FROM (${l1})`;
  const l3 = `SELECT *, ${wallOf(tz, ca)} = ${wall} AS ${va}, ${wallOf(tz, cb)} = ${wall} AS ${vb} FROM (${l2})`;
  // In a gap neither candidate shows the wall time; the change falls on the first minute after `cb` whose offset is the later one.
  const change = `${cb} + ${MINUTE} * (1 + len(list_filter(range(1, (${ca} - ${cb}) // ${MINUTE} + 1), m -> ${offset(`${cb} + m * ${MINUTE}`)} <> ${ob})))`;
  const hour = `((${floorDiv(wall, HOUR)}) * ${HOUR} + ${HOUR})`;
  // The zone's offset in 1811, its local mean time: the sign of pandas' first transition-table offset.
  const eastward = `${offset(String(LMT_US))} > 0`;
  const gap = `${hour} - CASE WHEN ${eastward} THEN ${offset(hour)} WHEN ${hour} < ${change} THEN ${ob} ELSE ${oa} END`;
  return `SELECT *, CASE WHEN ${va} AND ${vb} THEN least(${ca}, ${cb}) WHEN ${va} THEN ${ca} WHEN ${vb} THEN ${cb} ELSE ${gap} END AS ${out} FROM (${l3})`;
}

/** A scalar SQL expression: the instant of wall time `wall` (µs SQL over no table) in `tz`. */
function localizedScalar(tz: string | null, wall: string): string {
  return tz ? `(SELECT _ql_i FROM (${localized(tz, `SELECT ${wall} AS _ql_w`, "_ql_w", "_ql_i")}))` : `(${wall})`;
}

const zoneOf = (spec: ResampleSpec) => (spec.timezone === "UTC" ? null : sqlLiteral(spec.timezone));
const instantCol = () => `epoch_us(${sqlIdent(INDEX_COLUMN)})`;

/**
 * pandas' origin of a rule counted from an origin ("epoch", "start_day", ...) as an SQL scalar, in
 * microseconds of `clock` (the instant, or the zone's wall clock for days); `min` and `max` are SQL
 * scalars of the smallest and largest row time on that clock.
 */
function originSql(spec: ResampleSpec, min: string, max: string, clock: (us: string) => string): string {
  const o = spec.origin;
  if (o === "epoch") return "0";
  if (o === "start") return min;
  if (o === "end") return max;
  if (o === "start_day") return `((${floorDiv(min, DAY)}) * ${DAY})`;
  if (o === "end_day") return `((${floorDiv(`${max} + ${DAY - 1}`, DAY)}) * ${DAY})`;
  return clock(`epoch_us(${timestampSql(o.us)})`);
}

/**
 * pandas' day rules of 2 days or more closed right move each edge to the end of its day (`bin_edges +
 * 1 day - 1ns`, as for weeks and month ends), so a bucket holds the days after its first edge's day
 * through its last edge's day.
 */
function endOfDayEdges(spec: ResampleSpec): boolean {
  if (spec.closed !== "right") return false;
  return spec.rule.unit === "week" || (spec.rule.unit === "month" && spec.rule.anchor === "end") || (spec.rule.unit === "day" && spec.rule.count >= 2);
}

/**
 * Buckets of a fixed length in absolute time: seconds to hours (in any zone: the zone only places the
 * origin, e.g. its midnight for "start_day"), and days in UTC. Edges are origin + offset + k * rule.
 */
export function tickBuckets(spec: ResampleSpec, from: string): Bucketing {
  const f = spec.rule.us!;
  const tz = zoneOf(spec);
  const T = instantCol();
  const o = spec.origin;
  // In a zone, "epoch", "start_day" and "end_day" are midnights of its wall clock (pandas' tz-aware origins).
  const wallDays = tz !== null && (o === "epoch" || o === "start_day" || o === "end_day");
  const bound = (agg: string, us: string) => `(SELECT ${agg}(${us}) FROM ${from})`;
  const wallT = wallOf(tz, T);
  const origin = wallDays
    ? localizedScalar(tz, originSql(spec, bound("min", wallT), bound("max", wallT), (us) => wallOf(tz, us)))
    : originSql(spec, bound("min", T), bound("max", T), (us) => us);
  const shift = `(${origin} + ${spec.offsetUs})::BIGINT`;
  const lag = endOfDayEdges(spec) ? ` - ${DAY}` : spec.closed === "right" ? " - 1" : "";
  const step = spec.label === "right" ? " + 1" : "";
  return {
    keyed: (src) => `SELECT *, ${floorDiv(`${T} - ${shift}${lag}`, f)} AS _ql_k FROM ${src}`,
    labelFrom: (a) => a,
    label: `make_timestamp(${shift} + (_ql_k${step}) * ${f})`,
    allKeys: keyRange,
    ctes: [],
  };
}

/**
 * The wall-clock edges of a rule whose edges are not evenly spaced in absolute time, as SQL over the
 * one-row relation of the rows' first and last wall times (`_ql_lo`, `_ql_hi`).
 */
interface WallEdges {
  /** The first and last bucket key to list. */
  lo: string;
  hi: string;
  /** The wall time (µs) of edge `k` (an SQL expression of k). */
  edge: (k: string) => string;
}

/** Days in a zone: wall-clock edges origin + offset + k * rule (`_ql_lo`/`_ql_hi`: the rows' first and last wall times). */
function dayEdges(spec: ResampleSpec, tz: string | null): WallEdges {
  const f = spec.rule.us!;
  const base = `(${originSql(spec, "_ql_lo", "_ql_hi", (us) => wallOf(tz, us))} + ${spec.offsetUs})`;
  return {
    lo: `${floorDiv(`_ql_lo - ${base}`, f)} - 2`,
    hi: `${floorDiv(`_ql_hi - ${base}`, f)} + 2`,
    edge: (k) => `(${base} + (${k}) * ${f})`,
  };
}

/**
 * Weeks and months, anchored as pandas anchors "W", "M" and "MS": every `count`-th Sunday, month end or
 * 1st, starting from the anchor on or before the first row's day (closed left), or `count` anchors before
 * the first row's day (closed right; the anchor before that day counting as the first).
 */
function anchoredEdges(spec: ResampleSpec): WallEdges {
  const n = spec.rule.count;
  const date = (w: string) => `make_timestamp(${w})::DATE`;
  let rollback: (w: string) => string;
  let onAnchor: (w: string) => string;
  let edge: (j: string) => string;
  if (spec.rule.unit === "week") {
    const day = (w: string) => `(${floorDiv(w, DAY)} - ${FIRST_SUNDAY_DAY})`;
    rollback = (w) => `(${floorDiv(day(w), 7)})`;
    onAnchor = (w) => `(${day(w)} - 7 * ${rollback(w)} = 0)`;
    edge = (j) => `((${FIRST_SUNDAY_DAY} + 7 * (${j})) * ${DAY})`;
  } else {
    const month = (w: string) => `(year(${date(w)}) * 12 + month(${date(w)}) - 1)::BIGINT`;
    const firstOf = (j: string) => `epoch_us(make_timestamp(${floorDiv(j, 12)}, (${j}) - 12 * (${floorDiv(j, 12)}) + 1, 1, 0, 0, 0))`;
    if (spec.rule.anchor === "end") {
      onAnchor = (w) => `(${date(w)} = last_day(${date(w)}))`;
      rollback = (w) => `(${month(w)} - CASE WHEN ${onAnchor(w)} THEN 0 ELSE 1 END)`;
      edge = (j) => `(${firstOf(`(${j}) + 1`)} - ${DAY})`;
    } else {
      onAnchor = (w) => `(day(${date(w)}) = 1)`;
      rollback = month;
      edge = firstOf;
    }
  }
  const F =
    spec.closed === "left" ? rollback("_ql_lo") : `(${rollback("_ql_lo")} - ${n} + CASE WHEN ${onAnchor("_ql_lo")} THEN 0 ELSE 1 END)`;
  return {
    lo: "-2",
    hi: `${floorDiv(`${rollback("_ql_hi")} - ${F}`, n)} + 3`,
    edge: (k) => edge(`${F} + (${k}) * ${n}`),
  };
}

/**
 * Buckets whose edges are wall-clock times: days in a zone, weeks and months. The edges are listed in a
 * CTE `name`, each turned into its instant as pandas does (see {@link localized}), and every row goes to
 * the last edge at or before it (after it, closed right) by an as-of join, so buckets never overlap and
 * each is labelled by its first (or, label right, next) edge's instant, also across DST changes.
 */
export function edgeBuckets(spec: ResampleSpec, from: string, name: string): Bucketing {
  const tz = zoneOf(spec);
  const wallT = wallOf(tz, instantCol());
  const w = spec.rule.unit === "day" ? dayEdges(spec, tz) : anchoredEdges(spec);
  const endOfDay = endOfDayEdges(spec);
  // The rows' first and last wall times, computed once (every edge expression refers to them).
  const bounds = `${name}_b AS MATERIALIZED (SELECT min(${wallT}) AS _ql_lo, max(${wallT}) AS _ql_hi FROM ${from})`;
  const keys = `SELECT unnest(range(coalesce(${w.lo}, 0), coalesce(${w.hi}, -1) + 1)) AS k, _ql_lo, _ql_hi FROM ${name}_b`;
  const walls = `SELECT k AS _ql_k, ${w.edge("k")} AS _ql_wl, ${w.edge("k")}${endOfDay ? ` + ${DAY}` : ""} AS _ql_we FROM (${keys})`;
  const edges = localized(tz, localized(tz, walls, "_ql_wl", "_ql_l"), "_ql_we", "_ql_e");
  const cte = `${name} AS MATERIALIZED (SELECT _ql_k, _ql_l, _ql_e FROM (${edges}))`;
  // Edges moved to the end of their day hold the rows before them: t <= end of day, i.e. t < next midnight.
  const after = endOfDay || spec.closed === "left" ? ">=" : ">";
  const step = spec.label === "right" ? " + 1" : "";
  return {
    keyed: (src) => `SELECT d.*, e._ql_k AS _ql_k FROM ${src} d ASOF JOIN ${name} e ON epoch_us(d.${sqlIdent(INDEX_COLUMN)}) ${after} e._ql_e`,
    labelFrom: (a) => `${a} JOIN ${name} e ON e._ql_k = ${a}._ql_k${step}`,
    label: "make_timestamp(e._ql_l)",
    allKeys: keyRange,
    ctes: [bounds, cte],
  };
}
