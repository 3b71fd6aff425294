import { InvalidDataError, SchemaError, SymbolNotFoundError, UnsortedDataError } from "../../errors";
import { INDEX_COLUMN } from "../../frame";
import { OpenFile, Piece, SymbolRow, VersionRow, dataTable, physicalName } from "../engine";
import { DateRange, UpdateOptions, VersionedItem } from "../types";
import { pieceRows } from "./pieces";
import { LibraryContext, withFile } from "./context";
import { checkMetadata } from "./metadata";
import { alignToVersion } from "./alignToVersion";
import { checkExpectedVersionOption, requireExpectedVersion } from "./expectedVersion";
import { PreparedFrame, prepareFrame, toUsRange } from "./prepare";
import { indexColumn, piecesPredicate, timestampSql } from "./readRows";
import { pruneOlder } from "./remove";
import { commitVersion, storeRows } from "./storeRows";
import { versionedItem, writePrepared } from "./write";

/**
 * Splits a version's pieces around the span [a, b] of a sorted index: the rows before it and the rows
 * after it, as pieces. Counting scans only rows at or after `a`, so an update near the end of a long
 * series reads little.
 */
async function splitPieces(open: OpenFile, version: VersionRow, a: number, b: number): Promise<{ before: Piece[]; after: Piece[] }> {
  const index = physicalName(indexColumn(version)!.id);
  const counts: string[] = [];
  for (const p of version.pieces) {
    const one = piecesPredicate([p]);
    counts.push(`count(*) FILTER (WHERE ${one})`, Number.isFinite(b) ? `count(*) FILTER (WHERE ${one} AND ${index} > ${timestampSql(b)})` : "0");
  }
  const where = [`(${piecesPredicate(version.pieces)})`];
  if (Number.isFinite(a)) where.push(`${index} >= ${timestampSql(a)}`);
  const row = counts.length
    ? (await open.connection.rows(`SELECT ${counts.join(", ")} FROM ${dataTable(version.symbolId)} WHERE ${where.join(" AND ")}`))
        [0]
        .map(Number)
    : [];
  const before: Piece[] = [];
  const after: Piece[] = [];
  version.pieces.forEach((p, i) => {
    const fromA = row[2 * i];
    const afterB = row[2 * i + 1];
    if (p.rowHi - fromA >= p.rowLo) before.push({ rowLo: p.rowLo, rowHi: p.rowHi - fromA });
    if (afterB > 0) after.push({ rowLo: p.rowHi - afterB + 1, rowHi: p.rowHi });
  });
  return { before, after };
}

/** The index time of one stored row. */
async function indexAt(open: OpenFile, version: VersionRow, row: number): Promise<number> {
  const index = physicalName(indexColumn(version)!.id);
  const rows = (await open.connection.rows(`SELECT epoch_us(${index}) FROM ${dataTable(version.symbolId)} WHERE _row = ${row}`));
  return Number(rows[0][0]);
}

/**
 * Replaces the rows of [a, b] in the latest version with `prepared` (which may be empty), as a new
 * version. Runs inside the caller's transaction.
 */
export async function replaceSpan(
  ctx: LibraryContext,
  open: OpenFile,
  symbol: SymbolRow,
  latest: VersionRow,
  prepared: PreparedFrame,
  span: [number, number],
  operation: string,
  metadata: unknown,
): Promise<VersionRow> {
  const name = symbol.name;
  if (!latest.sorted) {
    throw new UnsortedDataError(
      `'${name}' is not sorted by timestamp (an append with validateIndex: false made it so); ${operation} needs a sorted index: write it anew sorted`,
      { library: ctx.name, symbol: name, version: latest.version },
    );
  }
  const [a, b] = span;
  const { before, after } = await splitPieces(open, latest, a, b);
  const kept = [...before, ...after];
  const { versionColumns, columns } = await alignToVersion(open, latest, kept, prepared, ctx.options.dynamicSchema, ctx.name, name);
  const n = prepared.frame.rowCount;
  const { physical, piece } = await storeRows(ctx, open, symbol, versionColumns, columns, n);
  const pieces = [...before, ...(piece ? [piece] : []), ...after];
  const firstUs = before.length ? latest.firstUs : n ? prepared.firstUs : after.length ? await indexAt(open, latest, after[0].rowLo) : null;
  const lastUs = after.length
    ? latest.lastUs
    : n
      ? prepared.lastUs
      : before.length
        ? await indexAt(open, latest, before[before.length - 1].rowHi)
        : null;
  return commitVersion(open, symbol, {
    operation,
    rowCount: pieces.reduce((sum, p) => sum + pieceRows(p), 0),
    columns: physical,
    indexed: true,
    firstUs,
    lastUs,
    sorted: true,
    metadata,
    pieces,
  });
}

/** See {@link Library.update}. */
export async function update(ctx: LibraryContext, name: string, data: unknown, options: UpdateOptions = {}): Promise<VersionedItem> {
  const { metadata, upsert = false, dateRange, prunePreviousVersions = false } = options;
  const context = { library: ctx.name, symbol: name };
  checkMetadata(metadata, ctx.name, name);
  checkExpectedVersionOption(options.expectedVersion, ctx.name, name);
  const prepared = prepareFrame(ctx.name, name, data, true);
  options.check?.(prepared.frame, { library: ctx.name, symbol: name, operation: "update" });
  const range = dateRange === undefined ? null : toUsRange(dateRange, ctx.name, name);
  if (!prepared.indexed) {
    throw new SchemaError(`update of '${name}' needs a '${INDEX_COLUMN}' column in the new data`, { ...context, column: INDEX_COLUMN });
  }
  let span: [number, number] | null = null;
  if (range) {
    span = [range[0] ?? -Infinity, range[1] ?? Infinity];
    if (prepared.minUs !== null && (prepared.minUs < span[0] || prepared.maxUs! > span[1])) {
      throw new InvalidDataError(`update data for '${name}' has rows outside the dateRange given; the data must lie within it`, context);
    }
  } else if (prepared.frame.rowCount > 0) span = [prepared.firstUs!, prepared.lastUs!];
  return withFile(ctx, async (open) => {
    const row = await open.catalog.transaction(async () => {
      await requireExpectedVersion(open, ctx.name, name, options.expectedVersion);
      const symbol = await open.catalog.getSymbol(name);
      const latest = symbol ? await open.catalog.getLatest(symbol.id) : null;
      if (!symbol || !latest) {
        if (!upsert) throw new SymbolNotFoundError(`cannot update '${name}': it does not exist in library '${ctx.name}' (pass upsert: true to create it)`, context);
        return writePrepared(ctx, open, name, prepared, metadata);
      }
      if (!latest.indexed) {
        throw new SchemaError(`'${name}' is row-indexed; update needs a symbol indexed by '${INDEX_COLUMN}'`, context);
      }
      if (!span) return latest;
      const row = await replaceSpan(ctx, open, symbol, latest, prepared, span, "update", metadata);
      if (prunePreviousVersions) await pruneOlder(open, symbol.id, row.version);
      return row;
    });
    return versionedItem(ctx, name, row);
  });
}

/** See {@link Library.deleteDataInRange}. */
export async function deleteDataInRange(ctx: LibraryContext, name: string, dateRange: DateRange): Promise<VersionedItem> {
  const context = { library: ctx.name, symbol: name };
  const range = toUsRange(dateRange, ctx.name, name);
  if (range[0] !== null && range[1] !== null && range[0] > range[1]) {
    throw new InvalidDataError(
      `deleteDataInRange for '${name}': the range starts after it ends (${new Date(range[0] / 1000).toISOString()} > ${new Date(range[1] / 1000).toISOString()}); give [start, end]`,
      context,
    );
  }
  return withFile(ctx, async (open) => {
    const row = await open.catalog.transaction(async () => {
      const symbol = await open.catalog.getSymbol(name);
      const latest = symbol ? await open.catalog.getLatest(symbol.id) : null;
      if (!symbol || !latest) throw new SymbolNotFoundError(`symbol '${name}' does not exist in library '${ctx.name}'`, context);
      if (!latest.indexed) {
        throw new SchemaError(`'${name}' is row-indexed; deleteDataInRange needs a symbol indexed by '${INDEX_COLUMN}'`, context);
      }
      const empty = prepareFrame(ctx.name, name, emptyLike(latest), true);
      return replaceSpan(ctx, open, symbol, latest, empty, [range[0] ?? -Infinity, range[1] ?? Infinity], "delete_range", latest.metadata);
    });
    return versionedItem(ctx, name, row);
  });
}

function emptyLike(version: VersionRow): Record<string, unknown[]> {
  const data: Record<string, unknown[]> = {};
  for (const c of version.columns) data[c.name] = [];
  return data;
}
