import { VersionConflictError } from "../../store";
import type { Library } from "../../store";
import { ValidationError } from "../ValidationError";
import type { FixRecord, FixResult } from "./FixResult";

/**
 * The metadata of a fixed version: the previous version's metadata with the fix appended to its `fixes`
 * list. Metadata that is not a plain object is kept under `original`.
 */
export function fixedMetadata(previous: unknown, record: FixRecord): Record<string, unknown> {
  const base: Record<string, unknown> =
    typeof previous === "object" && previous !== null && !Array.isArray(previous)
      ? { ...(previous as Record<string, unknown>) }
      : previous === undefined || previous === null
        ? {}
        : { original: previous };
  const before = Array.isArray(base.fixes) ? base.fixes : [];
  return { ...base, fixes: [...before, record] };
}

/**
 * Writes the fixed data as a new full version (a write, so a new column such as `synthetic` is fine
 * under static schema), unless the symbol got a newer version meanwhile: the store checks that in the
 * same transaction as the write (`expectedVersion`), so no version written in between is lost.
 * @throws ValidationError `VERSION_CHANGED` when the latest version is no longer `record.fromVersion`.
 */
export async function writeFix(lib: Library, symbol: string, data: unknown, previousMetadata: unknown, record: FixRecord): Promise<FixResult> {
  try {
    const metadata = fixedMetadata(previousMetadata, record);
    const item = await lib.write(symbol, data, { metadata, validateIndex: false, expectedVersion: record.fromVersion });
    return { library: lib.name, symbol, changed: true, fromVersion: record.fromVersion, version: item.version, record };
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    const now = error.version === undefined ? "no live version" : `version ${error.version}`;
    throw new ValidationError(`${record.fix}: '${symbol}' in '${lib.name}' went from version ${record.fromVersion} to ${now} while the fix was computed; nothing was written, run the fix again`, { code: "VERSION_CHANGED", library: lib.name, symbol, cause: error }
    );
  }
}

/** The result of a fix that found nothing to do (no version written). */
export function unchanged(lib: Library, symbol: string, version: number): FixResult {
  return { library: lib.name, symbol, changed: false, fromVersion: version, version, record: null };
}
