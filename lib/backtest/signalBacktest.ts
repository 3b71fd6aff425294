import { toBars } from "./bars";
import type { BacktestResult } from "./backtest";
import { InvalidOptionError } from "./errors";
import { BrokerOptions, runSettings } from "./options";
import { equityTable, tradesTable } from "./results";
import { runSignals } from "./runSignals";
import { EntryExitSignals, signalsToTarget } from "./signals";
import { computeStats } from "./stats/computeStats";
import { FULL_EQUITY } from "./Strategy";

/** Target positions per bar: > 0 long, < 0 short, 0 flat, NaN = keep the current position. */
export interface TargetSignals {
  target: ArrayLike<number>;
  /**
   * Bars (truthy) where a long or short target closes the position and opens it anew even when it is
   * already held in that direction, as a strategy calling `position.close(); buy()` on every signal
   * does (a new entry pays commission and is sized from the equity of the day). @default none
   */
  reenter?: ArrayLike<number | boolean>;
}

/** Options of {@link signalBacktest}: the broker's plus sizing and warm-up. */
export interface SignalBacktestOptions extends BrokerOptions {
  /** Order size: a fraction of available margin below 1, or whole units. @default 1 - Number.EPSILON (all of it) */
  size?: number;
  /**
   * Bars whose signals are not valid yet (an indicator's warm-up). As in the event-driven engine,
   * signals are acted upon from bar warmup + 1 on, and buy & hold is measured from bar `warmup`.
   * @default 0
   */
  warmup?: number;
}

/**
 * A vectorised backtest: signals computed beforehand over whole arrays are run through the same
 * broker rules as {@link backtest} (fills at the next open, spread, commission, whole units from
 * available margin, finalizeTrades), in one tight pass. A strategy that only follows such signals
 * gives identical equity, trades and statistics in both engines; this one is much faster for sweeps.
 * @throws InvalidBarsError, InvalidOptionError (bad option, signal arrays of the wrong length).
 * @example
 * const fast = sma(close, 10), slow = sma(close, 30);
 * const target = fast.map((f, i) => (f > slow[i] ? 1 : -1));
 * signalBacktest(goog, { target }, { finalizeTrades: true, warmup: 29 }).stats["Return [%]"];
 */
export function signalBacktest(
  data: unknown,
  signals: TargetSignals | EntryExitSignals,
  options: SignalBacktestOptions = {},
): Omit<BacktestResult<Record<string, never>>, "strategy"> {
  const bars = toBars(data);
  const settings = runSettings(options, "signalBacktest");
  const { size = FULL_EQUITY, warmup = 0 } = options;
  if (!((size > 0 && size < 1) || (size >= 1 && Number.isInteger(size)))) {
    throw new InvalidOptionError(`signalBacktest: 'size' must be a fraction in (0, 1) or whole units >= 1, got ${size}`, { option: "size" });
  }
  if (!(Number.isInteger(warmup) && warmup >= 0)) {
    throw new InvalidOptionError(`signalBacktest: 'warmup' must be a whole number of bars >= 0, got ${warmup}`, { option: "warmup" });
  }
  const target = "target" in signals ? signals.target : signalsToTarget(signals);
  if (target.length !== bars.length) {
    throw new InvalidOptionError(`signalBacktest: the signals have ${target.length} values but the data has ${bars.length} bars`, { option: "target" });
  }
  const reenter = "target" in signals ? signals.reenter : undefined;
  if (reenter && reenter.length !== bars.length) {
    throw new InvalidOptionError(`signalBacktest: 'reenter' has ${reenter.length} values but the data has ${bars.length} bars`, { option: "reenter" });
  }
  const run = runSignals(bars, target, settings, warmup + 1, size, reenter);
  return {
    stats: computeStats({
      equity: run.equity,
      close: bars.close,
      timestamp: bars.timestamp,
      trades: run.trades,
      firstTradingBar: Math.min(warmup, bars.length - 1),
      riskFreeRate: settings.riskFreeRate,
    }),
    equity: equityTable(run.equity, bars.timestamp),
    trades: tradesTable(run.trades, bars.timestamp !== null),
    params: {},
    warnings: run.warnings,
  };
}
