import { copyMetadata } from "./metadata";
import { InvalidDataError, StoreError } from "../../errors";
import { INDEX_COLUMN } from "../../frame";
import { AsOf, SymbolDescription } from "../types";
import { LibraryContext, withFile } from "./context";
import { requireSnapshot, resolveVersion } from "./resolve";

/** See {@link Library.listSymbols}. */
export function listSymbols(ctx: LibraryContext, options: { snapshot?: string; regex?: string | RegExp } = {}): Promise<string[]> {
  let pattern: RegExp | undefined;
  try {
    // g and y flags would make test() stateful between names.
    const given = options.regex === undefined ? undefined : new RegExp(options.regex);
    pattern = given && new RegExp(given.source, given.flags.replace(/[gy]/g, ""));
  } catch (cause) {
    throw new InvalidDataError(`regex ${String(options.regex)} is not a valid regular expression`, { library: ctx.name, cause });
  }
  return withFile(ctx, async (open) => {
    let names: string[];
    if (options.snapshot !== undefined) {
      await requireSnapshot(ctx, open, options.snapshot);
      names = await open.catalog.symbolNames(options.snapshot);
    } else {
      names = await open.catalog.symbolNames();
    }
    return names.filter((n) => !pattern || pattern.test(n)).sort();
  });
}

/** See {@link Library.hasSymbol}. */
export async function hasSymbol(ctx: LibraryContext, name: string, options: { asOf?: AsOf } = {}): Promise<boolean> {
  return withFile(ctx, async (open) => {
    try {
      await resolveVersion(ctx, open, name, options.asOf);
      return true;
    } catch (error) {
      if (error instanceof StoreError && ["SYMBOL_NOT_FOUND", "NO_SUCH_VERSION", "SNAPSHOT_NOT_FOUND"].includes(error.code)) return false;
      throw error;
    }
  });
}

/** See {@link Library.getDescription}. */
export function getDescription(ctx: LibraryContext, name: string, options: { asOf?: AsOf } = {}): Promise<SymbolDescription> {
  return withFile(ctx, async (open) => {
    const { version } = await resolveVersion(ctx, open, name, options.asOf);
    const index = version.indexed ? version.columns.find((c) => c.name === INDEX_COLUMN) : undefined;
    return {
      symbol: name,
      version: version.version,
      columns: version.columns.map((c) => ({ name: c.name, type: c.type })),
      index: index ? { name: index.name, type: index.type } : null,
      rowCount: version.rowCount,
      dateRange:
        version.firstUs === null || version.lastUs === null
          ? null
          : [new Date(Math.floor(version.firstUs / 1000)), new Date(Math.floor(version.lastUs / 1000))],
      lastUpdate: new Date(Math.floor(version.createdUs / 1000)),
      sorted: !version.indexed ? "UNKNOWN" : version.sorted ? "ASCENDING" : "UNSORTED",
      metadata: copyMetadata(version.metadata),
    };
  });
}
