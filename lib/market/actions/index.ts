/**
 * Corporate actions (splits and cash dividends), the symbol they are stored under beside the bars, and the
 * back-adjustment of prices and volumes that an adjusted read applies.
 * @example adjustmentFactors(timestamps, closes, actions, "all").price
 */
export { ACTION_COLUMNS, ACTIONS_SUFFIX, actionsSymbol, isActionsSymbol } from "./CorporateAction";
export type { CorporateAction } from "./CorporateAction";
export { adjustmentFactors, ADJUST_MODES } from "./adjustmentFactors";
export type { AdjustMode, AdjustmentFactors } from "./adjustmentFactors";
export { COMMON_SPLIT_RATIOS, matchSplitRatio } from "./splitRatio";
