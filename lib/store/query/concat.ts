import { InvalidDataError, SchemaError } from "../../errors";
import { ColumnType, Table } from "../../frame";
import { SQL_TYPE } from "../engine";
import { sqlIdent } from "../names";
import { QueryInput, runOverInputs } from "./inputs";
import { ORD, QueryColumn, outputSql } from "./sqlParts";

/** Options of {@link concat}. */
export interface ConcatOptions {
  /**
   * Which columns the result has: "outer" every column of any input (null where an input lacks it, in
   * the order first seen), "inner" only the columns every input has (in the first input's order).
   * @default "outer"
   */
  join?: "inner" | "outer";
}

/**
 * Stacks the rows of several symbols or Tables: all rows of the first input in its order, then the
 * second's, and so on (ArcticDB's concat). A column's type must agree across inputs, except that ints
 * and floats combine into floats. Inputs are Tables or `{ library, symbol, asOf?, query? }`.
 * @throws SchemaError naming a column whose types differ between inputs; InvalidDataError for no inputs or another join.
 * @example const both = await concat([{ library: lib, symbol: "AAPL" }, { library: lib, symbol: "MSFT" }], { join: "inner" });
 */
export async function concat(inputs: QueryInput[], options: ConcatOptions = {}): Promise<Table> {
  const join = options.join ?? "outer";
  if (!Array.isArray(inputs) || inputs.length === 0) throw new InvalidDataError("concat: needs at least one input, e.g. [{ library, symbol: \"AAPL\" }, table]");
  if (join !== "inner" && join !== "outer") throw new InvalidDataError(`concat: join must be "inner" or "outer", got ${JSON.stringify(join)}`);
  return runOverInputs(inputs, "concat", (plans) => {
    const types = new Map<string, ColumnType>();
    const where = new Map<string, string>();
    for (const p of plans) {
      for (const c of p.columns) {
        const seen = types.get(c.name);
        if (seen === undefined) {
          types.set(c.name, c.type);
          where.set(c.name, p.source.symbol);
        } else if (seen !== c.type) {
          const numeric = (t: ColumnType) => t === "int" || t === "float";
          if (!numeric(seen) || !numeric(c.type)) {
            throw new SchemaError(`concat: column '${c.name}' is ${seen} in '${where.get(c.name)}' but ${c.type} in '${p.source.symbol}'`, { column: c.name, symbol: p.source.symbol });
          }
          types.set(c.name, "float");
        }
      }
    }
    const names = [...types.keys()].filter((n) => join === "outer" || plans.every((p) => p.columns.some((c) => c.name === n)));
    const columns: QueryColumn[] = names.map((name) => ({ name, type: types.get(name)! }));
    const parts = plans.map((p, i) => {
      const cols = columns.map((c) =>
        p.columns.some((x) => x.name === c.name) ? `CAST(${sqlIdent(c.name)} AS ${SQL_TYPE[c.type]}) AS ${sqlIdent(c.name)}` : `CAST(NULL AS ${SQL_TYPE[c.type]}) AS ${sqlIdent(c.name)}`,
      );
      return `SELECT ${[...cols, `${i} AS _ql_i`, `row_number() OVER (ORDER BY ${ORD}) AS _ql_o`].join(", ")} FROM ${p.current}`;
    });
    const ctes = [`_ql_stacked AS (${parts.join(" UNION ALL ")})`];
    const select = columns.map((c) => `${outputSql(c)} AS ${sqlIdent(c.name)}`).join(", ") || "NULL AS empty";
    return { ctes, select: `SELECT ${select} FROM _ql_stacked ORDER BY _ql_i, _ql_o`, columns };
  });
}
