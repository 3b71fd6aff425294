import { DuplicateSnapshotError, NoSuchVersionError, SymbolNotFoundError } from "../../errors";
import { checkName } from "../names";
import { SnapshotInfo } from "../types";
import { getSymbol, getVersion } from "./catalog";
import { LibraryContext, withFile } from "./context";
import { checkMetadata } from "./metadata";
import { collectGarbage } from "./remove";
import { requireSnapshot, snapshotExists } from "./resolve";
import { transaction } from "./schema";

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
    transaction(open.connection, async () => {
      if (await snapshotExists(open, name)) {
        throw new DuplicateSnapshotError(`snapshot '${name}' already exists in library '${ctx.name}'; snapshots are immutable, delete it first`, context);
      }
      const latest = (
        await open.connection.runAndReadAll(
          "SELECT s.name, v.symbol_id, max(v.version) FROM ql_versions v JOIN ql_symbols s ON s.id = v.symbol_id WHERE NOT v.deleted GROUP BY ALL",
        )
      ).getRows();
      const pinned = new Map<string, [number, number]>();
      for (const [symbol, id, version] of latest) pinned.set(String(symbol), [Number(id), Number(version)]);
      for (const [symbol, version] of Object.entries(versions)) {
        const row = await getSymbol(open, symbol);
        const found = row ? await getVersion(open, row.id, version) : null;
        if (!row) throw new SymbolNotFoundError(`cannot snapshot '${symbol}': it does not exist in library '${ctx.name}'`, { ...context, symbol });
        if (!found || found.deleted) {
          throw new NoSuchVersionError(`cannot snapshot version ${version} of '${symbol}': it does not exist or was deleted`, { ...context, symbol, version });
        }
        pinned.set(symbol, [row.id, version]);
      }
      for (const skip of skipSymbols) pinned.delete(skip);
      await open.connection.run("INSERT INTO ql_snapshots VALUES ($1, $2, $3)", [
        name,
        Date.now() * 1000,
        metadata === undefined ? null : JSON.stringify(metadata),
      ] as never);
      if (pinned.size > 0) {
        const values = [...pinned.values()].map(([id, version]) => `(${id}, ${version})`).join(", ");
        await open.connection.run(`INSERT INTO ql_snapshot_versions SELECT $1, * FROM (VALUES ${values})`, [name]);
      }
    }),
  );
}

/** See {@link Library.listSnapshots}. */
export function listSnapshots(ctx: LibraryContext): Promise<SnapshotInfo[]> {
  return withFile(ctx, async (open) => {
    const rows = (await open.connection.runAndReadAll("SELECT name, created_us, metadata FROM ql_snapshots ORDER BY name")).getRows();
    return rows.map(([name, created, metadata]) => ({
      name: String(name),
      created: new Date(Math.floor(Number(created) / 1000)),
      metadata: metadata === null ? undefined : JSON.parse(String(metadata)),
    }));
  });
}

/** See {@link Library.deleteSnapshot}. */
export async function deleteSnapshot(ctx: LibraryContext, name: string): Promise<void> {
  await withFile(ctx, (open) =>
    transaction(open.connection, async () => {
      await requireSnapshot(ctx, open, name);
      const held = (await open.connection.runAndReadAll("SELECT DISTINCT symbol_id FROM ql_snapshot_versions WHERE snapshot = $1", [name])).getRows();
      await open.connection.run("DELETE FROM ql_snapshot_versions WHERE snapshot = $1", [name]);
      await open.connection.run("DELETE FROM ql_snapshots WHERE name = $1", [name]);
      for (const [id] of held) await collectGarbage(open, Number(id));
    }),
  );
}
