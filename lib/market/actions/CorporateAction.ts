/**
 * Corporate actions: what a company does to its shares that moves the traded price without a change in
 * value (a split, a cash dividend), and where quantlab keeps them.
 */

/**
 * One ex-date of a symbol: the first session traded without the dividend, or on the new share count.
 * A date with both a split and a dividend is one action with both fields set.
 */
export interface CorporateAction {
  /** The ex-date, labelled like daily bars (epoch ms, 00:00 UTC of the session date). */
  timestamp: number;
  /** Cash paid per share held before the ex-date, in the price's currency and share count of that day; 0 for none. */
  dividend: number;
  /** New shares per old share (4 for a 4-for-1 split, 0.1 for a 1-for-10 reverse split); 1 for none. */
  split: number;
}

/** The columns of an actions symbol, in order. */
export const ACTION_COLUMNS = ["timestamp", "dividend", "split"] as const;

/** What is appended to a symbol's name to name the symbol that holds its actions. */
export const ACTIONS_SUFFIX = ".actions";

/**
 * The symbol beside `symbol` that holds its corporate actions (one row per ex-date, {@link ACTION_COLUMNS}).
 * @example actionsSymbol("AAPL") // "AAPL.actions"
 */
export function actionsSymbol(symbol: string): string {
  return symbol + ACTIONS_SUFFIX;
}

/** Whether `symbol` is an actions symbol (ends in {@link ACTIONS_SUFFIX}). */
export function isActionsSymbol(symbol: string): boolean {
  return symbol.endsWith(ACTIONS_SUFFIX) && symbol.length > ACTIONS_SUFFIX.length;
}
