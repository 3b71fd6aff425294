/**
 * The pandas verbs on Tables, as plain typed functions: rolling and exponentially weighted windows,
 * changes and returns, running totals, describe, pivot/melt, forward fill and fillna, and resample of an
 * in-memory table. Series verbs take `(table, "column", options)` or `(values, options)` and return a
 * Float64Array, one value per row, ready for `table.assign({ name: values })`; table verbs return a new
 * Table. Every result equals pandas 1.5's (float64 bits for the numeric ones).
 */
export { FrameError } from "./FrameError";
export type { FrameErrorCode } from "./FrameError";
export type { NumericValues, VerbTable } from "./series";
export { numericColumn } from "./series";
export { rolling } from "./rolling";
export type { Rolling, RollingOptions } from "./rolling";
export { ewm } from "./ewm";
export type { Ewm, EwmOptions } from "./ewm";
export { cumprod, cumsum, diff, logReturns, pctChange, shift } from "./changes";
export type { PctChangeOptions, PeriodsOptions } from "./changes";
export { describe } from "./describe";
export type { DescribeOptions } from "./describe";
export { ffill, fillna } from "./fill";
export type { FfillOptions, FillnaOptions, FillValue } from "./fill";
export { melt, pivot } from "./reshape";
export type { MeltOptions, PivotOptions } from "./reshape";
export { resample } from "./resample";
export type { ResampleAggregation, TableResampleOptions } from "./resample";
