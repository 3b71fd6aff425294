import { Table, toTable } from "../frame";
import { ohlcvColumnNames } from "../market";
import { collectCheck, validateOhlcv } from "../validate";
import type { RunQuality, RunRecord } from "./RunRecord";

/** A check of a run's table before it is stored: returns the problems found (empty when fine). */
export type OutputValidator = (table: Table, context: { job: string; symbol: string }) => string[];

const PRICES = ["open", "high", "low", "close"] as const;

/**
 * The runner's default validator: lib/validate's row checks (the same ones `quantlab validate` and
 * `ohlcvWriteCheck` run) on tables that have open, high, low and close columns (any case; other tables
 * pass untouched). A problem is an invalid row (a null or non-finite value, a price <= 0, volume < 0,
 * high below max(open, close), low above min(open, close), high < low), rows sharing a timestamp, or a row
 * out of time order. Calendar findings (gaps, extra bars, outliers, stale runs) are not problems here: a
 * job's output is often a slice, and `quantlab validate` judges the stored symbol. A table without a
 * `timestamp` column gets only the value checks. Reports up to `limit` problems, each naming its rows.
 * @example checkOhlcvBasics(table) // ["row 3: high 99.5 < max(open, close) 100.25"]
 */
export function checkOhlcvBasics(table: Table, _context?: { job: string; symbol: string }, limit = 5): string[] {
  const names = table.columnNames();
  const found = ohlcvColumnNames(names);
  if (!PRICES.every((p) => found[p] !== undefined)) return [];
  const timed = found.timestamp !== undefined;
  // Without a time index, row numbers stand in for it: always in order, never duplicated.
  const input = timed ? table : toTable([...names.map((n) => [n, table.array(n) as ArrayLike<unknown>] as [string, ArrayLike<unknown>]), ["timestamp", Float64Array.from({ length: table.numRows() }, (_, i) => i)]]);
  const report = validateOhlcv(input, { timeframe: "1w", maxItems: limit });
  const problems: string[] = [];
  for (const r of report.invalid) problems.push(`row ${r.row}: ${r.reason}`);
  for (const d of report.duplicates) problems.push(`rows ${d.rows.join(", ")}: the same timestamp ${d.timestamp}${d.conflicting ? " with different values" : " (copies)"}`);
  for (const o of report.outOfOrder) problems.push(`row ${o.row}: timestamp ${o.timestamp} is out of time order`);
  return problems.slice(0, limit);
}

/**
 * The quality of a run's table for its {@link RunRecord}: lib/validate's `collectCheck` verdict (the score
 * in [0, 1] and up to five findings, each naming its rows) when the table has open, high, low, close and
 * timestamp columns (any case); null for other tables.
 */
export function tableQuality(table: Table, job: { library: string; symbol: string }): RunQuality | null {
  const found = ohlcvColumnNames(table.columnNames());
  if (!PRICES.every((p) => found[p] !== undefined) || found.timestamp === undefined || table.numRows() === 0) return null;
  const verdict = batchCheck(table, { symbol: job.symbol, library: job.library });
  return { score: verdict.score, findings: verdict.findings };
}

const batchCheck = collectCheck();
