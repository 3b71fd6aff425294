import { comOfAlpha, comOfSpan, ewmMean } from "../window";
import { FrameError } from "./FrameError";
import { checkInteger, NumericValues, seriesArgs, VerbTable } from "./series";

/** Options of {@link ewm}: exactly one of `span`, `alpha`, `com` sets the decay. */
export interface EwmOptions {
  /** Decay as a span of bars: alpha = 2 / (span + 1), span >= 1. */
  span?: number;
  /** Smoothing factor, 0 < alpha <= 1. */
  alpha?: number;
  /** Decay as a centre of mass: alpha = 1 / (1 + com), com >= 0. */
  com?: number;
  /**
   * true: the mean of all values so far with weights 1, (1 - alpha), (1 - alpha)^2, ... (pandas'
   * default); false: the recursion y = (1 - alpha) y + alpha x, started at the first value.
   * @default true
   */
  adjust?: boolean;
  /** Missing values add no decay (pandas' `ignore_na`). @default false */
  ignoreNa?: boolean;
  /** NaN until this many values have been seen. @default 0 */
  minPeriods?: number;
}

/** The exponentially weighted statistics of a series. */
export interface Ewm {
  /** pandas' `ewm(...).mean()`, to the bit. */
  mean(): Float64Array;
}

function centreOfMass(o: EwmOptions): number {
  const given = (["span", "alpha", "com"] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1) {
    throw new FrameError(`ewm: give exactly one of span, alpha or com${given.length ? `, got ${given.join(" and ")}` : ""}`, { code: "INVALID_OPTION" });
  }
  const bad = (what: string) => new FrameError(`ewm: ${what}`, { code: "INVALID_OPTION" });
  if (o.span !== undefined) {
    if (!(o.span >= 1)) throw bad(`'span' must be >= 1, got ${o.span}`);
    return comOfSpan(o.span);
  }
  if (o.alpha !== undefined) {
    if (!(o.alpha > 0 && o.alpha <= 1)) throw bad(`'alpha' must be in (0, 1], got ${o.alpha}`);
    return comOfAlpha(o.alpha);
  }
  if (!(o.com! >= 0)) throw bad(`'com' must be >= 0, got ${o.com}`);
  return o.com!;
}

/**
 * Exponentially weighted window over a numeric column, as pandas' `df["close"].ewm(span=20)`. Missing
 * values (NaN, null, ±Infinity) repeat the last average. Results equal pandas 1.5's float64 bits.
 * @throws FrameError MISSING_COLUMN / NOT_NUMERIC for the column, INVALID_OPTION for the decay.
 * @example const t2 = t.assign({ ema20: ewm(t, "close", { span: 20 }).mean() });
 */
export function ewm(table: VerbTable, column: string, options: EwmOptions): Ewm;
export function ewm(values: NumericValues, options: EwmOptions): Ewm;
export function ewm(source: VerbTable | NumericValues, columnOrOptions: string | EwmOptions, maybeOptions?: EwmOptions): Ewm {
  const [x, options] = seriesArgs("ewm", source, columnOrOptions, maybeOptions);
  if (options === undefined || typeof options !== "object") throw new FrameError("ewm: pass the decay, e.g. ewm(table, \"close\", { span: 20 })", { code: "INVALID_OPTION" });
  const com = centreOfMass(options);
  const weighting = {
    adjust: options.adjust ?? true,
    ignoreNa: options.ignoreNa ?? false,
    minPeriods: checkInteger("ewm", "minPeriods", options.minPeriods ?? 0, 0),
  };
  return { mean: () => ewmMean(x, com, weighting) };
}
