import type { Library } from "../../store";
import { findDuplicates } from "../ohlcv/duplicates";
import { isoTime } from "../ohlcv/isoTime";
import { ohlcvColumns } from "../ohlcv/ohlcvColumns";
import { timeOrder } from "../ohlcv/timeOrder";
import { ValidationError } from "../ValidationError";
import { FixResult, MAX_RECORDED_TIMESTAMPS } from "./FixResult";
import { keptRows, takeRows } from "./takeRows";
import { unchanged, writeFix } from "./writeFix";

/** Options of {@link fixDuplicates}. */
export interface FixDuplicatesOptions {
  /**
   * Which row of a timestamp stays: "last" (a later row corrects an earlier one), "first", or "fail":
   * throw when rows of one timestamp differ. Identical copies are dropped whatever `keep` says.
   * @default "last"
   */
  keep?: "last" | "first" | "fail";
}

/**
 * Removes rows that repeat a timestamp from the latest version of `symbol`, keeping one row per timestamp,
 * as a new version (a full write; row order is otherwise kept). The version before stays readable with
 * `asOf`. Its metadata is the previous version's plus a {@link FixRecord} appended to `fixes`.
 * When no timestamp repeats, nothing is written and the result says `changed: false`.
 * @throws ValidationError `CONFLICTING_DUPLICATES` with `keep: "fail"` when rows of a timestamp differ
 *   (names the first such timestamp and its rows; nothing written); `INVALID_OPTIONS` for another `keep`;
 *   `MISSING_COLUMN` for a symbol without OHLCV columns; `VERSION_CHANGED` when the symbol changed meanwhile.
 * @throws SymbolNotFoundError (store) when the symbol does not exist.
 * @example await fixDuplicates(lib, "AAPL", { keep: "last" }) // { changed: true, fromVersion: 3, version: 4, … }
 */
export async function fixDuplicates(lib: Library, symbol: string, options: FixDuplicatesOptions = {}): Promise<FixResult> {
  const { keep = "last" } = options;
  if (keep !== "last" && keep !== "first" && keep !== "fail") {
    throw new ValidationError(`fixDuplicates: 'keep' must be "last", "first" or "fail", got ${JSON.stringify(keep)}`, { code: "INVALID_OPTIONS", library: lib.name, symbol });
  }
  const item = await lib.read(symbol);
  const a = ohlcvColumns(item.data, "fixDuplicates");
  const noFlags = new Uint8Array(a.rows);
  const order = timeOrder(a.timestamp, noFlags);
  const found = findDuplicates(a.timestamp, order.order, noFlags, a.columns, Infinity);
  if (found.count === 0) return unchanged(lib, symbol, item.version);
  if (keep === "fail") {
    const conflict = found.groups.find((g) => g.conflicting);
    if (conflict) {
      throw new ValidationError(`fixDuplicates: '${symbol}' has rows that differ at ${conflict.timestamp} (rows ${conflict.rows.join(", ")}; ${found.groups.filter((g) => g.conflicting).length} conflicting timestamp(s) in all); nothing was written: pass keep: "first" or "last", or correct the rows`, { code: "CONFLICTING_DUPLICATES", library: lib.name, symbol, timestamp: conflict.timestamp, rows: conflict.rows }
      );
    }
  }
  const drop = new Uint8Array(a.rows);
  const timestamps: string[] = [];
  for (const group of found.groups) {
    const stays = keep === "last" && group.conflicting ? group.rows[group.rows.length - 1] : group.rows[0];
    for (const row of group.rows) if (row !== stays) drop[row] = 1;
    if (timestamps.length < MAX_RECORDED_TIMESTAMPS) timestamps.push(group.timestamp);
  }
  const data = takeRows(item.data, keptRows(a.rows, drop));
  return writeFix(lib, symbol, data, item.metadata, {
    fix: "fixDuplicates",
    fromVersion: item.version,
    at: isoTime(Date.now()),
    removedRows: found.count,
    addedRows: 0,
    options: { keep },
    summary: `removed ${found.count} duplicate row(s) of ${found.groupCount} timestamp(s) (${found.conflicting} conflicting, ${found.identical} identical; keep: ${keep})`,
    timestamps,
  });
}
