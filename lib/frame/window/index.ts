/**
 * pandas-exact window kernels over float64 series: rolling mean, variance and standard deviation,
 * the exponentially weighted mean, and the seeded EMA of TA-Lib's convention. One implementation
 * serves the Table verbs (lib/frame's `rolling`, `ewm`) and the backtester's indicators.
 */
export { finiteOrNaN, rollingMean } from "./rollingMean";
export { rollingStd, rollingVariance } from "./rollingVariance";
export { comOfAlpha, comOfSpan, ewmMean } from "./ewmMean";
export { seededEwm } from "./seededEwm";
