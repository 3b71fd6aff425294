import { InvalidOptionError } from "../errors";
import { checkPeriod } from "./checks";
import { rollingStd } from "../../frame";
import { sma } from "./sma";

/** Options of {@link bollinger}. */
export interface BollingerOptions {
  /** Bars in the window. @default 20 */
  period?: number;
  /** Band width in standard deviations. @default 2 */
  k?: number;
  /**
   * Degrees of freedom of the standard deviation: 1 = sample (pandas' `rolling(period).std()`, as in
   * backtesting.py's examples), 0 = population (Bollinger's own, TA-Lib's). @default 1
   */
  ddof?: 0 | 1;
}

/** The three Bollinger lines, NaN until the window is full. */
export interface BollingerBands {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

/**
 * Bollinger Bands: the simple moving average ± k standard deviations of the same window, bit for bit
 * pandas' `m = x.rolling(period).mean(); sd = x.rolling(period).std(ddof); m + k * sd, m, m - k * sd`.
 * @throws InvalidOptionError for a bad period, a negative k, or a window no longer than ddof.
 * @example const { upper, lower } = bollinger(close, { period: 20, k: 2 });
 */
export function bollinger(values: ArrayLike<number>, options: BollingerOptions = {}): BollingerBands {
  const { period = 20, k = 2, ddof = 1 } = options;
  checkPeriod("bollinger", period);
  if (!(k >= 0)) throw new InvalidOptionError(`bollinger: k must be >= 0, got ${k}`, { option: "k" });
  if (period <= ddof) throw new InvalidOptionError(`bollinger: period must exceed ddof (${ddof}), got ${period}`, { option: "period" });
  const middle = sma(values, period);
  const sd = rollingStd(values, period, period, ddof);
  const n = values.length;
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    upper[i] = middle[i] + k * sd[i];
    lower[i] = middle[i] - k * sd[i];
  }
  return { upper, middle, lower };
}
