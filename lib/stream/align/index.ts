/**
 * Multi-timeframe views: several timeframes of one or more symbols side by side on a base timeframe,
 * from the store, a live BarManager or both, each higher bar visible only once it has closed.
 * @example import { alignTimeframes } from "./lib/stream";
 */
export { alignTimeframes } from "./alignTimeframes";
export type { AlignedColumn, AlignTimeframesOptions } from "./alignOptions";
