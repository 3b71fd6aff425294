import type { Bars } from "./bars";
import { strategyParams } from "./backtest";
import { InvalidOptionError, InvalidStrategyError } from "./errors";
import { runSettings, type BrokerOptions } from "./options";
import { runSignals } from "./runSignals";
import { runStrategy } from "./runStrategy";
import { computeStats } from "./stats/computeStats";
import type { Stats } from "./stats/types";
import { FULL_EQUITY, Strategy, type StrategyClass } from "./Strategy";

/** Target positions computed from bars and parameters, for vectorised sweeps. */
export interface SignalOutput {
  /** > 0 long, < 0 short, 0 flat, NaN keep (see {@link signalBacktest}). */
  target: ArrayLike<number>;
  /** Bars of indicator warm-up (signals act from bar warmup + 1). @default 0 */
  warmup?: number;
  /** Bars where a target already held is closed and opened anew (as `reenter` of signalBacktest's target signals). @default none */
  reenter?: ArrayLike<number | boolean>;
}

/** A function from bars and parameters to target positions: the vectorised form of a strategy. */
export type SignalFunction<P> = (bars: Bars, params: P) => SignalOutput;

/** What {@link optimize} sweeps: a Strategy class (event-driven) or a signal function (vectorised). */
export type Sweepable<P> = StrategyClass<P> | SignalFunction<P>;

/** True when `x` is a Strategy subclass rather than a signal function. */
export function isStrategyClass<P>(x: Sweepable<P>): x is StrategyClass<P> {
  return typeof x === "function" && x.prototype instanceof Strategy;
}

/**
 * Runs one parameter combination and returns its statistics.
 * @internal shared by optimize() and its worker threads.
 */
export function evaluate<P>(bars: Bars, subject: Sweepable<P>, params: P, options: BrokerOptions & { size?: number }, component = "optimize"): Stats {
  const settings = runSettings(options, component);
  if (isStrategyClass(subject)) {
    const run = runStrategy(bars, subject, strategyParams(subject, params), settings);
    return computeStats({ equity: run.equity, close: bars.close, timestamp: bars.timestamp, trades: run.trades, firstTradingBar: run.warmup, riskFreeRate: settings.riskFreeRate });
  }
  if (typeof subject !== "function") throw new InvalidStrategyError(`${component}: expected a Strategy class or a signal function, got ${typeof subject}`);
  const { target, warmup = 0, reenter } = subject(bars, params);
  if (!target || target.length !== bars.length) {
    throw new InvalidOptionError(`${component}: the signal function returned ${target ? target.length : "no"} targets for ${bars.length} bars`);
  }
  if (reenter && reenter.length !== bars.length) {
    throw new InvalidOptionError(`${component}: the signal function returned ${reenter.length} reenter flags for ${bars.length} bars`);
  }
  const run = runSignals(bars, target, settings, warmup + 1, options.size ?? FULL_EQUITY, reenter);
  return computeStats({
    equity: run.equity,
    close: bars.close,
    timestamp: bars.timestamp,
    trades: run.trades,
    firstTradingBar: Math.min(warmup, bars.length - 1),
    riskFreeRate: settings.riskFreeRate,
  });
}
