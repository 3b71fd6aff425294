import { InvalidDataError, SchemaError } from "../../errors";
import { ColumnType, INDEX_COLUMN, Table } from "../../frame";
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
   * Which right row a left row takes (pandas' merge_asof): "backward" the last at or before it (of several
   * right rows with that time, the last), "forward" the first at or after it (of several with that time,
   * the first), "nearest" the closer of those two (the backward one on a tie). @default "backward"
   */
  direction?: "backward" | "forward" | "nearest";
  /**
   * Whether a right row at exactly the left row's time may match (pandas' `allow_exact_matches`); false
   * makes "backward" strictly before and "forward" strictly after. @default true
   */
  allowExactMatches?: boolean;
  /** Appended to right column names that the left side has too. @default "_right" */
  suffix?: string;
}

const DIRECTIONS = ["backward", "forward", "nearest"] as const;

/**
 * Lines each row of `left` up with one row of `right` by time (pandas' merge_asof, DuckDB's ASOF JOIN):
 * every left row is kept, in its order, with the right row's other columns beside it (null when none
 * matches). Inputs are Tables or `{ library, symbol, asOf?, query? }`; symbols of one library are joined
 * inside its DuckDB file without being read into JavaScript first. Rows whose `by` values are null match
 * each other, as in pandas. The sides need not be sorted.
 * @throws SchemaError when `on` or a `by` column is missing on a side or the types differ;
 *   InvalidDataError for a bad direction, tolerance or allowExactMatches, and for a null (or NaN) `on`
 *   value, naming the side, the symbol and the row (its position on that side, from 0).
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
  const exact = options.allowExactMatches ?? true;
  if (typeof exact !== "boolean") throw new InvalidDataError(`asofJoin: allowExactMatches must be true or false, got ${describeValue(exact)}`);
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
    const byTypes = by.map((b) => {
      if (type(l, b, "left") !== type(r, b, "right")) throw fail(r, `'by' column '${b}' is ${type(l, b, "left")} on the left but ${type(r, b, "right")} on the right`, b);
      return type(l, b, "left");
    });
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
    // Null 'by' values match each other (pandas): compare nullness, then the values with nulls replaced.
    const byCond = by.flatMap((b, i) => {
      const [lb, rb] = [`l.${sqlIdent(b)}`, `r.${sqlIdent(b)}`];
      const filler = NULL_FILLER[byTypes[i]];
      return [`(${lb} IS NULL) = (${rb} IS NULL)`, `coalesce(${lb}, ${filler}) = coalesce(${rb}, ${filler})`];
    });
    const match = (op: string) => [...byCond, `${key("l")} ${op} ${key("r")}`].join(" AND ");
    const L = l.current;
    // Of several right rows with one time (and by), backward matches the last and forward the first (merge_asof).
    const partition = [...by.map(sqlIdent), sqlIdent(on)].join(", ");
    const ctes = [
      `_ql_rlast AS (SELECT * FROM ${r.current} QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY ${ORD} DESC) = 1)`,
      `_ql_rfirst AS (SELECT * FROM ${r.current} QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY ${ORD}) = 1)`,
    ];
    const hidden = rightCols.map((c, i) => `r.${sqlIdent(c.name)} AS _ql_r${i}`).join(", ");
    const [backOp, fwdOp] = exact ? [">=", "<="] : [">", "<"];
    let from: string;
    let pick: (i: number) => string;
    if (direction === "nearest") {
      for (const [name, side, op] of [["_ql_back", "_ql_rlast", backOp], ["_ql_fwd", "_ql_rfirst", fwdOp]]) {
        ctes.push(`${name} AS (SELECT l.${ORD} AS _ql_lo, ${key("r")} AS _ql_rt${hidden ? ", " + hidden : ""} FROM ${L} l ASOF LEFT JOIN ${side} r ON ${match(op)})`);
      }
      from = `${L} l LEFT JOIN _ql_back b ON b._ql_lo = l.${ORD} LEFT JOIN _ql_fwd f ON f._ql_lo = l.${ORD}`;
      const useBack = `(f._ql_rt IS NULL OR (b._ql_rt IS NOT NULL AND ${key("l")} - b._ql_rt <= f._ql_rt - ${key("l")}))`;
      const within = tolerance === null ? "TRUE" : `abs(${key("l")} - CASE WHEN ${useBack} THEN b._ql_rt ELSE f._ql_rt END) <= ${tolerance}`;
      pick = (i) => `CASE WHEN ${within} THEN CASE WHEN ${useBack} THEN b._ql_r${i} ELSE f._ql_r${i} END END`;
    } else {
      const side = direction === "backward" ? "_ql_rlast" : "_ql_rfirst";
      from = `${L} l ASOF LEFT JOIN ${side} r ON ${match(direction === "backward" ? backOp : fwdOp)}`;
      const within = tolerance === null ? null : `abs(${key("l")} - ${key("r")}) <= ${tolerance}`;
      pick = (i) => (within ? `CASE WHEN ${within} THEN r.${sqlIdent(rightCols[i].name)} END` : `r.${sqlIdent(rightCols[i].name)}`);
    }
    const cols = [...l.columns.map((c) => `l.${sqlIdent(c.name)}`), ...outRight.map((c, i) => `${pick(i)} AS ${sqlIdent(c.name)}`), `l.${ORD} AS ${ORD}`];
    ctes.push(`_ql_joined AS (SELECT ${cols.join(", ")} FROM ${from})`);
    const columns = [...l.columns, ...outRight];
    const checks = ([[l, "left"], [r, "right"]] as const).map(([plan, side]) => nullOnCheck(plan, side, on, onType));
    return { ctes, select: `SELECT ${columns.map((c) => `${outputSql(c)} AS ${sqlIdent(c.name)}`).join(", ")} FROM _ql_joined ORDER BY ${ORD}`, columns, checks };
  });
}

/** Stands in for a null 'by' value; the nullness test beside it keeps nulls apart from this value. */
const NULL_FILLER: Record<ColumnType, string> = {
  float: "0::DOUBLE",
  int: "0::BIGINT",
  bool: "false",
  string: "''",
  timestamp: "'epoch'::TIMESTAMP",
};

/** A check that fails with the side, symbol and row of the first null (or NaN) `on` value. */
function nullOnCheck(plan: Plan, side: string, on: string, onType: ColumnType) {
  const c = sqlIdent(on);
  const missing = onType === "float" ? `${c} IS NULL OR isnan(${c})` : `${c} IS NULL`;
  return {
    sql: `SELECT (SELECT count(*) FROM ${plan.current} WHERE ${ORD} < m.o) FROM (SELECT min(${ORD}) AS o FROM ${plan.current} WHERE ${missing}) m WHERE m.o IS NOT NULL`,
    fail: (row: unknown) =>
      new InvalidDataError(
        `asofJoin: the ${side} side ('${plan.source.symbol}') has a null${onType === "float" ? " or NaN" : ""} '${on}' at row ${Number(row)}; every row needs a value to be matched by`,
        { library: plan.source.library, symbol: plan.source.symbol, column: on, row: Number(row) },
      ),
  };
}
