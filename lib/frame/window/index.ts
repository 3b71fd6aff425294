/**
 * pandas-exact window kernels over float64 series: rolling mean, sum, variance, standard deviation,
 * min/max and apply, the exponentially weighted mean, and the seeded EMA of TA-Lib's convention. One
 * implementation serves the Table verbs (lib/frame's `rolling`, `ewm`) and the backtester's indicators.
 */
export { finiteOrNaN, rollingMean } from "./rollingMean";
export { rollingSum } from "./rollingSum";
export { rollingStd, rollingVariance } from "./rollingVariance";
export { rollingExtreme } from "./rollingExtreme";
export { rollingApply } from "./rollingApply";
export type { EwmWeighting } from "./ewmMean";
export { comOfAlpha, comOfSpan, ewmMean } from "./ewmMean";
export { seededEwm } from "./seededEwm";
export { numpySum } from "./numpySum";
