import { InvalidDataError } from "../../errors";
import { ColumnType } from "../../frame";
import { checkName, sqlIdent } from "../names";
import { Scope, columnType, schemaError } from "./scope";

/**
 * The aggregations of groupBy and resample. `first`/`last` are the first/last non-null value in row
 * order; `std` is the sample standard deviation (n - 1); `sum` of a group without a non-null value is 0
 * (pandas' rule), `mean`, `min`, `max`, `first`, `last` are null there. Every one is deterministic: see {@link aggSql}.
 */
export type AggName = "sum" | "mean" | "min" | "max" | "count" | "first" | "last" | "std";

/** All aggregation names. */
export const AGG_NAMES: readonly AggName[] = ["sum", "mean", "min", "max", "count", "first", "last", "std"];

/**
 * What to aggregate, keyed by column: one aggregation (the output keeps the column's name), several (the
 * outputs are named `<column>_<agg>`), or, keyed by the output name, `{ column, agg }`.
 * @example { size: "sum", price: ["min", "max"], vwapDenominator: { column: "size", agg: "sum" } }
 */
export type AggSpec = Record<string, AggName | readonly AggName[] | { column: string; agg: AggName }>;

/** One output column of an aggregation. */
export interface AggOutput {
  output: string;
  column: string;
  agg: AggName;
}

function checkAgg(agg: unknown, column: string): AggName {
  if (typeof agg === "string" && (AGG_NAMES as readonly string[]).includes(agg)) return agg as AggName;
  throw new InvalidDataError(
    `QueryBuilder: unknown aggregation ${JSON.stringify(agg)} for column '${column}'; use one of ${AGG_NAMES.join(", ")}`,
    { column },
  );
}

/**
 * Turns an {@link AggSpec} into output columns, in the order given.
 * @throws InvalidDataError for an unknown aggregation (naming it and the column), an empty spec or two outputs of the same name.
 */
export function normalizeAggs(spec: AggSpec): AggOutput[] {
  if (spec === null || typeof spec !== "object" || Object.keys(spec).length === 0) {
    throw new InvalidDataError("QueryBuilder: agg() needs at least one column, e.g. { close: \"last\", volume: \"sum\" }");
  }
  const out: AggOutput[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (Array.isArray(value)) {
      if (value.length === 0) throw new InvalidDataError(`QueryBuilder: agg() lists no aggregation for column '${key}'`, { column: key });
      for (const agg of value) out.push({ output: `${key}_${checkAgg(agg, key)}`, column: key, agg: checkAgg(agg, key) });
    } else if (value !== null && typeof value === "object") {
      const { column, agg } = value as { column: unknown; agg: unknown };
      if (typeof column !== "string") throw new InvalidDataError(`QueryBuilder: agg() output '${key}' needs { column, agg } with a column name`);
      out.push({ output: key, column, agg: checkAgg(agg, column) });
    } else out.push({ output: key, column: key, agg: checkAgg(value, key) });
  }
  const seen = new Set<string>();
  for (const o of out) {
    checkName("column", o.output);
    if (seen.has(o.output)) throw new InvalidDataError(`QueryBuilder: agg() makes two columns named '${o.output}'; name them with { column, agg }`);
    seen.add(o.output);
  }
  return out;
}

const NUMERIC_ONLY: AggName[] = ["sum", "mean", "std"];

/** The type an aggregation produces from a column of type `type`. */
export function aggType(agg: AggName, type: ColumnType): ColumnType {
  if (agg === "count") return "int";
  if (agg === "mean" || agg === "std") return "float";
  return type;
}

/**
 * DuckDB SQL for one aggregation over the rows of a group; `ord` is the row-order column.
 *
 * Every aggregation gives the same bits whatever DuckDB's thread scheduling: float sums and means are
 * Kahan-compensated in row order (`fsum(x ORDER BY ord)`, the summation pandas' groupby does, so they
 * equal pandas' to the bit), `std` runs Welford's update in row order (pandas' groupby `std` likewise),
 * and a float min/max of zero is the first zero in row order (so -0.0 and 0.0 do not depend on which
 * thread saw which). Integer sums and means are exact. A sum over no non-null value is 0, as in pandas.
 * Non-finite values follow IEEE arithmetic: a sum or mean with a NaN, or with both infinities, is NaN;
 * with one infinity it is that infinity (pandas 1.5's compensated sum gives NaN there).
 * @throws SchemaError for a missing column, or sum/mean/std of a column that is not a number.
 */
export function aggSql(a: AggOutput, scope: Scope, where: string, ord: string): { sql: string; type: ColumnType } {
  const type = columnType(scope, a.column, where);
  if (NUMERIC_ONLY.includes(a.agg) && type !== "float" && type !== "int") {
    throw schemaError(scope, `${where}: '${a.agg}' needs a number column, but '${a.column}' is ${type}`, a.column);
  }
  const c = sqlIdent(a.column);
  const float = type === "float";
  // The compensated sum in row order; where it is not finite (an infinity makes Kahan's correction NaN),
  // the plain sum gives IEEE's answer (NaN, or the infinity).
  const kahan = `fsum(${c} ORDER BY ${ord})`;
  const floatSum = `CASE WHEN isfinite(${kahan}) THEN ${kahan} ELSE sum(${c}) END`;
  // DuckDB's min/max keep whichever of -0.0 and 0.0 they meet first; pandas keeps the first in row order.
  const extreme = (fn: "min" | "max") => (float ? `CASE WHEN ${fn}(${c}) = 0 THEN arg_min(${c}, ${ord}) FILTER (WHERE ${c} = 0) ELSE ${fn}(${c}) END` : `${fn}(${c})`);
  const sql: Record<AggName, string> = {
    sum: float ? `coalesce(${floatSum}, 0.0)` : `coalesce(CAST(sum(${c}) AS BIGINT), 0)`,
    mean: float ? `${floatSum} / count(${c})` : `avg(${c})`,
    min: extreme("min"),
    max: extreme("max"),
    count: `count(${c})`,
    first: `arg_min(${c}, ${ord})`,
    last: `arg_max(${c}, ${ord})`,
    // DuckDB's stddev_samp fails on NaN and infinities ("out of range"); one in a group makes its deviation NaN, as in IEEE arithmetic.
    std: float
      ? `CASE WHEN count(${c}) < 2 THEN NULL WHEN bool_or(NOT isfinite(${c})) THEN CAST('NaN' AS DOUBLE) ELSE stddev_samp(CASE WHEN isfinite(${c}) THEN ${c} END ORDER BY ${ord}) END`
      : `stddev_samp(${c} ORDER BY ${ord})`,
  };
  return { sql: sql[a.agg], type: aggType(a.agg, type) };
}

/** The value an aggregation has over no rows, as SQL (for kept empty buckets): 0 for sum and count, else null. */
export function emptyValue(agg: AggName, type: ColumnType): string | null {
  if (agg === "count") return "0";
  if (agg === "sum") return type === "int" ? "0" : "0.0";
  return null;
}
