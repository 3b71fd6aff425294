import { NoSuchVersionError, SymbolNotFoundError } from "../../errors";
import { VersionInfo, VersionedItem } from "../types";
import { getLatest, getSymbol, listVersionRows, markDeleted } from "./catalog";
import { LibraryContext, withFile } from "./context";
import { checkMetadata } from "./metadata";
import { collectGarbage, pruneOlder } from "./remove";
import { requireSnapshot } from "./resolve";
import { transaction } from "./schema";
import { commitVersion } from "./storeRows";
import { versionedItem } from "./write";

/** See {@link Library.writeMetadata}. */
export async function writeMetadata(ctx: LibraryContext, name: string, metadata: unknown): Promise<VersionedItem> {
  checkMetadata(metadata, ctx.name, name);
  return withFile(ctx, async (open) => {
    const row = await transaction(open.connection, async () => {
      const symbol = await getSymbol(open, name);
      const latest = symbol ? await getLatest(open, symbol.id) : null;
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
    transaction(open.connection, async () => {
      const symbol = await getSymbol(open, name);
      if (!symbol) {
        if (versions === undefined) return;
        throw new SymbolNotFoundError(`symbol '${name}' does not exist in library '${ctx.name}'`, { library: ctx.name, symbol: name });
      }
      const all = await listVersionRows(open, symbol.id);
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
      await markDeleted(open, symbol.id, doomed);
      await collectGarbage(open, symbol.id);
    }),
  );
}

/** See {@link Library.prunePreviousVersions}. */
export async function prunePreviousVersions(ctx: LibraryContext, name: string): Promise<void> {
  await withFile(ctx, (open) =>
    transaction(open.connection, async () => {
      const symbol = await getSymbol(open, name);
      const latest = symbol ? await getLatest(open, symbol.id) : null;
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
    const params: unknown[] = [];
    let where = "(NOT v.deleted OR pins.snapshots IS NOT NULL)";
    if (name !== undefined) {
      params.push(name);
      where += ` AND s.name = $${params.length}`;
    }
    if (options.snapshot !== undefined) {
      await requireSnapshot(ctx, open, options.snapshot);
      params.push(options.snapshot);
      where += ` AND list_contains(pins.snapshots, $${params.length})`;
    }
    const result = await open.connection.runAndReadAll(
      `WITH pins AS (
         SELECT symbol_id, version, list(snapshot ORDER BY snapshot) AS snapshots
         FROM ql_snapshot_versions GROUP BY symbol_id, version)
       SELECT s.name, v.version, v.created_us, v.deleted, pins.snapshots
       FROM ql_versions v JOIN ql_symbols s ON s.id = v.symbol_id
       LEFT JOIN pins ON pins.symbol_id = v.symbol_id AND pins.version = v.version
       WHERE ${where}
       ORDER BY s.name, v.version DESC`,
      params as never,
    );
    const out: VersionInfo[] = result.getRows().map((r) => ({
      symbol: String(r[0]),
      version: Number(r[1]),
      date: new Date(Math.floor(Number(r[2]) / 1000)),
      deleted: Boolean(r[3]),
      snapshots: r[4] ? ((r[4] as { items: unknown[] }).items.map(String) as string[]) : [],
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
