import { SchemaError, UnsortedDataError } from "../../errors";
import { INDEX_COLUMN } from "../../frame";
import { AppendOptions, VersionedItem } from "../types";
import { appendPiece } from "./pieces";
import { LibraryContext, withFile } from "./context";
import { checkMetadata } from "./metadata";
import { alignToVersion } from "./alignToVersion";
import { checkExpectedVersionOption, requireExpectedVersion } from "./expectedVersion";
import { prepareFrame } from "./prepare";
import { pruneOlder } from "./remove";
import { commitVersion, storeRows } from "./storeRows";
import { versionedItem, writePrepared } from "./write";

/** See {@link Library.append}. */
export async function append(ctx: LibraryContext, name: string, data: unknown, options: AppendOptions = {}): Promise<VersionedItem> {
  const { metadata, validateIndex = true, prunePreviousVersions = false } = options;
  checkMetadata(metadata, ctx.name, name);
  checkExpectedVersionOption(options.expectedVersion, ctx.name, name);
  const prepared = prepareFrame(ctx.name, name, data, validateIndex);
  options.check?.(prepared.frame, { library: ctx.name, symbol: name, operation: "append" });
  const context = { library: ctx.name, symbol: name };
  return withFile(ctx, async (open) => {
    const row = await open.catalog.transaction(async () => {
      await requireExpectedVersion(open, ctx.name, name, options.expectedVersion);
      const symbol = await open.catalog.getSymbol(name);
      const latest = symbol ? await open.catalog.getLatest(symbol.id) : null;
      if (!symbol || !latest) return writePrepared(ctx, open, name, prepared, metadata);
      if (latest.indexed !== prepared.indexed) {
        throw new SchemaError(
          latest.indexed
            ? `'${name}' is indexed by '${INDEX_COLUMN}' but the new data has no '${INDEX_COLUMN}' column`
            : `'${name}' is row-indexed but the new data has a '${INDEX_COLUMN}' column`,
          { ...context, column: INDEX_COLUMN },
        );
      }
      if (prepared.frame.rowCount === 0) return latest;
      if (validateIndex && latest.lastUs !== null && prepared.firstUs! < latest.lastUs) {
        throw new UnsortedDataError(
          `appending to '${name}' would put ${new Date(prepared.firstUs! / 1000).toISOString()} after the stored last index ${new Date(latest.lastUs / 1000).toISOString()}; append only later rows (or use update), or pass validateIndex: false`,
          { ...context, version: latest.version, row: 0, column: INDEX_COLUMN },
        );
      }
      const { versionColumns, columns } = await alignToVersion(open, latest, latest.pieces, prepared, ctx.options.dynamicSchema, ctx.name, name);
      const { physical, piece } = await storeRows(ctx, open, symbol, versionColumns, columns, prepared.frame.rowCount);
      const row = await commitVersion(open, symbol, {
        operation: "append",
        rowCount: latest.rowCount + prepared.frame.rowCount,
        columns: physical,
        indexed: latest.indexed,
        firstUs: minOf(latest.firstUs, prepared.minUs),
        lastUs: maxOf(latest.lastUs, prepared.maxUs),
        sorted: latest.sorted && prepared.sorted && (latest.lastUs === null || prepared.firstUs! >= latest.lastUs),
        metadata,
        pieces: appendPiece(latest.pieces, piece!),
      });
      if (prunePreviousVersions) await pruneOlder(open, symbol.id, row.version);
      return row;
    });
    return versionedItem(ctx, name, row);
  });
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}
