import { InvalidDataError, VersionConflictError } from "../../errors";
import { OpenFile } from "../engine";

/** Refuses an `expectedVersion` option that is neither a version number nor null (undefined: no check). */
export function checkExpectedVersionOption(expected: unknown, library: string, symbol: string): void {
  if (expected === undefined || expected === null || (Number.isSafeInteger(expected) && (expected as number) >= 0)) return;
  throw new InvalidDataError(`expectedVersion for '${symbol}' must be a version number (an integer >= 0) or null, got ${String(expected)}`, { library, symbol });
}

/**
 * Inside the caller's transaction: throws VersionConflictError unless the symbol's latest live version is
 * `expected` (null: no live version). Undefined checks nothing.
 */
export async function requireExpectedVersion(open: OpenFile, library: string, symbol: string, expected: number | null | undefined): Promise<void> {
  if (expected === undefined) return;
  const row = await open.catalog.getSymbol(symbol);
  const latest = row ? await open.catalog.getLatest(row.id) : null;
  const found = latest ? latest.version : null;
  if (found === expected) return;
  const want = expected === null ? "no version" : `version ${expected}`;
  const have = found === null ? "no live version" : `version ${found}`;
  throw new VersionConflictError(
    `'${symbol}' in '${library}' is at ${have}, not the expected ${want}: it was changed since it was read; nothing was written (read it again and retry)`,
    { library, symbol, version: found ?? undefined },
  );
}
