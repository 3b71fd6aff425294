/**
 * Tables in and out of quantlab: what the store accepts (arquero Tables, row objects, column arrays,
 * typed arrays, danfo DataFrames) and what it returns (arquero Tables of typed arrays).
 */
export type { Column, ColumnType, Frame, IndexStats } from "./types";
export { COLUMN_TYPES, INDEX_COLUMN } from "./types";
export { TimestampArray, formatTimestampUs } from "./TimestampArray";
export type { TimeLike } from "./timestamps";
export { MAX_INDEX_US, MIN_INDEX_US, parseIsoUs, toEpochMs, toEpochUs } from "./timestamps";
export type { ColumnInput } from "./inferColumn";
export { inferColumn } from "./inferColumn";
export type { FrameInput, TableLike } from "./toFrame";
export { toFrame } from "./toFrame";
export { columnValues } from "./columnValues";
export type { ColumnSource } from "./columnValues";
export type { Table } from "./toTable";
export { toTable } from "./toTable";
export type { DanfoDtype, DanfoFrameLike } from "./danfo";
export { isDanfoFrame, toDanfo } from "./danfo";
export type { ColumnKind } from "./columnKind";
export { columnKindOf, tagColumnKind } from "./columnKind";
export type { EwmWeighting } from "./window";
export { comOfAlpha, comOfSpan, ewmMean, finiteOrNaN, numpySum, rollingApply, rollingExtreme, rollingMean, rollingStd, rollingSum, rollingVariance, seededEwm } from "./window";
export { cumprod, cumsum, describe, diff, ewm, ffill, fillna, FrameError, logReturns, melt, numericColumn, pctChange, pivot, resample, rolling, shift } from "./verbs";
export type { DescribeOptions, Ewm, EwmOptions, FfillOptions, FillnaOptions, FillValue, FrameErrorCode, MeltOptions, NumericValues, PctChangeOptions, PeriodsOptions, PivotOptions, ResampleAggregation, Rolling, RollingOptions, TableResampleOptions, VerbTable } from "./verbs";
