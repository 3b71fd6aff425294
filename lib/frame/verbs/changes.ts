import { FrameError } from "./FrameError";
import { checkInteger, NumericValues, seriesArgs, VerbTable } from "./series";

/** Options of {@link shift}, {@link diff} and {@link logReturns}. */
export interface PeriodsOptions {
  /** How many rows back to look (negative: forward). @default 1 */
  periods?: number;
}

/** Options of {@link pctChange}. */
export interface PctChangeOptions extends PeriodsOptions {
  /**
   * How missing values are filled before the change is taken: "pad" carries the last value forward
   * (pandas 1.5's default, `fill_method="pad"`), null leaves them missing.
   * @default "pad"
   */
  fillMethod?: "pad" | null;
  /** With "pad": fill at most this many missing values in a row. @default no limit */
  limit?: number;
}

function periodsOf(verb: string, options: PeriodsOptions | undefined): number {
  const periods = options?.periods ?? 1;
  if (!Number.isInteger(periods)) throw new FrameError(`${verb}: 'periods' must be a whole number, got ${String(periods)}`, { code: "INVALID_OPTION" });
  return periods;
}

function shifted(x: Float64Array, periods: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = Math.max(0, periods); i < Math.min(n, n + periods); i++) out[i] = x[i - periods];
  return out;
}

/**
 * The series moved down by `periods` rows (pandas' `shift`): row i holds the value of row i - periods,
 * NaN where there is none.
 * @example shift(Float64Array.of(1, 2, 3)) // [NaN, 1, 2]
 */
export function shift(table: VerbTable, column: string, options?: PeriodsOptions): Float64Array;
export function shift(values: NumericValues, options?: PeriodsOptions): Float64Array;
export function shift(source: VerbTable | NumericValues, a?: string | PeriodsOptions, b?: PeriodsOptions): Float64Array {
  const [x, options] = seriesArgs("shift", source, a, b);
  return shifted(x, periodsOf("shift", options));
}

/**
 * The change from `periods` rows before (pandas' `diff`): x[i] - x[i - periods], NaN where either is missing.
 * @example diff(Float64Array.of(1, 4, 9)) // [NaN, 3, 5]
 */
export function diff(table: VerbTable, column: string, options?: PeriodsOptions): Float64Array;
export function diff(values: NumericValues, options?: PeriodsOptions): Float64Array;
export function diff(source: VerbTable | NumericValues, a?: string | PeriodsOptions, b?: PeriodsOptions): Float64Array {
  const [x, options] = seriesArgs("diff", source, a, b);
  const before = shifted(x, periodsOf("diff", options));
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] - before[i];
  return out;
}

/** The values with missing ones (NaN) filled by the last value before them, at most `limit` in a row. */
export function padded(x: Float64Array, limit = Infinity): Float64Array {
  const out = Float64Array.from(x);
  let last = NaN;
  let run = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === out[i]) {
      last = out[i];
      run = 0;
    } else if (run < limit) {
      out[i] = last;
      run++;
    }
  }
  return out;
}

/**
 * Simple returns, the fractional change from `periods` rows before (pandas 1.5's `pct_change`):
 * x[i] / x[i - periods] - 1, after missing values are carried forward (`fillMethod: "pad"`, pandas 1.5's
 * default; so a missing price gives a 0 return, and the next one the change since the last price).
 * @example pctChange(Float64Array.of(100, 110, NaN, 121)) // [NaN, 0.1, 0, 0.1]
 */
export function pctChange(table: VerbTable, column: string, options?: PctChangeOptions): Float64Array;
export function pctChange(values: NumericValues, options?: PctChangeOptions): Float64Array;
export function pctChange(source: VerbTable | NumericValues, a?: string | PctChangeOptions, b?: PctChangeOptions): Float64Array {
  const [x, options] = seriesArgs("pctChange", source, a, b);
  const fillMethod = options?.fillMethod === undefined ? "pad" : options.fillMethod;
  if (fillMethod !== "pad" && fillMethod !== null) throw new FrameError(`pctChange: 'fillMethod' must be "pad" or null, got ${JSON.stringify(fillMethod)}`, { code: "INVALID_OPTION" });
  const limit = options?.limit === undefined ? Infinity : checkInteger("pctChange", "limit", options.limit, 1);
  const data = fillMethod === "pad" ? padded(x, limit) : x;
  const before = shifted(data, periodsOf("pctChange", options));
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = data[i] / before[i] - 1;
  return out;
}

/**
 * Log returns, ln(x[i] / x[i - periods]) (the pandas idiom `np.log(s / s.shift(periods))`, within two units in
 * the last place: numpy's vectorised log is itself up to 2 ulps off at times, Math.log is not); missing
 * where either price is missing. They add up over time, where simple returns compound.
 * @example logReturns(Float64Array.of(100, 110)) // [NaN, 0.0953...]
 */
export function logReturns(table: VerbTable, column: string, options?: PeriodsOptions): Float64Array;
export function logReturns(values: NumericValues, options?: PeriodsOptions): Float64Array;
export function logReturns(source: VerbTable | NumericValues, a?: string | PeriodsOptions, b?: PeriodsOptions): Float64Array {
  const [x, options] = seriesArgs("logReturns", source, a, b);
  const before = shifted(x, periodsOf("logReturns", options));
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i] / before[i]);
  return out;
}

function accumulate(x: Float64Array, op: "sum" | "prod"): Float64Array {
  const out = new Float64Array(x.length);
  const neutral = op === "sum" ? 0 : 1;
  let acc = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] === x[i] ? x[i] : neutral;
    acc = i === 0 ? v : op === "sum" ? acc + v : acc * v;
    out[i] = x[i] === x[i] ? acc : NaN;
  }
  return out;
}

/**
 * Running total (pandas' `cumsum`, skipna): a missing value stays missing and adds nothing to the rows after it.
 * @example cumsum(Float64Array.of(1, NaN, 2)) // [1, NaN, 3]
 */
export function cumsum(table: VerbTable, column: string): Float64Array;
export function cumsum(values: NumericValues): Float64Array;
export function cumsum(source: VerbTable | NumericValues, column?: string): Float64Array {
  return accumulate(seriesArgs<undefined>("cumsum", source, column, undefined)[0], "sum");
}

/**
 * Running product (pandas' `cumprod`, skipna), e.g. growth of 1 from returns: `cumprod(r.map(v => 1 + v))`.
 * A missing value stays missing and multiplies nothing into the rows after it.
 * @example cumprod(Float64Array.of(2, NaN, 3)) // [2, NaN, 6]
 */
export function cumprod(table: VerbTable, column: string): Float64Array;
export function cumprod(values: NumericValues): Float64Array;
export function cumprod(source: VerbTable | NumericValues, column?: string): Float64Array {
  return accumulate(seriesArgs<undefined>("cumprod", source, column, undefined)[0], "prod");
}
