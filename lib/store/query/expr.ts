import { QueryValue, describeValue } from "./literal";

/** Comparison operators of {@link Expr}. */
export type Comparison = "==" | "!=" | "<" | "<=" | ">" | ">=";
/** Arithmetic operators of {@link Expr}. */
export type Arithmetic = "+" | "-" | "*" | "/";

/** The syntax tree behind an {@link Expr}; plain data, compiled to SQL against a symbol's schema. */
export type ExprNode =
  | { op: "col"; name: string }
  | { op: "lit"; value: QueryValue }
  | { op: "cmp"; cmp: Comparison; left: ExprNode; right: ExprNode }
  | { op: "arith"; fn: Arithmetic; left: ExprNode; right: ExprNode }
  | { op: "abs"; arg: ExprNode }
  | { op: "and" | "or"; args: ExprNode[] }
  | { op: "not"; arg: ExprNode }
  | { op: "in"; arg: ExprNode; values: QueryValue[]; negate: boolean }
  | { op: "null"; arg: ExprNode; negate: boolean }
  | { op: "regex"; arg: ExprNode; pattern: string; flags: string };

/** What an expression method takes: another expression or a plain value. */
export type Operand = Expr | QueryValue;

const node = (x: Operand): ExprNode => (x instanceof Expr ? x.node : { op: "lit", value: x });

/**
 * An immutable expression over a row's columns, for {@link QueryBuilder.filter} and
 * {@link QueryBuilder.apply}. Build one from {@link col}, then chain: each method returns a new Expr.
 * Values (numbers, strings, booleans, Dates, bigints, null) become SQL literals; a string or Date
 * compared with a timestamp column is read as a time (ISO-8601, UTC when no zone is given).
 * @example col("close").gt(100).and(col("venue").isIn(["XNYS", "ARCX"]))
 */
export class Expr {
  /** @internal */
  constructor(readonly node: ExprNode) {}

  /** Equal to (SQL `=`: false or null when either side is null). */
  eq(other: Operand): Expr {
    return this.#cmp("==", other);
  }
  /** Not equal to. */
  ne(other: Operand): Expr {
    return this.#cmp("!=", other);
  }
  /** Less than. */
  lt(other: Operand): Expr {
    return this.#cmp("<", other);
  }
  /** Less than or equal to. */
  le(other: Operand): Expr {
    return this.#cmp("<=", other);
  }
  /** Greater than. */
  gt(other: Operand): Expr {
    return this.#cmp(">", other);
  }
  /** Greater than or equal to. */
  ge(other: Operand): Expr {
    return this.#cmp(">=", other);
  }
  /** Sum (numbers only). */
  add(other: Operand): Expr {
    return this.#arith("+", other);
  }
  /** Difference (numbers only). */
  sub(other: Operand): Expr {
    return this.#arith("-", other);
  }
  /** Product (numbers only). */
  mul(other: Operand): Expr {
    return this.#arith("*", other);
  }
  /** Quotient, always a float (x / 0 is +-Infinity or NaN, as in IEEE arithmetic). */
  div(other: Operand): Expr {
    return this.#arith("/", other);
  }
  /** Absolute value (numbers only). */
  abs(): Expr {
    return new Expr({ op: "abs", arg: this.node });
  }
  /** Both this and every other condition hold. */
  and(...others: Expr[]): Expr {
    return new Expr({ op: "and", args: [this.node, ...others.map(node)] });
  }
  /** This or any other condition holds. */
  or(...others: Expr[]): Expr {
    return new Expr({ op: "or", args: [this.node, ...others.map(node)] });
  }
  /** The condition does not hold. */
  not(): Expr {
    return new Expr({ op: "not", arg: this.node });
  }
  /** The value is one of `values` (an empty list matches nothing). A null value gives null (unknown), as in SQL. */
  isIn(values: readonly QueryValue[]): Expr {
    return new Expr({ op: "in", arg: this.node, values: [...values], negate: false });
  }
  /** The value is none of `values`. A null value gives null (unknown), as in SQL: `not()` of it is null too. */
  isNotIn(values: readonly QueryValue[]): Expr {
    return new Expr({ op: "in", arg: this.node, values: [...values], negate: true });
  }
  /** The value is null (a float NaN is a value, not null). */
  isNull(): Expr {
    return new Expr({ op: "null", arg: this.node, negate: false });
  }
  /** The value is not null. */
  notNull(): Expr {
    return new Expr({ op: "null", arg: this.node, negate: true });
  }
  /**
   * The string matches the regular expression anywhere (like `RegExp.test`). DuckDB runs RE2 syntax:
   * no lookaround or backreferences. Of a RegExp's flags only `i` (ignore case) and `s` are honoured.
   */
  matches(pattern: string | RegExp): Expr {
    const source = typeof pattern === "string" ? pattern : pattern.source;
    const flags = typeof pattern === "string" ? "" : pattern.flags.replace(/[^is]/g, "");
    return new Expr({ op: "regex", arg: this.node, pattern: source, flags });
  }

  /** The expression as text, e.g. `(close > 100) AND (venue IN ("X", "Y"))`. */
  toString(): string {
    return exprText(this.node);
  }

  #cmp(cmp: Comparison, other: Operand): Expr {
    return new Expr({ op: "cmp", cmp, left: this.node, right: node(other) });
  }
  #arith(fn: Arithmetic, other: Operand): Expr {
    return new Expr({ op: "arith", fn, left: this.node, right: node(other) });
  }
}

/**
 * A column of the rows being queried, by its name.
 * @example new QueryBuilder().filter(col("close").gt(100))
 */
export function col(name: string): Expr {
  return new Expr({ op: "col", name });
}

/** A constant value as an expression (plain values are accepted wherever an Expr is, so this is rarely needed). */
export function lit(value: QueryValue): Expr {
  return new Expr({ op: "lit", value });
}

/** All conditions hold (no conditions: true). */
export function and(...conditions: Expr[]): Expr {
  return new Expr({ op: "and", args: conditions.map(node) });
}

/** Any condition holds (no conditions: false). */
export function or(...conditions: Expr[]): Expr {
  return new Expr({ op: "or", args: conditions.map(node) });
}

/** The condition does not hold. */
export function not(condition: Expr): Expr {
  return condition.not();
}

/** Readable text of an expression tree, as {@link Expr.toString} shows it. */
export function exprText(n: ExprNode): string {
  switch (n.op) {
    case "col":
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(n.name) ? n.name : JSON.stringify(n.name);
    case "lit":
      return describeValue(n.value);
    case "cmp":
    case "arith":
      return `(${exprText(n.left)} ${n.op === "cmp" ? n.cmp : n.fn} ${exprText(n.right)})`;
    case "abs":
      return `abs(${exprText(n.arg)})`;
    case "and":
    case "or":
      return n.args.length === 0 ? (n.op === "and" ? "true" : "false") : `(${n.args.map(exprText).join(n.op === "and" ? " AND " : " OR ")})`;
    case "not":
      return `NOT ${exprText(n.arg)}`;
    case "in":
      return `(${exprText(n.arg)} ${n.negate ? "NOT IN" : "IN"} [${n.values.map(describeValue).join(", ")}])`;
    case "null":
      return `(${exprText(n.arg)} IS ${n.negate ? "NOT NULL" : "NULL"})`;
    case "regex":
      return `(${exprText(n.arg)} MATCHES /${n.pattern}/${n.flags})`;
  }
}
