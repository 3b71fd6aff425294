/** Indicators as plain functions over typed arrays: NaN while warming up, one value per bar. */
export { sma } from "./sma";
export { ema } from "./ema";
export { rsi } from "./rsi";
export { atr, trueRange } from "./atr";
export type { BollingerBands, BollingerOptions } from "./bollinger";
export { bollinger } from "./bollinger";
export type { SeriesLike } from "./crossover";
export { crossover, crossunder, crosses } from "./crossover";
