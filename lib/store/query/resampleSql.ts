import { InvalidDataError } from "../../errors";
import { ColumnType, INDEX_COLUMN } from "../../frame";
import { timestampSql } from "../library/readRows";
import { sqlIdent } from "../names";
import { AggOutput, emptyValue } from "./aggregations";
import type { Plan } from "./compile";
import { sqlLiteral } from "./literal";
import { ORD, QueryColumn, floorDiv } from "./sqlParts";
import { ResampleSpec } from "./steps";

const DAY_US = 86_400_000_000;
/** 1970-01-05, the first Monday after the epoch: week buckets start on Mondays. */
const FIRST_MONDAY_US = 4 * DAY_US;
/** Month number (year * 12 + month - 1) of January 1970. */
const EPOCH_MONTH = 1970 * 12;
/** Buckets per session are numbered below this, so (session, bucket) packs into one BIGINT. */
const PER_SESSION = 1_000_000;

const DEFAULT_AGG: Record<string, AggOutput["agg"]> = { open: "first", high: "max", low: "min", close: "last", volume: "sum" };

/** The OHLCV defaults: open first, high max, low min, close last, volume sum, any other column last. */
export function defaultAggs(columns: QueryColumn[]): AggOutput[] {
  return columns.filter((c) => c.name !== INDEX_COLUMN).map((c) => ({ output: c.name, column: c.name, agg: DEFAULT_AGG[c.name] ?? "last" }));
}

/** How rows map to buckets: a BIGINT bucket key per row, its label, and every key between two keys. */
interface Bucketing {
  /** SELECT over the input adding `_ql_k` (and whatever the label needs). */
  keyed: (from: string) => string;
  /** FROM clause after aggregation (`a` is the aggregated or filled relation) and the label expression. */
  labelFrom: (a: string) => string;
  label: string;
  /** SELECT of every `_ql_k` between the smallest and the largest key of relation `a`. */
  allKeys: (a: string) => string;
  /** Extra CTEs the bucketing needs (calendar sessions). */
  ctes: string[];
}

function keyRange(a: string): string {
  return `SELECT range AS _ql_k FROM range((SELECT coalesce(min(_ql_k), 0) FROM ${a}), (SELECT coalesce(max(_ql_k), -1) FROM ${a}) + 1)`;
}

/** Fixed-length buckets (seconds to weeks), in absolute time or, for days and weeks, in a zone's wall time. */
function fixedBuckets(spec: ResampleSpec, from: string): Bucketing {
  const f = spec.rule.us!;
  const tz = spec.timezone === "UTC" ? null : sqlLiteral(spec.timezone);
  if (tz && f < DAY_US) {
    throw new InvalidDataError(`QueryBuilder: resample timezone applies to rules of a day or longer; '${spec.rule.text}' buckets cut absolute time (shift them with offset)`);
  }
  const T = sqlIdent(INDEX_COLUMN);
  const wall = (ts: string) => (tz ? `epoch_us(timezone(${tz}, timezone('UTC', ${ts})))` : `epoch_us(${ts})`);
  const instant = (us: string) => (tz ? `timezone('UTC', timezone(${tz}, make_timestamp(${us})))` : `make_timestamp(${us})`);
  const o = spec.origin;
  const origin =
    o === "epoch"
      ? String(spec.rule.unit === "week" ? FIRST_MONDAY_US : 0)
      : o === "start"
        ? `(SELECT min(${wall(T)}) FROM ${from})`
        : o === "end"
          ? `(SELECT max(${wall(T)}) FROM ${from})`
          : o === "start_day"
            ? `(SELECT (${floorDiv(`min(${wall(T)})`, DAY_US)}) * ${DAY_US} FROM ${from})`
            : o === "end_day"
              ? `(SELECT (${floorDiv(`max(${wall(T)}) + ${DAY_US - 1}`, DAY_US)}) * ${DAY_US} FROM ${from})`
              : wall(timestampSql(o.us));
  const shift = `(${origin} + ${spec.offsetUs})::BIGINT`;
  const right = spec.closed === "right" ? " - 1" : "";
  const step = spec.label === "right" ? " + 1" : "";
  return {
    keyed: (src) => `SELECT *, ${floorDiv(`${wall(T)} - ${shift}${right}`, f)} AS _ql_k FROM ${src}`,
    labelFrom: (a) => a,
    label: instant(`${shift} + (_ql_k${step}) * ${f}`),
    allKeys: keyRange,
    ctes: [],
  };
}

/** Calendar months (n months per bucket), in UTC or a zone's wall time. */
function monthBuckets(spec: ResampleSpec, from: string): Bucketing {
  const n = spec.rule.count;
  const tz = spec.timezone === "UTC" ? null : sqlLiteral(spec.timezone);
  const T = sqlIdent(INDEX_COLUMN);
  const wall = (ts: string) => (tz ? `timezone(${tz}, timezone('UTC', ${ts}))` : ts);
  const instant = (ts: string) => (tz ? `timezone('UTC', timezone(${tz}, ${ts}))` : ts);
  const shifted = (ts: string, extraUs: number) => {
    const us = spec.offsetUs + extraUs;
    return us === 0 ? wall(ts) : `(${wall(ts)} - to_microseconds(${us}::BIGINT))`;
  };
  const month = (w: string) => `(year(${w}) * 12 + month(${w}) - 1)::BIGINT`;
  const o = spec.origin;
  const origin =
    o === "epoch"
      ? String(EPOCH_MONTH)
      : o === "start" || o === "start_day"
        ? `(SELECT min(${month(shifted(T, 0))}) FROM ${from})`
        : o === "end" || o === "end_day"
          ? `(SELECT max(${month(shifted(T, 0))}) FROM ${from})`
          : month(shifted(timestampSql(o.us), 0));
  const m = month(shifted(T, spec.closed === "right" ? 1 : 0));
  const idx = `(${origin} + (_ql_k${spec.label === "right" ? " + 1" : ""}) * ${n})`;
  const year = `(${floorDiv(idx, 12)})`;
  const start = `make_timestamp(${year}, ${idx} - 12 * ${year} + 1, 1, 0, 0, 0)`;
  const withOffset = spec.offsetUs === 0 ? start : `(${start} + to_microseconds(${spec.offsetUs}::BIGINT))`;
  return {
    keyed: (src) => `SELECT *, ${floorDiv(`${m} - ${origin}`, n)} AS _ql_k FROM ${src}`,
    labelFrom: (a) => a,
    label: instant(withOffset),
    allKeys: keyRange,
    ctes: [],
  };
}

/** One bucket per exchange session ("1d"), or buckets of a rule under a day counted from each session's open. */
function calendarBuckets(spec: ResampleSpec, bounds: [number, number] | null, name: string): Bucketing {
  const cal = spec.calendar!;
  if (spec.offsetUs !== 0) throw new InvalidDataError(`QueryBuilder: resample with calendar ${cal.name} aligns bars to session opens; offset does not apply`);
  const sessions = bounds ? cal.sessions(new Date(bounds[0] / 1000 - 2 * 86_400_000), new Date(bounds[1] / 1000 + 2 * 86_400_000)) : [];
  const rows = sessions.map((s, i) => `(${i}, ${s.open.getTime() * 1000}, ${s.close.getTime() * 1000}, ${Date.parse(s.date + "T00:00:00Z") * 1000})`);
  const values = rows.length ? `VALUES ${rows.join(", ")}` : "SELECT 0 AS col0, 0 AS col1, 0 AS col2, 0 AS col3 WHERE false";
  const cte = `${name} AS (SELECT col0::BIGINT AS _ql_s, col1::BIGINT AS _ql_open, col2::BIGINT AS _ql_close, col3::BIGINT AS _ql_day FROM (${values}))`;
  const T = `epoch_us(d.${sqlIdent(INDEX_COLUMN)})`;
  const join = spec.closed === "left" ? `${T} >= s._ql_open` : `${T} > s._ql_open`;
  const inside = spec.closed === "left" ? `${T} < s._ql_close` : `${T} <= s._ql_close`;
  const joined = (src: string) => `FROM ${src} d ASOF JOIN ${name} s ON ${join} WHERE ${inside}`;
  const labelFrom = (a: string) => `${a} JOIN ${name} s ON s._ql_s = ${floorDiv(`${a}._ql_k`, PER_SESSION)}`;
  if (spec.rule.unit === "day") {
    return {
      keyed: (src) => `SELECT d.*, s._ql_s * ${PER_SESSION} AS _ql_k ${joined(src)}`,
      labelFrom,
      label: spec.label === "left" ? "make_timestamp(s._ql_day)" : "make_timestamp(s._ql_close)",
      allKeys: (a) => `SELECT _ql_s * ${PER_SESSION} AS _ql_k FROM ${name} WHERE _ql_s * ${PER_SESSION} BETWEEN (SELECT min(_ql_k) FROM ${a}) AND (SELECT max(_ql_k) FROM ${a})`,
      ctes: [cte],
    };
  }
  const f = spec.rule.us!;
  const j = `(${T} - s._ql_open${spec.closed === "right" ? " - 1" : ""}) // ${f}`;
  const jOf = (k: string) => `(${k} - s._ql_s * ${PER_SESSION})`;
  return {
    keyed: (src) => `SELECT d.*, s._ql_s * ${PER_SESSION} + ${j} AS _ql_k ${joined(src)}`,
    labelFrom,
    label:
      spec.label === "left"
        ? `make_timestamp(s._ql_open + ${jOf("_ql_k")} * ${f})`
        : `make_timestamp(least(s._ql_open + (${jOf("_ql_k")} + 1) * ${f}, s._ql_close))`,
    allKeys: (a) =>
      `SELECT _ql_k FROM (SELECT _ql_s * ${PER_SESSION} + unnest(range(0, (_ql_close - _ql_open + ${f - 1}) // ${f})) AS _ql_k FROM ${name}) ` +
      `WHERE _ql_k BETWEEN (SELECT min(_ql_k) FROM ${a}) AND (SELECT max(_ql_k) FROM ${a})`,
    ctes: [cte],
  };
}

/**
 * Adds a resample step to `plan`: rows are keyed by bucket, aggregated per bucket, empty buckets filled
 * when kept, and each bucket labelled in `timestamp`, ordered by time.
 */
export function compileResample(
  plan: Plan,
  spec: ResampleSpec,
  aggs: AggOutput[] | null,
  where: string,
  aggregate: (aggs: AggOutput[], taken: string[]) => { sql: string[]; columns: QueryColumn[] },
): void {
  const outputs = aggs ?? defaultAggs(plan.columns);
  if (outputs.length === 0) throw new InvalidDataError(`QueryBuilder: ${where} has no column to aggregate besides '${INDEX_COLUMN}'`);
  const from = plan.current;
  const b = spec.calendar ? calendarBuckets(spec, plan.source.bounds, `${plan.prefix}cal${plan.ctes.length}`) : spec.rule.unit === "month" ? monthBuckets(spec, from) : fixedBuckets(spec, from);
  const a = aggregate(outputs, [INDEX_COLUMN]);
  for (const cte of b.ctes) plan.ctes.push(cte);
  const keyed = plan.add(b.keyed(from));
  let grouped = plan.add(`SELECT _ql_k, ${a.sql.join(", ")} FROM ${keyed} GROUP BY _ql_k`);
  const types = new Map<string, ColumnType>(a.columns.map((c) => [c.name, c.type]));
  if (spec.emptyBuckets === "keep") {
    const fills = outputs.map((o) => {
      const empty = emptyValue(o.agg, types.get(o.output)!);
      const c = `${grouped}.${sqlIdent(o.output)}`;
      return `${empty === null ? c : `CASE WHEN ${grouped}._ql_k IS NULL THEN ${empty} ELSE ${c} END`} AS ${sqlIdent(o.output)}`;
    });
    const keys = plan.add(b.allKeys(grouped));
    grouped = plan.add(`SELECT ${keys}._ql_k AS _ql_k, ${fills.join(", ")} FROM ${keys} LEFT JOIN ${grouped} ON ${grouped}._ql_k = ${keys}._ql_k`);
  }
  const columns: QueryColumn[] = [{ name: INDEX_COLUMN, type: "timestamp" }, ...a.columns];
  const outs = a.columns.map((c) => `${grouped}.${sqlIdent(c.name)}`).join(", ");
  plan.add(`SELECT ${b.label} AS ${sqlIdent(INDEX_COLUMN)}, ${outs}, ${grouped}._ql_k AS ${ORD} FROM ${b.labelFrom(grouped)}`, columns, false);
}
