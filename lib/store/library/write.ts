import { VersionedItem, WriteOptions } from "../types";
import { OpenFile, VersionRow } from "../engine";
import { LibraryContext, withFile } from "./context";
import { checkMetadata } from "./metadata";
import { PreparedFrame, prepareFrame } from "./prepare";
import { pruneOlder } from "./remove";
import { commitVersion, storeRows } from "./storeRows";
import { copyMetadata } from "./metadata";
import { checkExpectedVersionOption, requireExpectedVersion } from "./expectedVersion";

/**
 * The item returned for a version (no data). Its metadata is the caller's own copy: changing it changes
 * nothing the store holds or later returns.
 */
export function versionedItem(ctx: LibraryContext, symbol: string, row: VersionRow): VersionedItem {
  return {
    library: ctx.name,
    symbol,
    version: row.version,
    timestamp: new Date(Math.floor(row.createdUs / 1000)),
    metadata: copyMetadata(row.metadata),
    data: undefined,
  };
}

/** Stores prepared data as a new version that replaces everything before it. Runs inside a transaction. */
export async function writePrepared(
  ctx: LibraryContext,
  open: OpenFile,
  name: string,
  prepared: PreparedFrame,
  metadata: unknown,
): Promise<VersionRow> {
  const symbol = (await open.catalog.getSymbol(name)) ?? (await open.catalog.createSymbol(name));
  const columns = prepared.frame.columns;
  const { physical, piece } = await storeRows(ctx, open, symbol, columns, columns, prepared.frame.rowCount);
  return commitVersion(open, symbol, {
    operation: "write",
    rowCount: prepared.frame.rowCount,
    columns: physical,
    indexed: prepared.indexed,
    firstUs: prepared.minUs,
    lastUs: prepared.maxUs,
    sorted: prepared.sorted,
    metadata,
    pieces: piece ? [piece] : [],
  });
}

/** See {@link Library.write}. */
export async function write(ctx: LibraryContext, name: string, data: unknown, options: WriteOptions = {}): Promise<VersionedItem> {
  const { metadata, prunePreviousVersions = false, validateIndex = true } = options;
  checkMetadata(metadata, ctx.name, name);
  checkExpectedVersionOption(options.expectedVersion, ctx.name, name);
  const prepared = prepareFrame(ctx.name, name, data, validateIndex);
  options.check?.(prepared.frame, { library: ctx.name, symbol: name, operation: "write" });
  return withFile(ctx, async (open) => {
    const row = await open.catalog.transaction(async () => {
      await requireExpectedVersion(open, ctx.name, name, options.expectedVersion);
      const row = await writePrepared(ctx, open, name, prepared, metadata);
      if (prunePreviousVersions) await pruneOlder(open, row.symbolId, row.version);
      return row;
    });
    return versionedItem(ctx, name, row);
  });
}
