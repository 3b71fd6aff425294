import { InvalidDataError } from "../../errors";
import { ColumnType, INDEX_COLUMN } from "../../frame";
import { sqlIdent } from "../names";
import { AggOutput, emptyValue } from "./aggregations";
import type { Plan } from "./compile";
import { ORD, QueryColumn, floorDiv } from "./sqlParts";
import { ResampleSpec } from "./steps";
import { Bucketing, edgeBuckets, tickBuckets } from "./timeBuckets";

/** Buckets per session are numbered below this, so (session, bucket) packs into one BIGINT. */
const PER_SESSION = 1_000_000;

const DEFAULT_AGG: Record<string, AggOutput["agg"]> = { open: "first", high: "max", low: "min", close: "last", volume: "sum" };

/** The OHLCV defaults: open first, high max, low min, close last, volume sum, any other column last. */
export function defaultAggs(columns: QueryColumn[]): AggOutput[] {
  return columns.filter((c) => c.name !== INDEX_COLUMN).map((c) => ({ output: c.name, column: c.name, agg: DEFAULT_AGG[c.name] ?? "last" }));
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
  const name = `${plan.prefix}${spec.calendar ? "cal" : "edges"}${plan.ctes.length}`;
  const wallEdges = spec.rule.anchor !== null || (spec.rule.unit === "day" && spec.timezone !== "UTC");
  const b = spec.calendar ? calendarBuckets(spec, plan.source.bounds, name) : wallEdges ? edgeBuckets(spec, from, name) : tickBuckets(spec, from);
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
