/**
 * Queries over the store, run inside DuckDB: QueryBuilder (filter, apply, groupBy/agg, resample,
 * dateRange, rowRange, head, tail), expressions (col, and, or, not), asofJoin and concat.
 */
export { QueryBuilder } from "./QueryBuilder";
export { Expr, and, col, lit, not, or } from "./expr";
export type { Arithmetic, Comparison, ExprNode, Operand } from "./expr";
export type { AggName, AggSpec } from "./aggregations";
export type { ResampleOptions } from "./steps";
export type { QueryValue } from "./literal";
export { parseRule } from "./rule";
export type { Rule, RuleUnit } from "./rule";
export { asofJoin } from "./asofJoin";
export type { AsofJoinOptions } from "./asofJoin";
export { concat } from "./concat";
export type { ConcatOptions } from "./concat";
export type { QueryInput, SymbolRef } from "./inputs";
export { queryTable } from "./queryTable";
