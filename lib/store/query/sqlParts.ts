import { ColumnType } from "../../frame";
import { sqlIdent } from "../names";

/** The hidden column that carries row order through a query's steps. */
export const ORD = "_ql_ord";

/** A column of a step's output. */
export interface QueryColumn {
  name: string;
  type: ColumnType;
}

/** Floor division of a BIGINT SQL expression by a positive integer (DuckDB's `//` truncates toward zero). */
export function floorDiv(x: string, divisor: number): string {
  // Shifting by a multiple of the divisor past 2^60 makes the dividend positive for every timestamp.
  const k = BigInt(Math.ceil(2 ** 60 / divisor));
  const shift = (k * BigInt(divisor)).toString();
  return `((${x}) + ${shift}::BIGINT) // ${divisor} - ${k.toString()}`;
}

/** The SELECT expression that converts a column for {@link readColumns} (timestamps as epoch ms doubles). */
export function outputSql(c: QueryColumn): string {
  const q = sqlIdent(c.name);
  switch (c.type) {
    case "timestamp":
      return `epoch_us(${q})::DOUBLE / 1000`;
    case "int":
      return `CAST(${q} AS BIGINT)`;
    case "float":
      return `CAST(${q} AS DOUBLE)`;
    default:
      return q;
  }
}
