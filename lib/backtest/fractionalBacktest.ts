import { runBacktest, type BacktestOptions, type BacktestResult } from "./backtest";
import { toBars } from "./bars";
import { InvalidOptionError } from "./errors";
import type { TradeColumns } from "./stats/tradeColumns";
import type { StrategyClass } from "./Strategy";

/** Options of {@link fractionalBacktest}: those of {@link backtest} plus the unit. */
export interface FractionalBacktestOptions<P> extends BacktestOptions<P> {
  /**
   * The smallest tradable fraction of one unit of the asset. @default 1e-8 (one satoshi of a bitcoin;
   * 1e-6 trades in μBTC)
   */
  fractionalUnit?: number;
}

/**
 * A backtest in fractions of a unit (e.g. bitcoin, whose price exceeds the cash), as backtesting.py's
 * `lib.FractionalBacktest`: the strategy runs on prices of one `fractionalUnit` (open, high, low, close
 * x fractionalUnit; volume / fractionalUnit) and trades whole numbers of those. The statistics are
 * those of that run (cash amounts do not change; only prices do). In the trades Table, size is then
 * given in whole units (x fractionalUnit) and entryPrice, exitPrice, sl and tp per whole unit
 * (/ fractionalUnit); like backtesting.py's, the Entry_/Exit_ indicator columns stay in the run's
 * scaled prices, and so do the prices the strategy sees and places orders at in next().
 * @throws InvalidOptionError unless 0 < fractionalUnit <= 1; otherwise as {@link backtest}.
 * @example
 * const result = fractionalBacktest(btcusd, SmaCross, { fractionalUnit: 1e-6, cash: 100, params: { fast: 2, slow: 3 } });
 */
export function fractionalBacktest<P>(data: unknown, StrategyType: StrategyClass<P>, options: FractionalBacktestOptions<P> = {}): BacktestResult<P> {
  const { fractionalUnit = 1e-8, ...rest } = options;
  if (!(typeof fractionalUnit === "number" && fractionalUnit > 0 && fractionalUnit <= 1)) {
    throw new InvalidOptionError(`fractionalBacktest: 'fractionalUnit' must be a fraction in (0, 1] (1e-8 = one satoshi), got ${fractionalUnit}`, { option: "fractionalUnit" });
  }
  const bars = toBars(data);
  const scale = (values: Float64Array) => values.map((v) => v * fractionalUnit);
  const scaled = { ...bars, open: scale(bars.open), high: scale(bars.high), low: scale(bars.low), close: scale(bars.close), volume: bars.volume.map((v) => v / fractionalUnit) };
  const perUnit = (values: Float64Array | null) => (values ? values.map((v) => v / fractionalUnit) : values);
  return runBacktest(scaled, StrategyType, rest, (trades: TradeColumns) => ({
    ...trades,
    size: trades.size.map((v) => v * fractionalUnit),
    entryPrice: perUnit(trades.entryPrice)!,
    exitPrice: perUnit(trades.exitPrice)!,
    sl: perUnit(trades.sl),
    tp: perUnit(trades.tp),
  }));
}
