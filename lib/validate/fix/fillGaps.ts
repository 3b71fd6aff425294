import { Table, columnValues, toTable } from "../../frame";
import type { CalendarName, Calendar } from "../../market";
import type { Library } from "../../store";
import { isoTime } from "../ohlcv/isoTime";
import { ohlcvColumns } from "../ohlcv/ohlcvColumns";
import { resolveOptions } from "../ohlcv/options";
import { missingBarTimes, sessionGrid } from "../ohlcv/sessionGrid";
import { validateArrays } from "../ohlcv/validateOhlcv";
import type { SessionKind } from "../ohlcv/ValidationReport";
import { ValidationError } from "../ValidationError";
import { FixResult, MAX_RECORDED_TIMESTAMPS } from "./FixResult";
import { unchanged, writeFix } from "./writeFix";

/** Options of {@link fillGaps}. */
export interface FillGapsOptions {
  /** Bar length, e.g. "1m". */
  timeframe: string;
  /** Calendar the bars are expected in. @default "24/7" */
  calendar?: CalendarName | Calendar;
  /** "RTH" or "ETH" (see validateOhlcv). @default "RTH" */
  session?: SessionKind;
}

/** The name of the column that marks filled bars. */
export const SYNTHETIC_COLUMN = "synthetic";

/**
 * Fills the gaps of the latest version of `symbol` (bars the calendar expects between two present bars)
 * with synthetic bars, as a new full version: open = high = low = close = the close of the bar before the
 * gap, volume 0, other columns carried forward from that bar, and a boolean column `synthetic` that is true
 * for filled bars and false for the others (an existing `synthetic` column is kept and extended). Because
 * the new version is a write, the new column is fine under static schema; appending to the symbol later
 * needs the `synthetic` column too (or a dynamic-schema library). The version before stays readable with
 * `asOf`; the metadata records the fix under `fixes`. When nothing is missing, nothing is written
 * (`changed: false`).
 * @throws ValidationError `UNSORTED_DATA` when rows are out of order or duplicated (run fixDuplicates first,
 *   write the data sorted); `INVALID_OPTIONS` for a bad timeframe, calendar or session; `MISSING_COLUMN`;
 *   `VERSION_CHANGED`; SymbolNotFoundError (store).
 * @example await fillGaps(lib, "AAPL", { timeframe: "1m", calendar: "XNYS" })
 */
export async function fillGaps(lib: Library, symbol: string, options: FillGapsOptions): Promise<FixResult> {
  const resolved = { ...resolveOptions(options, "fillGaps"), maxItems: Number.MAX_SAFE_INTEGER };
  const item = await lib.read(symbol);
  const a = ohlcvColumns(item.data, "fillGaps");
  const report = validateArrays(a, resolved);
  if (report.counts.outOfOrder > 0 || report.counts.duplicates > 0) {
    throw new ValidationError(`fillGaps: '${symbol}' has ${report.counts.outOfOrder} row(s) out of order and ${report.counts.duplicates} duplicate row(s); gaps are filled on sorted bars with one row per timestamp: run fixDuplicates and write the bars sorted first`, { code: "UNSORTED_DATA", library: lib.name, symbol, rows: [...report.outOfOrder.map((r) => r.row), ...report.duplicates.flatMap((d) => d.rows)].slice(0, 100) }
    );
  }
  if (report.gaps.length === 0) return unchanged(lib, symbol, item.version);
  const t = a.timestamp;
  const grid = sessionGrid(resolved.calendar, resolved.session, resolved.timeframeMs, t[0], t[a.rows - 1]);
  const inserts = new Map<number, number[]>();
  let added = 0;
  const timestamps: string[] = [];
  for (const gap of report.gaps) {
    const times = missingBarTimes(grid, t[gap.previousRow], t[gap.nextRow]);
    inserts.set(gap.previousRow, times);
    added += times.length;
    if (timestamps.length < MAX_RECORDED_TIMESTAMPS && times.length) timestamps.push(isoTime(times[0]));
  }
  const data = withFilledBars(item.data, a.names, inserts, a.rows + added);
  return writeFix(lib, symbol, data, item.metadata, {
    fix: "fillGaps",
    fromVersion: item.version,
    at: isoTime(Date.now()),
    removedRows: 0,
    addedRows: added,
    options: { timeframe: resolved.timeframe, calendar: resolved.calendar.name, session: resolved.session },
    summary: `filled ${report.gaps.length} gap(s) with ${added} synthetic bar(s) (close carried forward, volume 0)`,
    timestamps,
  });
}

/** The table with synthetic bars inserted after the rows in `inserts` (row -> times of the bars after it). */
function withFilledBars(table: Table, names: Record<string, string | null>, inserts: Map<number, number[]>, total: number): Table {
  const n = table.numRows();
  // source[k]: the row output row k comes from (the bar before the gap for a filled bar); filled[k]: 1 if synthetic
  const source = new Int32Array(total);
  const filled = new Uint8Array(total);
  const times = new Float64Array(total);
  for (let i = 0, k = 0; i < n; i++) {
    source[k++] = i;
    const after = inserts.get(i);
    if (after === undefined) continue;
    for (const time of after) {
      source[k] = i;
      filled[k] = 1;
      times[k] = time;
      k++;
    }
  }
  const priceColumns = new Set([names.open, names.high, names.low, names.close]);
  const close = columnValues(table, names.close!);
  const columns: [string, ArrayLike<unknown>][] = table.columnNames().map((name) => {
    const values = columnValues(table, name);
    const out = ArrayBuffer.isView(values)
      ? new (values.constructor as new (n: number) => { [i: number]: unknown; length: number })(total)
      : new Array<unknown>(total);
    for (let k = 0; k < total; k++) {
      const i = source[k];
      if (!filled[k]) out[k] = values[i];
      else if (name === names.timestamp) out[k] = values[i] instanceof Date ? new Date(times[k]) : times[k];
      else if (priceColumns.has(name)) out[k] = close[i];
      else if (name === names.volume) out[k] = 0;
      else if (name === SYNTHETIC_COLUMN) out[k] = true;
      else out[k] = values[i];
    }
    return [name, out as ArrayLike<unknown>];
  });
  if (!table.columnNames().includes(SYNTHETIC_COLUMN)) {
    columns.push([SYNTHETIC_COLUMN, Array.from(filled, (f) => f === 1)]);
  }
  return toTable(columns);
}
