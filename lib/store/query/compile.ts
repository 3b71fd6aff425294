import { InvalidDataError } from "../../errors";
import { INDEX_COLUMN } from "../../frame";
import { timestampSql } from "../library/readRows";
import { sqlIdent } from "../names";
import { AggOutput, aggSql } from "./aggregations";
import { compileExpr, condition, resultType } from "./exprSql";
import { compileResample } from "./resampleSql";
import { Scope, columnType, schemaError } from "./scope";
import { ORD, QueryColumn, outputSql } from "./sqlParts";
import { Step } from "./steps";

/** What a query runs over: SQL of a relation with the named columns plus the row-order column {@link ORD}. */
export interface QuerySource {
  sql: string;
  columns: QueryColumn[];
  /** True when a plain scan of `sql` returns rows in {@link ORD} order (no sort needed). */
  ordered: boolean;
  /** First and last index time in epoch microseconds (to list calendar sessions), when known. */
  bounds: [number, number] | null;
  symbol: string;
  library?: string;
}

/** A compiled query: one SELECT statement and the columns it returns. */
export interface CompiledQuery {
  sql: string;
  columns: QueryColumn[];
}

/** The chain of common table expressions a query builds, one per step. */
export class Plan {
  readonly ctes: string[] = [];
  current: string;
  columns: QueryColumn[];
  ordered: boolean;

  /** `prefix` keeps the CTE names of two plans in one statement apart (asofJoin, concat). */
  constructor(
    readonly source: QuerySource,
    readonly prefix = "",
  ) {
    this.current = `${prefix}q0`;
    this.ctes.push(`${this.current} AS (${source.sql})`);
    this.columns = source.columns;
    this.ordered = source.ordered;
  }

  scope(): Scope {
    return { symbol: this.source.symbol, library: this.source.library, columns: this.columns };
  }

  /** Adds a step's SELECT (over {@link current}) and makes it current. */
  add(sql: string, columns = this.columns, ordered = this.ordered): string {
    const name = `${this.prefix}q${this.ctes.length}`;
    this.ctes.push(`${name} AS (${sql})`);
    this.current = name;
    this.columns = columns;
    this.ordered = ordered;
    return name;
  }
}

/** Checks the index column exists for a step that needs it. */
export function requireIndex(plan: Plan, where: string): void {
  const type = plan.columns.find((c) => c.name === INDEX_COLUMN)?.type;
  if (type !== "timestamp") {
    throw schemaError(plan.scope(), `${where} needs a '${INDEX_COLUMN}' index column of times, but '${plan.source.symbol}' has ${type ? `a ${type} column of that name` : "none at this step"}`, INDEX_COLUMN);
  }
}

function rowWindow(plan: Plan, range: [number | null, number | null]): void {
  const [a, b] = range;
  const from = plan.current;
  if ((a === null || a >= 0) && (b === null || b >= 0)) {
    const offset = a ?? 0;
    const limit = b === null ? "" : ` LIMIT ${Math.max(b - offset, 0)}`;
    plan.add(`SELECT * FROM ${from} ORDER BY ${ORD}${limit} OFFSET ${offset}`, plan.columns, false);
    return;
  }
  const bound = (v: number) => (v < 0 ? `_ql_n + (${v})` : String(v));
  const terms = [a === null ? "" : `_ql_rn >= ${bound(a)}`, b === null ? "" : `_ql_rn < ${bound(b)}`].filter(Boolean).join(" AND ");
  plan.add(
    `SELECT * EXCLUDE (_ql_rn, _ql_n) FROM (SELECT *, row_number() OVER (ORDER BY ${ORD}) - 1 AS _ql_rn, count(*) OVER () AS _ql_n FROM ${from}) WHERE ${terms}`,
    plan.columns,
    false,
  );
}

function aggregations(plan: Plan, aggs: AggOutput[], where: string, taken: string[]): { sql: string[]; columns: QueryColumn[] } {
  const sql: string[] = [];
  const columns: QueryColumn[] = [];
  for (const a of aggs) {
    if (taken.includes(a.output)) throw new InvalidDataError(`QueryBuilder: ${where} makes a column '${a.output}' that is also a key; name the output with { column, agg }`);
    const s = aggSql(a, plan.scope(), where, ORD);
    sql.push(`${s.sql} AS ${sqlIdent(a.output)}`);
    columns.push({ name: a.output, type: s.type });
  }
  return { sql, columns };
}

function compileStep(plan: Plan, step: Step, n: number): void {
  const where = `step ${n} (${step.kind})`;
  const from = plan.current;
  switch (step.kind) {
    case "filter":
      plan.add(`SELECT * FROM ${from} WHERE ${condition(step.expr, plan.scope(), where)}`);
      return;
    case "apply": {
      const sql = compileExpr(step.expr, plan.scope(), `${where} '${step.name}'`);
      const type = resultType(step.expr, plan.scope(), `${where} '${step.name}'`);
      const exists = plan.columns.some((c) => c.name === step.name);
      const columns = exists ? plan.columns.map((c) => (c.name === step.name ? { name: c.name, type } : c)) : [...plan.columns, { name: step.name, type }];
      const select = exists ? `SELECT * REPLACE (${sql} AS ${sqlIdent(step.name)})` : `SELECT *, ${sql} AS ${sqlIdent(step.name)}`;
      plan.add(`${select} FROM ${from}`, columns);
      return;
    }
    case "select": {
      const columns = step.columns.map((name) => ({ name, type: columnType(plan.scope(), name, where) }));
      plan.add(`SELECT ${columns.map((c) => sqlIdent(c.name)).join(", ")}, ${ORD} FROM ${from}`, columns);
      return;
    }
    case "dateRange": {
      requireIndex(plan, where);
      const t = sqlIdent(INDEX_COLUMN);
      const terms = [step.range[0] === null ? "" : `${t} >= ${timestampSql(step.range[0])}`, step.range[1] === null ? "" : `${t} <= ${timestampSql(step.range[1])}`];
      const predicate = terms.filter(Boolean).join(" AND ");
      if (predicate) plan.add(`SELECT * FROM ${from} WHERE ${predicate}`);
      return;
    }
    case "rowRange":
      rowWindow(plan, step.range);
      return;
    case "head":
      if (step.n >= 0) plan.add(`SELECT * FROM ${from} ORDER BY ${ORD} LIMIT ${step.n}`, plan.columns, false);
      else rowWindow(plan, [0, step.n]);
      return;
    case "tail":
      if (step.n >= 0) plan.add(`SELECT * FROM (SELECT * FROM ${from} ORDER BY ${ORD} DESC LIMIT ${step.n})`, plan.columns, false);
      else rowWindow(plan, [-step.n, null]);
      return;
    case "groupBy": {
      if (!step.aggs) throw new InvalidDataError(`QueryBuilder: ${where} groupBy(${step.keys.join(", ")}) needs .agg({...}) after it`);
      const keys = step.keys.map((k) => ({ name: k, type: columnType(plan.scope(), k, where) }));
      const a = aggregations(plan, step.aggs, where, step.keys);
      const keyList = keys.map((k) => sqlIdent(k.name)).join(", ");
      const ord = keys.length === 1 ? keyList : `row(${keyList})`;
      plan.add(`SELECT ${keyList}, ${a.sql.join(", ")}, ${ord} AS ${ORD} FROM ${from} GROUP BY ${keyList}`, [...keys, ...a.columns], false);
      return;
    }
    case "resample":
      requireIndex(plan, where);
      compileResample(plan, step.spec, step.aggs, where, (aggs, taken) => aggregations(plan, aggs, where, taken));
      return;
  }
}

/**
 * Compiles a query's steps into a chain of CTEs whose last one holds the result with its stored types
 * and the row order in {@link ORD} (for embedding in a larger statement).
 */
export function compilePlan(steps: readonly Step[], source: QuerySource, prefix = ""): Plan {
  if (source.columns.some((c) => c.name.startsWith("_ql_"))) {
    const bad = source.columns.find((c) => c.name.startsWith("_ql_"))!.name;
    throw schemaError({ symbol: source.symbol, library: source.library, columns: source.columns }, `column '${bad}' uses the prefix '_ql_' that queries keep for themselves; rename it to query this symbol`, bad);
  }
  const plan = new Plan(source, prefix);
  steps.forEach((step, i) => compileStep(plan, step, i + 1));
  return plan;
}

/**
 * Compiles a query's steps into one DuckDB SELECT over `source`, checking every column, type, and
 * aggregation against the schema as it is at each step.
 * @throws SchemaError / InvalidDataError naming the step and the column, rule or aggregation at fault.
 */
export function compileQuery(steps: readonly Step[], source: QuerySource): CompiledQuery {
  const plan = compilePlan(steps, source);
  const select = plan.columns.map((c) => `${outputSql(c)} AS ${sqlIdent(c.name)}`).join(", ") || "NULL AS empty";
  const order = plan.ordered ? "" : ` ORDER BY ${ORD}`;
  return { sql: `WITH ${plan.ctes.join(", ")} SELECT ${select} FROM ${plan.current}${order}`, columns: plan.columns };
}
