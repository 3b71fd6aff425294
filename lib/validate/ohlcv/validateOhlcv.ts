import { DuplicateFindings, findDuplicates } from "./duplicates";
import { NO_TIME_BIT, flagInvalidRows, invalidCodes, invalidReason } from "./invalidRows";
import { isoTime } from "./isoTime";
import { OhlcvArrays, ohlcvColumns } from "./ohlcvColumns";
import { ResolvedOptions, ValidateOptions, resolveOptions } from "./options";
import { outlierBand, sampleReturns } from "./outliers";
import { qualityScore } from "./qualityScore";
import { sequencePass } from "./sequencePass";
import { sessionGrid } from "./sessionGrid";
import { TimeOrder, timeOrder } from "./timeOrder";
import type { InvalidRow, OutOfOrderRow, Outlier, ValidationCounts, ValidationReport } from "./ValidationReport";

/**
 * Checks OHLCV bars the way a careful quant would before trusting them, and says what is wrong where:
 * duplicates (identical or conflicting), rows out of time order, invalid rows (nulls, NaN/∞, prices <= 0,
 * negative volume, high below the body, low above it, high < low), gaps against the exchange calendar
 * (bars the sessions expect that are not there), extra bars outside sessions, outlier returns outside a
 * robust band, and stale runs of a repeated close with volume; and a quality score in [0, 1].
 *
 * Input is anything `toFrame` accepts (arquero Table, row objects, column arrays); the columns timestamp,
 * open, high, low, close and optionally volume are found whatever their case. The data is not changed.
 * The checks run over typed arrays in a few linear passes (10M one-minute bars in well under a second on
 * one core, see bench/validate.ts); only unsorted data pays an O(n log n) sort.
 *
 * Gaps, extra bars, outliers and stale runs are judged on the bars in time order, one per timestamp (the
 * first row of a duplicated timestamp), so a bar that is present but out of place is not also a gap.
 * Returns and stale runs skip invalid rows; on intraday timeframes, returns across a session break (the
 * overnight gap) are not judged unless `overnightReturns`. Timeframes longer than a day are not checked against the
 * calendar (no gaps or extra bars reported).
 *
 * @param table the bars.
 * @param options timeframe (required), calendar (@default "24/7"), session (@default "RTH"), outlierK
 *   (@default 10), overnightReturns (@default false), staleBars (@default 10), maxItems (@default 1000),
 *   bandSample (@default 200000); see
 *   {@link ValidateOptions}.
 * @throws ValidationError `INVALID_OPTIONS` for a bad option, `MISSING_COLUMN` / `INVALID_COLUMN` for a
 *   table without usable OHLCV columns; InvalidDataError (from toFrame) for data that is not a table or a
 *   null in a column named exactly `timestamp`.
 * @example
 * const report = validateOhlcv(bars, { timeframe: "1m", calendar: "XNYS" });
 * report.gaps[0]; // { previous: "2024-03-05T15:12:00.000Z", next: "…T15:20:00.000Z", missing: 7, … }
 */
export function validateOhlcv(table: unknown, options: ValidateOptions): ValidationReport {
  const resolved = resolveOptions(options);
  return validateArrays(ohlcvColumns(table), resolved);
}

/** {@link validateOhlcv} on columns already extracted (the fixes reuse it). */
export function validateArrays(a: OhlcvArrays, options: ResolvedOptions): ValidationReport {
  const { maxItems } = options;
  const t = a.timestamp;
  const { flags, count: invalidCount, maybeUnsorted, maybeDuplicates } = flagInvalidRows(a);
  const order = maybeUnsorted ? timeOrder(t, flags) : SORTED;
  const duplicates = maybeDuplicates ? findDuplicates(t, order.order, flags, a.columns, maxItems) : noDuplicates();
  const [minT, maxT] = timeBounds(t, flags, order.order);
  const grid = sessionGrid(options.calendar, options.session, options.timeframeMs, minT, maxT);
  const band = outlierBand(sampleReturns(a, flags, order.order, options.timeframeMs, options.bandSample), options.outlierK);
  const seq = sequencePass(a, flags, order.order, grid, options.staleBars, maxItems, options.overnightReturns, band, options.splits);

  const invalid: InvalidRow[] = [];
  const listed = Math.min(invalidCount, maxItems);
  for (let i = 0; invalid.length < listed; i++) {
    const bits = flags[i];
    if (bits === 0) continue;
    invalid.push({ row: i, timestamp: bits & NO_TIME_BIT ? null : isoTime(t[i]), codes: invalidCodes(bits), reason: invalidReason(a, i, bits) });
  }
  const outOfOrder: OutOfOrderRow[] = [];
  if (order.outOfOrder) {
    for (let i = 0; i < a.rows && outOfOrder.length < maxItems; i++) if (order.outOfOrder[i]) outOfOrder.push({ row: i, timestamp: isoTime(t[i]) });
  }
  const counts: ValidationCounts = {
    duplicates: duplicates.count,
    identicalDuplicates: duplicates.identical,
    conflictingDuplicates: duplicates.conflicting,
    outOfOrder: order.outOfOrderCount,
    invalid: invalidCount,
    gaps: seq.gapCount,
    missingBars: seq.missingBars,
    extraBars: seq.extraCount,
    outliers: seq.outlierCount,
    splits: seq.splitCount,
    staleRuns: seq.staleRuns,
    staleBars: seq.staleBars,
  };
  const found = counts.duplicates + counts.outOfOrder + counts.invalid + counts.gaps + counts.extraBars + counts.outliers + counts.staleRuns;
  return {
    rows: a.rows,
    timeframe: options.timeframe,
    timeframeMs: options.timeframeMs,
    calendar: options.calendar.name,
    session: options.session,
    start: minT <= maxT ? isoTime(minT) : null,
    end: minT <= maxT ? isoTime(maxT) : null,
    expectedBars: seq.expectedBars,
    counts,
    duplicates: duplicates.groups,
    outOfOrder,
    invalid,
    gaps: seq.gaps,
    extra: seq.extra,
    outliers: seq.outliers,
    outlierBand: band,
    splits: seq.splits,
    stale: seq.stale,
    score: qualityScore(a.rows, counts),
    suggestions: suggestions(seq.outliers, options.actionsGiven),
    ok: found === 0,
    truncated:
      duplicates.groups.length < duplicates.groupCount ||
      outOfOrder.length < counts.outOfOrder ||
      invalid.length < counts.invalid ||
      seq.gaps.length < counts.gaps ||
      seq.extra.length < counts.extraBars ||
      seq.outliers.length < counts.outliers ||
      seq.stale.length < counts.staleRuns,
  };
}

const SORTED: TimeOrder = { sorted: true, order: null, outOfOrder: null, outOfOrderCount: 0 };
const noDuplicates = (): DuplicateFindings => ({ groups: [], count: 0, identical: 0, conflicting: 0, groupCount: 0 });

/** Earliest and latest time of the rows that have one ([Infinity, -Infinity] when none). */
function timeBounds(t: Float64Array, flags: Uint8Array, order: Int32Array | null): [number, number] {
  if (order) return order.length ? [t[order[0]], t[order[order.length - 1]]] : [Infinity, -Infinity];
  // sorted: the first and last rows that have a time
  let first = 0;
  while (first < t.length && flags[first] & NO_TIME_BIT) first++;
  let last = t.length - 1;
  while (last > first && flags[last] & NO_TIME_BIT) last--;
  return first < t.length ? [t[first], t[last]] : [Infinity, -Infinity];
}

/** Advice on outliers that look like splits no action records. */
function suggestions(outliers: readonly Outlier[], actionsGiven: boolean): string[] {
  const likely = outliers.filter((o) => o.likelySplit !== undefined);
  if (likely.length === 0) return [];
  const ratio = (r: number) => (r >= 1 ? `${r}:1` : `1:${1 / r}`);
  const listed = likely.slice(0, 5).map((o) => `${o.timestamp.slice(0, 10)} (row ${o.row}, ${ratio(o.likelySplit!)})`).join(", ");
  const more = likely.length > 5 ? ` and ${likely.length - 5} more` : "";
  const where = actionsGiven ? "the actions given hold no split for them" : "no actions were given";
  return [
    `${likely.length} outlier(s) match a common split ratio: ${listed}${more}; ${where}. If they are splits, store them in '<symbol>.actions' (timestamp, dividend, split), pass them as 'actions', and read the bars with { adjust: "splits" }.`,
  ];
}
