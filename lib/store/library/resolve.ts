import { InvalidDataError, NoSuchVersionError, SnapshotNotFoundError, SymbolNotFoundError } from "../../errors";
import { OpenFile, SymbolRow, VersionRow } from "../engine";
import { AsOf } from "../types";
import { LibraryContext } from "./context";

/** A symbol and one of its versions. */
export interface Resolved {
  symbol: SymbolRow;
  version: VersionRow;
}

/**
 * Checks that a snapshot exists.
 * @throws SnapshotNotFoundError naming the snapshot and library (and `symbol`, when given).
 */
export async function requireSnapshot(ctx: LibraryContext, open: OpenFile, snapshot: string, symbol?: string): Promise<void> {
  if (await open.catalog.snapshotExists(snapshot)) return;
  throw new SnapshotNotFoundError(`snapshot '${snapshot}' does not exist in library '${ctx.name}'`, {
    library: ctx.name,
    symbol,
    snapshot,
  });
}

/**
 * Finds the version `asOf` names (see {@link AsOf}).
 * @throws SymbolNotFoundError when the symbol has no live version (or is not in the snapshot),
 *   NoSuchVersionError when the version number or time matches no live version,
 *   SnapshotNotFoundError when the snapshot does not exist.
 */
export async function resolveVersion(ctx: LibraryContext, open: OpenFile, name: string, asOf?: AsOf): Promise<Resolved> {
  const context = { library: ctx.name, symbol: name };
  const symbol = await open.catalog.getSymbol(name);
  if (typeof asOf === "string") {
    await requireSnapshot(ctx, open, asOf, name);
    const number = symbol ? await open.catalog.snapshotVersion(asOf, symbol.id) : null;
    if (!symbol || number === null) {
      throw new SymbolNotFoundError(`symbol '${name}' is not in snapshot '${asOf}' of library '${ctx.name}'`, {
        ...context,
        snapshot: asOf,
      });
    }
    return { symbol, version: (await open.catalog.getVersion(symbol.id, number))! };
  }
  const latest = symbol ? await open.catalog.getLatest(symbol.id) : null;
  if (!symbol || !latest) {
    throw new SymbolNotFoundError(`symbol '${name}' does not exist in library '${ctx.name}'`, context);
  }
  if (asOf === undefined || asOf === null) return { symbol, version: latest };
  if (typeof asOf === "number") {
    if (!Number.isInteger(asOf)) {
      throw new InvalidDataError(`asOf ${asOf} for '${name}' is not a version number`, context);
    }
    if (asOf >= 0) {
      const version = await open.catalog.getVersion(symbol.id, asOf);
      if (!version || version.deleted) {
        const state = version ? "was deleted" : `does not exist (latest is ${latest.version})`;
        throw new NoSuchVersionError(`version ${asOf} of '${name}' in library '${ctx.name}' ${state}`, {
          ...context,
          version: asOf,
        });
      }
      return { symbol, version };
    }
    if (asOf === -1) return { symbol, version: latest };
    const live = (await open.catalog.listVersionRows(symbol.id)).filter((v) => !v.deleted);
    const pick = live[-asOf - 1];
    if (!pick) {
      throw new NoSuchVersionError(`'${name}' has ${live.length} live versions; asOf ${asOf} goes back further`, context);
    }
    return { symbol, version: (await open.catalog.getVersion(symbol.id, pick.version))! };
  }
  if (asOf instanceof Date) {
    // Versions are stamped in microseconds but reported (VersionedItem.timestamp) in milliseconds:
    // a Date matches every version created within its millisecond.
    const t = asOf.getTime() * 1000 + 999;
    if (Number.isNaN(t)) throw new InvalidDataError(`asOf for '${name}' is an invalid Date`, context);
    if (latest.createdUs <= t) return { symbol, version: latest };
    const pick = (await open.catalog.listVersionRows(symbol.id)).find((v) => !v.deleted && v.createdUs <= t);
    if (!pick) {
      throw new NoSuchVersionError(`'${name}' has no version created at or before ${asOf.toISOString()}`, context);
    }
    return { symbol, version: (await open.catalog.getVersion(symbol.id, pick.version))! };
  }
  throw new InvalidDataError(
    `asOf for '${name}' must be a version number, a snapshot name or a Date, got ${typeof asOf}`,
    context,
  );
}
