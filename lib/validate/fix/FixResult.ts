/** Which fix made a version. */
export type FixName = "fixDuplicates" | "dropInvalid" | "fillGaps";

/**
 * What a fix did, as stored in the new version's metadata (under `fixes`, appended to the fixes before it)
 * and returned. Times are ISO-8601 UTC.
 */
export interface FixRecord {
  fix: FixName;
  /** The version the fix read and changed. */
  fromVersion: number;
  /** When the fix ran. */
  at: string;
  /** Rows taken out (fixDuplicates, dropInvalid). */
  removedRows: number;
  /** Synthetic bars added (fillGaps). */
  addedRows: number;
  /** The options the fix ran with. */
  options: Record<string, unknown>;
  /** What changed, in words, e.g. "removed 3 duplicate rows of 2 timestamps (keep: last)". */
  summary: string;
  /** Up to 100 timestamps concerned (removed rows, or gaps' first missing bars). */
  timestamps: string[];
}

/** The result of a fix. */
export interface FixResult {
  library: string;
  symbol: string;
  /** False when there was nothing to fix: then no version was written. */
  changed: boolean;
  /** The version read. */
  fromVersion: number;
  /** The version written, or `fromVersion` when nothing changed. */
  version: number;
  /** What the fix did; null when nothing changed. */
  record: FixRecord | null;
}

/** Most timestamps kept in a {@link FixRecord}. */
export const MAX_RECORDED_TIMESTAMPS = 100;
