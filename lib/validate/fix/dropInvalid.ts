import type { Library } from "../../store";
import { flagInvalidRows, invalidCodes } from "../ohlcv/invalidRows";
import { isoTime } from "../ohlcv/isoTime";
import { ohlcvColumns } from "../ohlcv/ohlcvColumns";
import type { InvalidCode } from "../ohlcv/ValidationReport";
import { FixResult, MAX_RECORDED_TIMESTAMPS } from "./FixResult";
import { keptRows, takeRows } from "./takeRows";
import { unchanged, writeFix } from "./writeFix";

/**
 * Removes the rows that cannot be bars (the `invalid` rows of {@link validateOhlcv}: nulls, NaN/∞,
 * prices <= 0, negative volume, high below the body, low above it, high < low) from the latest version of
 * `symbol`, as a new version. The version before stays readable with `asOf`; the new version's metadata
 * records the fix under `fixes` with the count of rows per reason. When no row is invalid, nothing is
 * written (`changed: false`).
 * @throws ValidationError `MISSING_COLUMN` / `INVALID_COLUMN` for a symbol without OHLCV columns,
 *   `VERSION_CHANGED` when the symbol changed meanwhile; SymbolNotFoundError (store).
 * @example const { version, record } = await dropInvalid(lib, "AAPL"); record?.summary // "removed 2 invalid row(s) …"
 */
export async function dropInvalid(lib: Library, symbol: string): Promise<FixResult> {
  const item = await lib.read(symbol);
  const a = ohlcvColumns(item.data, "dropInvalid");
  const { flags, count } = flagInvalidRows(a);
  if (count === 0) return unchanged(lib, symbol, item.version);
  const byCode: Partial<Record<InvalidCode, number>> = {};
  const timestamps: string[] = [];
  for (let i = 0; i < a.rows; i++) {
    if (!flags[i]) continue;
    for (const code of invalidCodes(flags[i])) byCode[code] = (byCode[code] ?? 0) + 1;
    if (timestamps.length < MAX_RECORDED_TIMESTAMPS && Number.isFinite(a.timestamp[i])) timestamps.push(isoTime(a.timestamp[i]));
  }
  const data = takeRows(item.data, keptRows(a.rows, flags));
  const reasons = Object.entries(byCode).map(([code, n]) => `${code} ${n}`).join(", ");
  return writeFix(lib, symbol, data, item.metadata, {
    fix: "dropInvalid",
    fromVersion: item.version,
    at: isoTime(Date.now()),
    removedRows: count,
    addedRows: 0,
    options: {},
    summary: `removed ${count} invalid row(s) (${reasons})`,
    timestamps,
  });
}
