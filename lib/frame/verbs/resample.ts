import { INDEX_COLUMN } from "../types";
import { columnKindOf } from "../columnKind";
import { columnValues } from "../columnValues";
import { TimestampArray } from "../TimestampArray";
import { Table, toTable } from "../toTable";
import { FrameError } from "./FrameError";
import { BucketOptions, bucketing, bucketSpec } from "./resampleBuckets";
import { findTableColumn, VerbTable } from "./series";

/** The aggregations of {@link resample}, with the store's meanings (QueryBuilder's `agg`). */
export type ResampleAggregation = "sum" | "mean" | "min" | "max" | "count" | "first" | "last" | "std";

const AGGREGATIONS: readonly ResampleAggregation[] = ["sum", "mean", "min", "max", "count", "first", "last", "std"];

/** Options of {@link resample}: the store's resample options (pandas 1.5's defaults) and the aggregations. */
export interface TableResampleOptions extends BucketOptions {
  /**
   * What each bucket's row holds, keyed by column: one aggregation (the output keeps the column's name),
   * several (outputs named `<column>_<agg>`), or, keyed by the output name, `{ column, agg }`.
   * @default open first, high max, low min, close last, volume sum, any other column last
   */
  agg?: Record<string, ResampleAggregation | readonly ResampleAggregation[] | { column: string; agg: ResampleAggregation }>;
  /**
   * Buckets without rows: "drop" them, or "keep" every bucket from the first to the last holding rows,
   * with sum and count 0 and other aggregations null.
   * @default "drop"
   */
  emptyBuckets?: "drop" | "keep";
  /** Only "UTC": other zones and exchange calendars need the store's QueryBuilder. @default "UTC" */
  timezone?: string;
}

const DEFAULT_AGG: Record<string, ResampleAggregation> = { open: "first", high: "max", low: "min", close: "last", volume: "sum" };

interface Output {
  output: string;
  column: string;
  agg: ResampleAggregation;
}

function outputsOf(table: VerbTable, agg: TableResampleOptions["agg"]): Output[] {
  const check = (a: unknown, column: string): ResampleAggregation => {
    if (typeof a === "string" && (AGGREGATIONS as readonly string[]).includes(a)) return a as ResampleAggregation;
    throw new FrameError(`resample: unknown aggregation ${JSON.stringify(a)} for column '${column}'; use one of ${AGGREGATIONS.join(", ")}`, { code: "INVALID_OPTION", column });
  };
  if (agg === undefined) {
    return table.columnNames().filter((c) => c !== INDEX_COLUMN).map((c) => ({ output: c, column: c, agg: DEFAULT_AGG[c] ?? "last" }));
  }
  const out: Output[] = [];
  for (const [key, value] of Object.entries(agg)) {
    if (Array.isArray(value)) for (const a of value) out.push({ output: `${key}_${check(a, key)}`, column: findTableColumn(table, key, "resample"), agg: check(a, key) });
    else if (typeof value === "object" && value !== null) {
      const spec = value as { column: string; agg: unknown };
      out.push({ output: key, column: findTableColumn(table, spec.column, "resample"), agg: check(spec.agg, spec.column) });
    } else out.push({ output: key, column: findTableColumn(table, key, "resample"), agg: check(value, key) });
  }
  return out;
}

type Kind = "float" | "int" | "other";

function kindOf(values: ArrayLike<unknown>): Kind {
  const tagged = columnKindOf(values);
  if (tagged === "int") return "int";
  if (tagged === "float") return "float";
  if (values instanceof TimestampArray) return "other";
  if (values instanceof Float64Array || values instanceof Float32Array) return "float";
  if (ArrayBuffer.isView(values)) return values instanceof Uint8Array && tagged === "bool" ? "other" : "int";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    return typeof v === "bigint" ? "int" : typeof v === "number" ? "float" : "other";
  }
  return "float";
}

/** One aggregation over the non-null values `xs` of a bucket (row order), as the store's SQL computes it. */
function aggregate(agg: ResampleAggregation, xs: unknown[], kind: Kind, column: string): unknown {
  if (agg === "count") return xs.length;
  if (agg === "first") return xs.length ? xs[0] : null;
  if (agg === "last") return xs.length ? xs[xs.length - 1] : null;
  if ((agg === "sum" || agg === "mean" || agg === "std") && kind === "other") {
    throw new FrameError(`resample: '${agg}' needs a number column, but '${column}' is not one`, { code: "NOT_NUMERIC", column });
  }
  const nums = xs.map((v) => Number(v));
  if (agg === "min" || agg === "max") {
    if (kind === "other") {
      if (!xs.length) return null;
      let best = xs[0];
      for (const v of xs) if (agg === "min" ? (v as number) < (best as number) : (v as number) > (best as number)) best = v;
      return best;
    }
    if (!nums.length) return null;
    // NaN orders above every number (DuckDB); of -0 and 0 the first in row order
    let best = nums[0];
    for (const v of nums) {
      if (agg === "max" ? v > best || (v !== v && best === best) : (best !== best && v === v) || v < best) best = v;
    }
    if (best === 0) best = nums.find((v) => v === 0)!;
    return best;
  }
  if (agg === "sum" || agg === "mean") {
    if (!nums.length) return agg === "sum" ? 0 : null;
    let sum = 0;
    if (kind === "int") for (const v of nums) sum += v;
    else {
      let compensation = 0;
      for (const v of nums) {
        const y = v - compensation;
        const t = sum + y;
        compensation = t - sum - y;
        sum = t;
      }
      if (!Number.isFinite(sum)) sum = nums.reduce((a, b) => a + b, 0);
    }
    return agg === "sum" ? sum : sum / nums.length;
  }
  // std: sample standard deviation, Welford's update in row order (DuckDB's stddev_samp)
  if (nums.length < 2) return null;
  if (nums.some((v) => !Number.isFinite(v))) return NaN;
  let mean = 0;
  let m2 = 0;
  nums.forEach((v, i) => {
    const delta = v - mean;
    mean += delta / (i + 1);
    m2 += delta * (v - mean);
  });
  return Math.sqrt(m2 / (nums.length - 1));
}

/**
 * Buckets the rows of an in-memory Table by time and aggregates each bucket, as the store's
 * `QueryBuilder.resample(rule, options).agg(...)` does on stored data: the same rules ("1m", "15min",
 * "1h", "1d", "1w", "1M", "1MS", ... in lib/market's timeframe grammar), the same defaults (pandas 1.5's
 * closed, label and origin for the rule), the same bucket labels in `timestamp`, and the same
 * aggregations (first/last: first/last non-null value in row order; sum: Kahan-compensated in row order,
 * 0 without values; std: sample). So a table resampled in memory equals the same data resampled by
 * the store. Time zones and exchange calendars are the store's: use QueryBuilder for them.
 * @throws FrameError MISSING_COLUMN without a `timestamp` column or for an aggregated column;
 *   INVALID_OPTION for a rule, option or aggregation the store would refuse, a zone other than UTC,
 *   or a missing time in `timestamp`; NOT_NUMERIC for sum/mean/std of a column that is not numbers.
 * @example const hourly = resample(minuteBars, "1h"); // OHLCV: open first, high max, low min, close last, volume sum
 * @example resample(trades, "5min", { agg: { price: ["first", "max", "min", "last"], size: "sum" } })
 */
export function resample(table: VerbTable, rule: string, options: TableResampleOptions = {}): Table {
  if (options.timezone !== undefined && options.timezone !== "UTC") {
    throw new FrameError(`resample: timezone ${JSON.stringify(options.timezone)} needs the store's QueryBuilder (in memory, buckets are UTC)`, { code: "INVALID_OPTION" });
  }
  if ((options as { calendar?: unknown }).calendar !== undefined) {
    throw new FrameError("resample: calendars need the store's QueryBuilder (lib.read(symbol, { query: new QueryBuilder().resample(rule, { calendar }) }))", { code: "INVALID_OPTION" });
  }
  const spec = bucketSpec(rule, options);
  const emptyBuckets = options.emptyBuckets ?? "drop";
  if (emptyBuckets !== "drop" && emptyBuckets !== "keep") throw new FrameError(`resample: 'emptyBuckets' must be "drop" or "keep", got ${JSON.stringify(emptyBuckets)}`, { code: "INVALID_OPTION" });
  const timeName = findTableColumn(table, INDEX_COLUMN, "resample");
  const times = columnValues(table, timeName);
  const outputs = outputsOf(table, options.agg);
  if (outputs.length === 0) throw new FrameError(`resample: the table has no column to aggregate besides '${INDEX_COLUMN}'`, { code: "INVALID_OPTION" });
  const n = times.length;
  const us = new Float64Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = times[i] as number | Date | null;
    const ms = t instanceof Date ? t.getTime() : t;
    if (typeof ms !== "number" || !Number.isFinite(ms)) throw new FrameError(`resample: row ${i} has no time in '${timeName}'`, { code: "INVALID_OPTION", column: timeName, row: i });
    us[i] = Math.round(ms * 1000);
    if (us[i] < lo) lo = us[i];
    if (us[i] > hi) hi = us[i];
  }
  const b = bucketing(spec, lo, hi);
  const keyOfRow = new Float64Array(n);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const k = b.keyOf(us[i]);
    keyOfRow[i] = k;
    const rows = groups.get(k);
    if (rows) rows.push(i);
    else groups.set(k, [i]);
  }
  let keys = [...groups.keys()].sort((x, y) => x - y);
  if (emptyBuckets === "keep" && keys.length) keys = Array.from({ length: keys[keys.length - 1] - keys[0] + 1 }, (_, j) => keys[0] + j);
  const label = new TimestampArray(keys.length);
  keys.forEach((k, j) => (label[j] = b.labelOf(k) / 1000));
  const columns: [string, ArrayLike<unknown>][] = [[INDEX_COLUMN, label]];
  for (const o of outputs) {
    const values = columnValues(table, o.column);
    const kind = kindOf(values);
    const out = keys.map((k) => {
      const rows = groups.get(k) ?? [];
      const xs: unknown[] = [];
      for (const r of rows) if (values[r] !== null && values[r] !== undefined) xs.push(values[r]);
      return aggregate(o.agg, xs, kind, o.column);
    });
    const numeric = out.every((v) => typeof v === "number");
    columns.push([o.output, numeric ? Float64Array.from(out as number[]) : out]);
  }
  return toTable(columns);
}
