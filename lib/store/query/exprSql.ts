import { InvalidDataError } from "../../errors";
import { ColumnType, toEpochUs } from "../../frame";
import { timestampSql } from "../library/readRows";
import { sqlIdent } from "../names";
import { ExprNode, exprText } from "./expr";
import { QueryValue, describeValue, sqlLiteral } from "./literal";
import { Scope, columnType, schemaError } from "./scope";

/** The type of an expression: a column type, "number" for a numeric literal, "null" for a null literal. */
export type ExprType = ColumnType | "number" | "null";

const isNumeric = (t: ExprType) => t === "float" || t === "int" || t === "number";

function literalType(value: QueryValue): ExprType {
  if (value === null) return "null";
  if (value instanceof Date) return "timestamp";
  switch (typeof value) {
    case "number":
    case "bigint":
      return "number";
    case "string":
      return "string";
    case "boolean":
      return "bool";
  }
  return "null";
}

/** The type an expression has in `scope`, without checking it (see {@link compileExpr}). */
export function typeOf(n: ExprNode, scope: Scope, where: string): ExprType {
  switch (n.op) {
    case "col":
      return columnType(scope, n.name, where);
    case "lit":
      return literalType(n.value);
    case "arith": {
      const l = typeOf(n.left, scope, where);
      const r = typeOf(n.right, scope, where);
      if (n.fn === "/" || l === "float" || r === "float") return "float";
      const intLike = (t: ExprType, side: ExprNode) => t === "int" || (side.op === "lit" && Number.isInteger(Number(side.value)));
      return intLike(l, n.left) && intLike(r, n.right) && (l === "int" || r === "int") ? "int" : "float";
    }
    case "abs":
      return typeOf(n.arg, scope, where) === "int" ? "int" : "float";
    default:
      return "bool";
  }
}

/** How an operand reads in a message: `column 'venue' (string)`, `5 (number)`, `(a + b) (float)`. */
function describe(n: ExprNode, type: ExprType): string {
  if (n.op === "col") return `column '${n.name}' (${type})`;
  if (n.op === "lit") return `${describeValue(n.value)} (${type === "number" ? "number" : type})`;
  return `${exprText(n)} (${type})`;
}

/** A literal as SQL of the type it is compared with: strings and numbers become times next to a timestamp. */
function literalSql(value: QueryValue, want: ExprType, where: string): string {
  if (want === "timestamp" && value !== null && !(value instanceof Date) && (typeof value === "string" || typeof value === "number")) {
    const us = toEpochUs(value);
    if (Number.isNaN(us)) {
      throw new InvalidDataError(`QueryBuilder: ${where} compares a timestamp with ${describeValue(value)}, which is not a time; use a Date, epoch milliseconds or an ISO-8601 string`);
    }
    return timestampSql(us);
  }
  return sqlLiteral(value);
}

function compatible(a: ExprType, b: ExprType, aNode: ExprNode, bNode: ExprNode): boolean {
  if (isNumeric(a) && isNumeric(b)) return true;
  if (a === b) return true;
  // A string or number literal is read as a time next to a timestamp.
  const timeLiteral = (t: ExprType, n: ExprNode) => n.op === "lit" && (t === "string" || t === "number");
  return (a === "timestamp" && timeLiteral(b, bNode)) || (b === "timestamp" && timeLiteral(a, aNode));
}

/**
 * Compiles an expression to DuckDB SQL over the quoted column names of `scope`, checking every column
 * exists and every operator gets the types it needs. `where` names the step for messages ("filter",
 * "apply 'mid'").
 * @throws SchemaError for a missing column or a type mismatch (naming the column, the value and both
 *   types); InvalidDataError for a value that cannot be a literal or an invalid regular expression.
 */
export function compileExpr(n: ExprNode, scope: Scope, where: string, want: ExprType = "null"): string {
  const sub = (x: ExprNode, w: ExprType = "null") => compileExpr(x, scope, where, w);
  switch (n.op) {
    case "col":
      columnType(scope, n.name, where);
      return sqlIdent(n.name);
    case "lit":
      return literalSql(n.value, want, where);
    case "cmp": {
      const l = typeOf(n.left, scope, where);
      const r = typeOf(n.right, scope, where);
      if (l === "null" || r === "null") {
        throw new InvalidDataError(`QueryBuilder: ${where} compares with null in ${exprText(n)}; use isNull() or notNull()`);
      }
      if (!compatible(l, r, n.left, n.right)) {
        const column = n.left.op === "col" ? n.left.name : n.right.op === "col" ? n.right.name : undefined;
        throw schemaError(scope, `${where} compares ${describe(n.left, l)} with ${describe(n.right, r)}; both sides must be numbers, strings, booleans or times alike`, column);
      }
      const op = n.cmp === "==" ? "=" : n.cmp === "!=" ? "<>" : n.cmp;
      return `(${sub(n.left, r)} ${op} ${sub(n.right, l)})`;
    }
    case "arith":
    case "abs": {
      const args = n.op === "abs" ? [n.arg] : [n.left, n.right];
      for (const a of args) {
        const t = typeOf(a, scope, where);
        if (!isNumeric(t)) {
          const what = n.op === "abs" ? "abs()" : `'${n.fn}'`;
          throw schemaError(scope, `${where}: ${what} needs numbers, but ${describe(a, t)} is not a number`, a.op === "col" ? a.name : undefined);
        }
      }
      if (n.op === "abs") return `abs(${sub(n.arg)})`;
      const left = n.fn === "/" ? `CAST(${sub(n.left)} AS DOUBLE)` : sub(n.left);
      return `(${left} ${n.fn} ${sub(n.right)})`;
    }
    case "and":
    case "or":
      if (n.args.length === 0) return n.op === "and" ? "TRUE" : "FALSE";
      return `(${n.args.map((a) => condition(a, scope, where)).join(n.op === "and" ? " AND " : " OR ")})`;
    case "not":
      return `(NOT ${condition(n.arg, scope, where)})`;
    case "null":
      return `(${sub(n.arg)} IS ${n.negate ? "NOT NULL" : "NULL"})`;
    case "in": {
      const t = typeOf(n.arg, scope, where);
      for (const v of n.values) {
        const vt = literalType(v);
        if (vt === "null") throw new InvalidDataError(`QueryBuilder: ${where}: ${exprText(n)} lists null; use isNull() / notNull() for nulls`);
        if (!compatible(t, vt, n.arg, { op: "lit", value: v })) {
          throw schemaError(scope, `${where}: ${exprText(n)} compares ${describe(n.arg, t)} with ${describe({ op: "lit", value: v }, vt)}`, n.arg.op === "col" ? n.arg.name : undefined);
        }
      }
      const arg = sub(n.arg);
      // As with a non-empty list, a null value is unknown (null) rather than in or not in the list.
      if (n.values.length === 0) return `(CASE WHEN ${arg} IS NULL THEN NULL ELSE ${n.negate ? "TRUE" : "FALSE"} END)`;
      return `(${arg} ${n.negate ? "NOT IN" : "IN"} (${n.values.map((v) => literalSql(v, t, where)).join(", ")}))`;
    }
    case "regex": {
      const t = typeOf(n.arg, scope, where);
      if (t !== "string") {
        throw schemaError(scope, `${where}: matches() needs a string, but ${describe(n.arg, t)} is not one`, n.arg.op === "col" ? n.arg.name : undefined);
      }
      try {
        new RegExp(n.pattern);
      } catch (cause) {
        throw new InvalidDataError(`QueryBuilder: ${where}: /${n.pattern}/ is not a valid regular expression`, { cause });
      }
      const options = n.flags.includes("i") ? "'i'" : "'c'";
      return `regexp_matches(${sub(n.arg)}, ${sqlLiteral(n.pattern)}, ${options})`;
    }
  }
}

/** Compiles an expression that must be a condition (true/false/null). */
export function condition(n: ExprNode, scope: Scope, where: string): string {
  const t = typeOf(n, scope, where);
  if (t !== "bool") throw schemaError(scope, `${where} needs a condition, but ${describe(n, t)} is not true/false`, n.op === "col" ? n.name : undefined);
  return compileExpr(n, scope, where);
}

/** The stored type of a derived column's value. */
export function resultType(n: ExprNode, scope: Scope, where: string): ColumnType {
  const t = typeOf(n, scope, where);
  if (t === "number") return Number.isInteger(Number((n as { value: unknown }).value)) ? "int" : "float";
  if (t === "null") throw new InvalidDataError(`QueryBuilder: ${where} is the constant null; a derived column needs a type`);
  return t;
}
