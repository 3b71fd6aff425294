import { NoSuchVersionError, SymbolNotFoundError } from "../../errors";
import { VersionInfo, VersionedItem } from "../types";
import { LibraryContext, withFile } from "./context";
import { checkMetadata } from "./metadata";
import { collectGarbage, pruneOlder } from "./remove";
import { requireSnapshot } from "./resolve";
import { commitVersion } from "./storeRows";
import { versionedItem } from "./write";

/** See {@link Library.writeMetadata}. */
export async function writeMetadata(ctx: LibraryContext, name: string, metadata: unknown): Promise<VersionedItem> {
  checkMetadata(metadata, ctx.name, name);
  return withFile(ctx, async (open) => {
    const row = await open.catalog.transaction(async () => {
      const symbol = await open.catalog.getSymbol(name);
      const latest = symbol ? await open.catalog.getLatest(symbol.id) : null;
      if (!symbol || !latest) {
        throw new SymbolNotFoundError(`cannot write metadata for '${name}': it does not exist in library '${ctx.name}'`, {
          library: ctx.name,
          symbol: name,
        });
      }
      const { symbolId: _s, version: _v, createdUs: _c, deleted: _d, ...rest } = latest;
      return commitVersion(open, symbol, { ...rest, operation: "write_metadata", metadata });
    });
    return versionedItem(ctx, name, row);
  });
}

/** See {@link Library.delete}. */
export async function deleteSymbol(ctx: LibraryContext, name: string, versions?: number[]): Promise<void> {
  await withFile(ctx, (open) =>
    open.catalog.transaction(async () => {
      const symbol = await open.catalog.getSymbol(name);
      if (!symbol) {
        if (versions === undefined) return;
        throw new SymbolNotFoundError(`symbol '${name}' does not exist in library '${ctx.name}'`, { library: ctx.name, symbol: name });
      }
      const all = await open.catalog.listVersionRows(symbol.id);
      const live = all.filter((v) => !v.deleted).map((v) => v.version);
      let doomed = live;
      if (versions !== undefined) {
        for (const v of versions) {
          if (!live.includes(v)) {
            throw new NoSuchVersionError(
              `cannot delete version ${v} of '${name}': it ${all.some((x) => x.version === v) ? "was deleted already" : "does not exist"}`,
              { library: ctx.name, symbol: name, version: v },
            );
          }
        }
        doomed = [...new Set(versions)];
      }
      await open.catalog.markDeleted(symbol.id, doomed);
      await collectGarbage(open, symbol.id);
    }),
  );
}

/** See {@link Library.prunePreviousVersions}. */
export async function prunePreviousVersions(ctx: LibraryContext, name: string): Promise<void> {
  await withFile(ctx, (open) =>
    open.catalog.transaction(async () => {
      const symbol = await open.catalog.getSymbol(name);
      const latest = symbol ? await open.catalog.getLatest(symbol.id) : null;
      if (!symbol || !latest) {
        throw new SymbolNotFoundError(`symbol '${name}' does not exist in library '${ctx.name}'`, { library: ctx.name, symbol: name });
      }
      await pruneOlder(open, symbol.id, latest.version);
    }),
  );
}

/** See {@link Library.listVersions}. */
export function listVersions(ctx: LibraryContext, name?: string, options: { snapshot?: string; latestOnly?: boolean } = {}): Promise<VersionInfo[]> {
  return withFile(ctx, async (open) => {
    if (options.snapshot !== undefined) await requireSnapshot(ctx, open, options.snapshot);
    const listed = await open.catalog.versionListings({ symbol: name, snapshot: options.snapshot });
    const out: VersionInfo[] = listed.map((v) => ({
      symbol: v.symbol,
      version: v.version,
      date: new Date(Math.floor(v.createdUs / 1000)),
      deleted: v.deleted,
      snapshots: v.snapshots,
    }));
    if (!options.latestOnly) return out;
    const seen = new Set<string>();
    return out.filter((v) => {
      if (v.deleted || seen.has(v.symbol)) return false;
      seen.add(v.symbol);
      return true;
    });
  });
}
