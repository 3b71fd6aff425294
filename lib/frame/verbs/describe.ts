import { columnValues } from "../columnValues";
import { TimestampArray } from "../TimestampArray";
import { Table, toTable } from "../toTable";
import { numpySum } from "../window";
import { FrameError } from "./FrameError";
import { quantileSorted } from "./quantile";
import { findTableColumn, toFloat64, VerbTable } from "./series";

/** Options of {@link describe}. */
export interface DescribeOptions {
  /** Fractions between 0 and 1 to report, each as a row named like "25%". @default [0.25, 0.5, 0.75] */
  percentiles?: number[];
  /** Columns to describe. @default every numeric column (numbers, not timestamps) */
  columns?: string[];
}

function isNumeric(values: ArrayLike<unknown>): boolean {
  if (values instanceof TimestampArray) return false;
  if (ArrayBuffer.isView(values)) return !(values instanceof Uint8Array);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) return typeof v === "number" || typeof v === "bigint";
  }
  return false;
}

function percentLabel(p: number): string {
  // pandas' format_percentiles: as few decimals as tell the percentiles apart
  const pct = p * 100;
  for (let digits = 0; digits < 15; digits++) {
    const text = pct.toFixed(digits);
    if (Number(text) === Number(pct.toPrecision(15))) return `${digits ? text.replace(/\.?0+$/, "") : text}%`;
  }
  return `${pct}%`;
}

/** count, mean, std (ddof 1), min, percentiles, max of one series, as pandas 1.5 computes them. */
function stats(x: Float64Array, percentiles: number[]): number[] {
  const present = x.filter((v) => v === v);
  const count = present.length;
  const zeroed = Float64Array.from(x, (v) => (v === v ? v : 0));
  const mean = count ? numpySum(zeroed) / count : NaN;
  let std = NaN;
  if (count > 1) {
    const squares = Float64Array.from(x, (v) => (v === v ? (mean - v) * (mean - v) : 0));
    std = Math.sqrt(numpySum(squares) / (count - 1));
  }
  const sorted = present.sort();
  const quantiles = percentiles.map((p) => quantileSorted(sorted, p));
  return [count, mean, std, count ? sorted[0] : NaN, ...quantiles, count ? sorted[count - 1] : NaN];
}

/**
 * Summary statistics of the numeric columns, as pandas 1.5's `df.describe()`: a Table whose `stat`
 * column names the rows (count, mean, std, min, 25%, 50%, 75%, max) and one column per described
 * column. count leaves missing values (NaN, null) out, and so do the others; std is the sample
 * standard deviation (ddof 1); percentiles interpolate linearly between neighbours. Every value equals
 * pandas' float64 bits.
 * @throws FrameError MISSING_COLUMN / NOT_NUMERIC for a named column, INVALID_OPTION for a percentile outside [0, 1]
 *   or a table without numeric columns.
 * @example show(describe(t, { percentiles: [0.05, 0.5, 0.95] }));
 */
export function describe(table: VerbTable, options: DescribeOptions = {}): Table {
  const requested = options.percentiles ?? [0.25, 0.5, 0.75];
  for (const p of requested) {
    if (!(p >= 0 && p <= 1)) throw new FrameError(`describe: percentiles must be fractions between 0 and 1, got ${p}`, { code: "INVALID_OPTION" });
  }
  // pandas always reports the median, and each percentile once, in ascending order
  const percentiles = [...new Set([...requested, 0.5])].sort((a, b) => a - b);
  const names = options.columns
    ? options.columns.map((c) => findTableColumn(table, c, "describe"))
    : table.columnNames().filter((name) => isNumeric(columnValues(table, name)));
  if (names.length === 0) throw new FrameError("describe: the table has no numeric column; name the columns with { columns: [...] }", { code: "INVALID_OPTION" });
  const rows = ["count", "mean", "std", "min", ...percentiles.map(percentLabel), "max"];
  const columns: [string, ArrayLike<unknown>][] = [["stat", rows]];
  for (const name of names) columns.push([name, Float64Array.from(stats(toFloat64(columnValues(table, name), "describe", name), percentiles))]);
  return toTable(columns);
}
