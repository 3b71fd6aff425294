import { InvalidDataError } from "../../errors";
import { OpenFile, PhysicalColumn, VersionRow } from "../engine";
import { LibraryContext } from "../library/context";
import { versionedItem } from "../library/write";
import { ReadResult } from "../types";
import { QueryBuilder } from "./QueryBuilder";
import { planRead, runSteps } from "./runQuery";
import { versionSource } from "./versionSource";

/**
 * Runs `query` over a resolved version inside DuckDB (the hook behind `lib.read(symbol, { query })`).
 * The read's `columns`, `dateRange` and `rowRange` apply first, then the query's steps in order.
 * @throws InvalidDataError when `query` is not a QueryBuilder; the query's SchemaError / InvalidDataError.
 */
export async function readQuery(
  ctx: LibraryContext,
  open: OpenFile,
  name: string,
  version: VersionRow,
  columns: PhysicalColumn[],
  options: { dateRange?: [number | null, number | null]; rowRange?: [number | null, number | null]; query: unknown },
): Promise<ReadResult> {
  if (!(options.query instanceof QueryBuilder)) {
    throw new InvalidDataError(`read: 'query' for '${name}' must be a QueryBuilder, got ${typeof options.query}`, { library: ctx.name, symbol: name });
  }
  const { rowRange, steps } = planRead(options.query, options);
  const symbol = await open.catalog.getSymbol(name);
  const source = versionSource(version, columns, { symbol: name, library: ctx.name, rowRange, tableRows: symbol?.nextRow });
  const data = await runSteps(open.connection, steps, source);
  return { ...versionedItem(ctx, name, version), data };
}
