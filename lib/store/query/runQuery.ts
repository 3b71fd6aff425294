import { StoreError } from "../../errors";
import { INDEX_COLUMN, Table, toTable } from "../../frame";
import { Connection, OutputArray } from "../engine";
import { sqlIdent } from "../names";
import { CompiledQuery, QuerySource, compileQuery } from "./compile";
import { QueryBuilder } from "./QueryBuilder";
import { Step } from "./steps";

/** Whether any step needs the source's time bounds (a calendar resample lists sessions over them). */
const needsBounds = (steps: readonly Step[]) => steps.some((s) => s.kind === "resample" && s.spec.calendar !== null);

/**
 * The source with its first and last index time filled in by one small query, when a calendar resample
 * needs them and the catalog does not know them (an unsorted version).
 */
export async function withBounds(connection: Connection, steps: readonly Step[], source: QuerySource): Promise<QuerySource> {
  if (source.bounds || !needsBounds(steps) || !source.columns.some((c) => c.name === INDEX_COLUMN && c.type === "timestamp")) return source;
  const t = sqlIdent(INDEX_COLUMN);
  const row = (await connection.rows(`SELECT epoch_us(min(${t}))::DOUBLE, epoch_us(max(${t}))::DOUBLE FROM (${source.sql})`))[0];
  return { ...source, bounds: row[0] === null ? null : [Number(row[0]), Number(row[1])] };
}

/**
 * Compiles `steps` over `source` and runs the statement on `connection`, copying the result into a Table
 * (see {@link withBounds}).
 * @throws SchemaError / InvalidDataError from compilation; StoreError with DuckDB's message when the
 *   statement fails while running (an integer overflow, say).
 */
export async function runSteps(connection: Connection, steps: readonly Step[], source: QuerySource): Promise<Table> {
  const compiled: CompiledQuery = compileQuery(steps, await withBounds(connection, steps, source));
  let result: { arrays: OutputArray[]; rowCount: number };
  try {
    result = await connection.readColumns(compiled.sql, compiled.columns.map((c) => c.type));
  } catch (cause) {
    throw new StoreError(`QueryBuilder: the query over '${source.symbol}' failed in DuckDB: ${(cause as Error).message}`, {
      library: source.library,
      symbol: source.symbol,
      cause,
    });
  }
  return toTable(compiled.columns.map((c, i) => [c.name, result.arrays[i]]));
}

/**
 * Splits a read's options and query into the row window the stored pieces can serve directly and
 * the steps left to run in SQL: a query starting with head/tail/rowRange (and no dateRange before it)
 * reads only those rows.
 */
export function planRead(
  query: QueryBuilder,
  options: { dateRange?: [number | null, number | null]; rowRange?: [number | null, number | null] },
): { rowRange?: [number | null, number | null]; steps: Step[] } {
  const steps: Step[] = [];
  let rowRange = options.rowRange;
  if (options.dateRange) {
    steps.push({ kind: "dateRange", range: options.dateRange });
    if (rowRange) steps.push({ kind: "rowRange", range: rowRange });
    rowRange = undefined;
  }
  const rest = [...query.steps];
  if (!options.dateRange && !rowRange && rest.length > 0) {
    const first = rest[0];
    if (first.kind === "rowRange") rowRange = first.range;
    // head(-k) is all but the last k rows; tail(-k) all but the first k.
    else if (first.kind === "head") rowRange = [0, first.n];
    else if (first.kind === "tail") rowRange = first.n === 0 ? [0, 0] : [-first.n, null];
    if (rowRange) rest.shift();
  }
  return { rowRange, steps: [...steps, ...rest] };
}
