import { SchemaError } from "../../errors";
import { ColumnType } from "../../frame";

/** The columns a step of a query sees, by name and type, plus where errors should point. */
export interface Scope {
  /** The symbol queried (or a label like "table" for a query over a Table), for messages. */
  symbol: string;
  library?: string;
  columns: { name: string; type: ColumnType }[];
}

/** The type of a column in scope, or a SchemaError naming the step, the column and what exists. */
export function columnType(scope: Scope, name: string, where: string): ColumnType {
  const found = scope.columns.find((c) => c.name === name);
  if (found) return found.type;
  const have = scope.columns.map((c) => `'${c.name}'`).join(", ") || "no columns";
  throw new SchemaError(`QueryBuilder: ${where} uses column '${name}', which '${scope.symbol}' does not have at this step; it has ${have}`, {
    library: scope.library,
    symbol: scope.symbol,
    column: name,
  });
}

/** A SchemaError about a column in scope, prefixed like every query error. */
export function schemaError(scope: Scope, message: string, column?: string): SchemaError {
  return new SchemaError(`QueryBuilder: ${message}`, { library: scope.library, symbol: scope.symbol, column });
}
