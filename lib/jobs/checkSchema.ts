import { ColumnType, Frame } from "../frame";
import { SymbolDescription } from "../store";
import { JobOutputError } from "./errors";

/** Which new column types the store converts into a stored type (see the store's static-schema rules). */
const FITS: Record<ColumnType, ColumnType[]> = {
  float: ["float", "int"],
  int: ["int", "float"],
  bool: ["bool"],
  string: ["string"],
  timestamp: ["timestamp", "float", "int", "string"],
};

/**
 * Checks a run's table against the symbol's stored version before anything is stored: the same column
 * names (any order) and types the store accepts into them (ints into floats and back, all-null columns
 * into anything). With a dynamic-schema library new and missing columns are allowed; types still count.
 * @throws JobOutputError naming the column: "JobOutput: column 'volume' is missing ...".
 * @example checkSchema(frame, await lib.getDescription("AAPL"), { symbol: "AAPL" })
 */
export function checkSchema(frame: Frame, stored: SymbolDescription, context: { job?: string; symbol: string; dynamicSchema?: boolean }): void {
  const { job, symbol } = context;
  const byName = new Map(frame.columns.map((c) => [c.name, c]));
  const storedNames = new Set(stored.columns.map((c) => c.name));
  for (const column of stored.columns) {
    const found = byName.get(column.name);
    if (!found) {
      if (context.dynamicSchema) continue;
      throw new JobOutputError(
        `JobOutput: column '${column.name}' (${column.type}) of '${symbol}' is missing from the output, which has ${frame.columns.map((c) => c.name).join(", ")}`,
        { job, column: column.name },
      );
    }
    if (!found.allNull && !FITS[column.type].includes(found.type)) {
      throw new JobOutputError(`JobOutput: column '${column.name}' of '${symbol}' is stored as ${column.type} but the output holds ${found.type}`, {
        job,
        column: column.name,
      });
    }
  }
  if (context.dynamicSchema) return;
  for (const column of frame.columns) {
    if (!storedNames.has(column.name)) {
      throw new JobOutputError(`JobOutput: column '${column.name}' is not a column of '${symbol}' (${stored.columns.map((c) => c.name).join(", ")})`, {
        job,
        column: column.name,
      });
    }
  }
}
