import { InvalidDataError, SchemaError } from "../../errors";
import { INDEX_COLUMN, Table } from "../../frame";
import { sqlIdent } from "../names";
import type { Plan } from "./compile";
import { QueryInput, runOverInputs } from "./inputs";
import { describeValue } from "./literal";
import { parseOffset } from "./rule";
import { ORD, QueryColumn, outputSql } from "./sqlParts";

/** Options of {@link asofJoin}. */
export interface AsofJoinOptions {
  /** The column both sides are ordered by and matched on (times or numbers). @default "timestamp" */
  on?: string;
  /** Columns whose values must be equal for rows to match (e.g. the symbol). @default none */
  by?: string | string[];
  /**
   * Largest distance between matched `on` values: milliseconds or a duration like "5min" for times, a
   * number for numeric columns. Farther matches leave the right columns null. @default no limit
   */
  tolerance?: number | string;
  /**
   * Which right row a left row takes: "backward" the last at or before it, "forward" the first at or
   * after it, "nearest" the closer of those two (the earlier one on a tie). @default "backward"
   */
  direction?: "backward" | "forward" | "nearest";
  /** Appended to right column names that the left side has too. @default "_right" */
  suffix?: string;
}

const DIRECTIONS = ["backward", "forward", "nearest"] as const;

/**
 * Lines each row of `left` up with one row of `right` by time (pandas' merge_asof, DuckDB's ASOF JOIN):
 * every left row is kept, in its order, with the right row's other columns beside it (null when none
 * matches). Inputs are Tables or `{ library, symbol, asOf?, query? }`; symbols of one library are joined
 * inside its DuckDB file without being read into JavaScript first. With duplicate `on` values on the
 * right, which of them matches is not specified.
 * @throws SchemaError when `on` or a `by` column is missing on a side or the types differ;
 *   InvalidDataError for a bad direction or tolerance.
 * @example
 * const quotes = { library: lib, symbol: "QUOTES" };
 * const joined = await asofJoin({ library: lib, symbol: "TRADES" }, quotes, { by: "ticker", tolerance: "2s" });
 */
export async function asofJoin(left: QueryInput, right: QueryInput, options: AsofJoinOptions = {}): Promise<Table> {
  const on = options.on ?? INDEX_COLUMN;
  const by = options.by === undefined ? [] : typeof options.by === "string" ? [options.by] : options.by;
  const direction = options.direction ?? "backward";
  const suffix = options.suffix ?? "_right";
  if (!(DIRECTIONS as readonly string[]).includes(direction)) {
    throw new InvalidDataError(`asofJoin: direction must be "backward", "forward" or "nearest", got ${describeValue(direction)}`);
  }
  const fail = (plan: Plan, message: string, column: string) =>
    new SchemaError(`asofJoin: ${message}`, { library: plan.source.library, symbol: plan.source.symbol, column });
  return runOverInputs([left, right], "asofJoin", ([l, r]) => {
    const type = (plan: Plan, name: string, side: string) => {
      const found = plan.columns.find((c) => c.name === name);
      if (!found) throw fail(plan, `the ${side} side has no column '${name}'; it has ${plan.columns.map((c) => `'${c.name}'`).join(", ")}`, name);
      return found.type;
    };
    const onType = type(l, on, "left");
    const numeric = (t: string) => t === "int" || t === "float";
    if (type(r, on, "right") !== onType && !(numeric(onType) && numeric(type(r, on, "right")))) {
      throw fail(r, `column '${on}' is ${onType} on the left but ${type(r, on, "right")} on the right`, on);
    }
    if (onType !== "timestamp" && !numeric(onType)) throw fail(l, `'on' column '${on}' must hold times or numbers, not ${onType}`, on);
    for (const b of by) {
      if (type(l, b, "left") !== type(r, b, "right")) throw fail(r, `'by' column '${b}' is ${type(l, b, "left")} on the left but ${type(r, b, "right")} on the right`, b);
    }
    let tolerance: number | null = null;
    if (options.tolerance !== undefined) {
      tolerance = onType === "timestamp" ? parseOffset(options.tolerance) : typeof options.tolerance === "number" ? options.tolerance : NaN;
      if (!Number.isFinite(tolerance) || tolerance < 0) throw new InvalidDataError(`asofJoin: tolerance ${describeValue(options.tolerance)} must be a duration or number >= 0`);
    }
    const key = (alias: string) => (onType === "timestamp" ? `epoch_us(${alias}.${sqlIdent(on)})` : `${alias}.${sqlIdent(on)}`);
    const rightCols = r.columns.filter((c) => c.name !== on && !by.includes(c.name));
    const leftNames = new Set(l.columns.map((c) => c.name));
    const outRight: QueryColumn[] = rightCols.map((c) => ({ name: leftNames.has(c.name) ? c.name + suffix : c.name, type: c.type }));
    const clash = outRight.find((c, i) => leftNames.has(c.name) || outRight.findIndex((o) => o.name === c.name) !== i);
    if (clash) throw fail(r, `the result would have two columns named '${clash.name}'; pass another suffix`, clash.name);
    const byCond = by.map((b) => `l.${sqlIdent(b)} = r.${sqlIdent(b)}`);
    const match = (op: string) => [...byCond, `${key("l")} ${op} ${key("r")}`].join(" AND ");
    const hidden = rightCols.map((c, i) => `r.${sqlIdent(c.name)} AS _ql_r${i}`).join(", ");
    const ctes: string[] = [];
    const L = l.current;
    let from: string;
    let pick: (i: number) => string;
    if (direction === "nearest") {
      for (const [name, op] of [["_ql_back", ">="], ["_ql_fwd", "<="]]) {
        ctes.push(`${name} AS (SELECT l.${ORD} AS _ql_lo, ${key("r")} AS _ql_rt${hidden ? ", " + hidden : ""} FROM ${L} l ASOF LEFT JOIN ${r.current} r ON ${match(op)})`);
      }
      from = `${L} l LEFT JOIN _ql_back b ON b._ql_lo = l.${ORD} LEFT JOIN _ql_fwd f ON f._ql_lo = l.${ORD}`;
      const useBack = `(f._ql_rt IS NULL OR (b._ql_rt IS NOT NULL AND ${key("l")} - b._ql_rt <= f._ql_rt - ${key("l")}))`;
      const within = tolerance === null ? "TRUE" : `abs(${key("l")} - CASE WHEN ${useBack} THEN b._ql_rt ELSE f._ql_rt END) <= ${tolerance}`;
      pick = (i) => `CASE WHEN ${within} THEN CASE WHEN ${useBack} THEN b._ql_r${i} ELSE f._ql_r${i} END END`;
    } else {
      from = `${L} l ASOF LEFT JOIN ${r.current} r ON ${match(direction === "backward" ? ">=" : "<=")}`;
      const within = tolerance === null ? null : `abs(${key("l")} - ${key("r")}) <= ${tolerance}`;
      pick = (i) => (within ? `CASE WHEN ${within} THEN r.${sqlIdent(rightCols[i].name)} END` : `r.${sqlIdent(rightCols[i].name)}`);
    }
    const cols = [...l.columns.map((c) => `l.${sqlIdent(c.name)}`), ...outRight.map((c, i) => `${pick(i)} AS ${sqlIdent(c.name)}`), `l.${ORD} AS ${ORD}`];
    ctes.push(`_ql_joined AS (SELECT ${cols.join(", ")} FROM ${from})`);
    const columns = [...l.columns, ...outRight];
    return { ctes, select: `SELECT ${columns.map((c) => `${outputSql(c)} AS ${sqlIdent(c.name)}`).join(", ")} FROM _ql_joined ORDER BY ${ORD}`, columns };
  });
}
