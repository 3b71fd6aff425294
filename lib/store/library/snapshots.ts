import { DuplicateSnapshotError, NoSuchVersionError, SymbolNotFoundError } from "../../errors";
import { checkName } from "../names";
import { SnapshotInfo } from "../types";
import { LibraryContext, withFile } from "./context";
import { checkMetadata } from "./metadata";
import { collectGarbage } from "./remove";
import { requireSnapshot } from "./resolve";

/** Options of {@link Library.snapshot}. */
export interface SnapshotOptions {
  /** JSON-serialisable metadata stored with the snapshot. */
  metadata?: unknown;
  /** Symbols to leave out. @default [] */
  skipSymbols?: string[];
  /** Versions to take instead of the latest, per symbol. @default {} */
  versions?: Record<string, number>;
}

/** See {@link Library.snapshot}. */
export async function snapshot(ctx: LibraryContext, name: string, options: SnapshotOptions = {}): Promise<void> {
  checkName("snapshot", name);
  const { metadata, skipSymbols = [], versions = {} } = options;
  checkMetadata(metadata, ctx.name, name);
  const context = { library: ctx.name, snapshot: name };
  await withFile(ctx, (open) =>
    open.catalog.transaction(async () => {
      if (await open.catalog.snapshotExists(name)) {
        throw new DuplicateSnapshotError(`snapshot '${name}' already exists in library '${ctx.name}'; snapshots are immutable, delete it first`, context);
      }
      const pinned = await open.catalog.latestVersions();
      for (const [symbol, version] of Object.entries(versions)) {
        const row = await open.catalog.getSymbol(symbol);
        const found = row ? await open.catalog.getVersion(row.id, version) : null;
        if (!row) throw new SymbolNotFoundError(`cannot snapshot '${symbol}': it does not exist in library '${ctx.name}'`, { ...context, symbol });
        if (!found || found.deleted) {
          throw new NoSuchVersionError(`cannot snapshot version ${version} of '${symbol}': it does not exist or was deleted`, { ...context, symbol, version });
        }
        pinned.set(symbol, [row.id, version]);
      }
      for (const skip of skipSymbols) pinned.delete(skip);
      await open.catalog.addSnapshot({ name, createdUs: Date.now() * 1000, metadata }, [...pinned.values()]);
    }),
  );
}

/** See {@link Library.listSnapshots}. */
export function listSnapshots(ctx: LibraryContext): Promise<SnapshotInfo[]> {
  return withFile(ctx, async (open) => {
    const rows = await open.catalog.snapshots();
    return rows.map((s) => ({ name: s.name, created: new Date(Math.floor(s.createdUs / 1000)), metadata: s.metadata }));
  });
}

/** See {@link Library.deleteSnapshot}. */
export async function deleteSnapshot(ctx: LibraryContext, name: string): Promise<void> {
  await withFile(ctx, (open) =>
    open.catalog.transaction(async () => {
      await requireSnapshot(ctx, open, name);
      for (const id of await open.catalog.removeSnapshot(name)) await collectGarbage(open, id);
    }),
  );
}
