/**
 * One trade as the bar manager takes it. `timestamp` is the exchange's time of the trade (epoch
 * milliseconds, a fraction for microseconds, or a Date), never the time it arrived.
 */
export interface Tick {
  symbol: string;
  timestamp: number | Date;
  price: number;
  /** Traded quantity. @default 0 */
  size?: number;
}

/** Why a tick was rejected; each reason has its own counter in `stats().rejected`. */
export type RejectReason =
  | "malformed"
  | "timestamp"
  | "price"
  | "size"
  | "future"
  | "jump"
  | "outsideSession"
  | "symbolLimit";

/** The reasons in counter order. */
export const REJECT_REASONS: readonly RejectReason[] = ["malformed", "timestamp", "price", "size", "future", "jump", "outsideSession", "symbolLimit"];

/** Index of a reason in {@link REJECT_REASONS}. */
export enum Reject {
  None = -1,
  Malformed = 0,
  Timestamp = 1,
  Price = 2,
  Size = 3,
  Future = 4,
  Jump = 5,
  OutsideSession = 6,
  /** A valid tick of a new symbol while the manager already holds `maxSymbols` symbols. */
  SymbolLimit = 7,
}
