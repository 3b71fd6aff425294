/**
 * quantlab: one import for notebooks and scripts.
 * @example import { Arctic } from "./lib";
 */
export * from "./store";
export * from "./frame";
export * from "./data";
export * from "./validate";
export * from "./jobs";
export * from "./stream";
export * from "./backtest";
export * from "./display";
