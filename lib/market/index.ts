/**
 * The market vocabulary every area shares: exchange calendars (sessions, early closes, holidays) and
 * timeframes (one grammar: "5m" = "5min" = "5T", "1M" is a month). It depends on nothing else in quantlab, so the store, data, validation, live bars and
 * backtests all build on it.
 * @example import { calendar, timeframeMs } from "./lib";
 */
export { calendar, CalendarError } from "./calendar";
export type { Calendar, CalendarName, CalendarErrorCode, CalendarOptions, CalendarSession, Session } from "./calendar";
export { parseTimeframe, parseDuration, timeframeMs, timeframeForms, TimeframeError } from "./timeframe";
export type { ParseTimeframeOptions, Timeframe, TimeframeKind, TimeframeUnit } from "./timeframe";
export { OHLCV_COLUMNS, findColumn, ohlcvColumnNames } from "./ohlcv";
export type { OhlcvBar, OhlcvColumn } from "./ohlcv";
export { checkTimezone, TimezoneError } from "./timezone";
export { zoneOffsetMs } from "./calendar/zoneTime";
export { closedBarIndex } from "./closedBarIndex";
export { ACTION_COLUMNS, ACTIONS_SUFFIX, actionsSymbol, isActionsSymbol, adjustmentFactors, ADJUST_MODES, COMMON_SPLIT_RATIOS, matchSplitRatio } from "./actions";
export type { AdjustMode, AdjustmentFactors, CorporateAction } from "./actions";
