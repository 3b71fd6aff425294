import { rollingApply, rollingExtreme, rollingMean, rollingStd, rollingSum, rollingVariance } from "../window";
import { FrameError } from "./FrameError";
import { checkInteger, NumericValues, seriesArgs, VerbTable } from "./series";

/** Options of {@link rolling}. */
export interface RollingOptions {
  /** Number of rows in each window, the current row and those before it (pandas' `window`). */
  window: number;
  /**
   * Fewest non-missing values a window needs for a result; fewer give NaN (pandas' `min_periods`).
   * @default window
   */
  minPeriods?: number;
}

/** The statistics of a rolling window, each one value per row (a Float64Array as long as the series). */
export interface Rolling {
  /** Mean of the window's values (pandas' `rolling(...).mean()`, to the bit). */
  mean(): Float64Array;
  /** Sum of the window's values; 0 for a window without values when minPeriods is 0. */
  sum(): Float64Array;
  /** Sample standard deviation. @param options.ddof delta degrees of freedom, @default 1 */
  std(options?: { ddof?: number }): Float64Array;
  /** Sample variance. @param options.ddof delta degrees of freedom, @default 1 */
  var(options?: { ddof?: number }): Float64Array;
  /** Smallest value of the window. */
  min(): Float64Array;
  /** Largest value of the window. */
  max(): Float64Array;
  /**
   * Any statistic: `fn` gets the window's values (NaN where missing) as a Float64Array view, which it
   * must not keep (pandas' `apply(fn, raw=True)`).
   */
  apply(fn: (window: Float64Array) => number): Float64Array;
}

/**
 * A rolling window over a numeric column, as pandas' `df["close"].rolling(20)`: each row's window is
 * that row and the `window - 1` rows before it. Missing values (NaN, null, ±Infinity) are skipped, and
 * a window with fewer than `minPeriods` values gives NaN. Results equal pandas 1.5's float64 bits.
 * @throws FrameError MISSING_COLUMN / NOT_NUMERIC for the column, INVALID_OPTION for window or minPeriods.
 * @example const t2 = t.assign({ sma20: rolling(t, "close", { window: 20 }).mean() });
 * @example rolling(Float64Array.of(1, 2, 3), { window: 2, minPeriods: 1 }).max() // [1, 2, 3]
 */
export function rolling(table: VerbTable, column: string, options: RollingOptions): Rolling;
export function rolling(values: NumericValues, options: RollingOptions): Rolling;
export function rolling(source: VerbTable | NumericValues, columnOrOptions: string | RollingOptions, maybeOptions?: RollingOptions): Rolling {
  const [x, options] = seriesArgs("rolling", source, columnOrOptions, maybeOptions);
  if (options === undefined || typeof options !== "object") {
    throw new FrameError("rolling: pass the window, e.g. rolling(table, \"close\", { window: 20 })", { code: "INVALID_OPTION" });
  }
  const window = checkInteger("rolling", "window", options.window, 1);
  const minPeriods = checkInteger("rolling", "minPeriods", options.minPeriods ?? window, 0);
  if (minPeriods > window) throw new FrameError(`rolling: 'minPeriods' (${minPeriods}) must not exceed 'window' (${window})`, { code: "INVALID_OPTION" });
  const ddofOf = (o?: { ddof?: number }) => checkInteger("rolling", "ddof", o?.ddof ?? 1, 0);
  return {
    mean: () => rollingMean(x, window, minPeriods),
    sum: () => rollingSum(x, window, minPeriods),
    std: (o) => rollingStd(x, window, minPeriods, ddofOf(o)),
    var: (o) => rollingVariance(x, window, minPeriods, ddofOf(o)),
    min: () => rollingExtreme(x, window, minPeriods, "min"),
    max: () => rollingExtreme(x, window, minPeriods, "max"),
    apply: (fn) => rollingApply(x, window, minPeriods, fn),
  };
}
