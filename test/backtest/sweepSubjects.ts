/** Strategies that optimize() tests load in worker threads (by module path and export name). */
export { SmaCross, smaCrossSignals } from "../../lib/backtest";

