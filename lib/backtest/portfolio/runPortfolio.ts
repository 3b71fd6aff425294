import { Broker, type SharedAccount } from "../Broker";
import { brokerWarnings, startStrategy, tradeRecord, type RunSettings, type StartedStrategy } from "../runStrategy";
import type { TradeRecord } from "../stats/types";
import type { StrategyClass } from "../Strategy";
import type { Trade } from "../Trade";
import type { Alignment } from "./alignBars";

/** How orders of several symbols share the portfolio's cash. */
export type PortfolioAllocation = "shared" | "equal";

/** One symbol's part of a portfolio run. */
export interface SymbolRun {
  symbol: string;
  broker: Broker;
  started: StartedStrategy;
  /** Its closed trades, in the order they closed (bars are the symbol's own). */
  trades: TradeRecord[];
}

/** The raw outcome of a portfolio run, before statistics and Tables. */
export interface PortfolioRun {
  /** Portfolio equity at each step of the timeline. */
  equity: Float64Array;
  /** Every closed trade across symbols, in the order they closed: its symbol's index and its place in that symbol's list. */
  closeOrder: { symbol: number; trade: number }[];
  symbols: SymbolRun[];
  warnings: string[];
}

/** The account the symbols' brokers share: one cash balance; equity and margin over every open trade. */
class PortfolioAccount implements SharedAccount {
  cash: number;
  readonly brokers: Broker[] = [];
  readonly closed: { broker: Broker; trade: Trade }[] = [];
  readonly #allocation: PortfolioAllocation;

  constructor(cash: number, allocation: PortfolioAllocation) {
    this.cash = cash;
    this.#allocation = allocation;
  }

  equity(): number {
    let openPnl = 0;
    for (const broker of this.brokers) if (broker.trades.length) openPnl += broker.openPnl;
    return this.cash + openPnl;
  }

  marginAvailable(broker: Broker): number {
    let used = 0;
    for (const b of this.brokers) used = b.addMarginUsed(used);
    const equity = this.equity();
    const free = equity - used;
    if (this.#allocation === "shared") return Math.max(0, free);
    return Math.max(0, Math.min(equity / this.brokers.length - broker.addMarginUsed(0), free));
  }

  tradeClosed(broker: Broker, trade: Trade): void {
    this.closed.push({ broker, trade });
  }
}

/**
 * Runs one strategy instance per symbol over the aligned bars with one shared cash account. At each
 * step of the timeline: (1) in the symbols' order, every symbol with a bar then that is past its
 * warm-up fills its pending orders at that bar, by the single-asset rules; (2) the portfolio's equity
 * is recorded: cash plus every open trade marked at its symbol's last known close; (3) in the same
 * order, those symbols run next(). Steps before any symbol is past its warm-up hold the first recorded
 * equity. Equity at or below zero closes every trade at its symbol's last close and ends the run.
 * finalizeTrades closes what is open on each symbol's last bar.
 * @internal use portfolioBacktest().
 */
export function runPortfolio<P>(aligned: Alignment, StrategyType: StrategyClass<P>, params: P, settings: RunSettings, allocation: PortfolioAllocation): PortfolioRun {
  const account = new PortfolioAccount(settings.cash, allocation);
  const symbols: SymbolRun[] = aligned.symbols.map(({ symbol, bars }) => {
    const broker = new Broker(bars, settings, account);
    account.brokers.push(broker);
    return { symbol, broker, started: startStrategy(bars, StrategyType, params, broker, symbol), trades: [] };
  });
  const steps = aligned.length;
  const equity = new Float64Array(steps).fill(NaN);
  const stepOf = aligned.symbols.map((s) => s.stepOf);
  const count = symbols.length;
  // Each symbol's bar at the current step, or -1 when it has none then; `next` is its next bar.
  const barNow = new Int32Array(count).fill(-1);
  const next = new Int32Array(count);

  // Equity is recorded from the first step on which some symbol is past its warm-up; earlier steps
  // then take the first recorded value (as backtest() and backtesting.py fill the curve backwards).
  let trading = false;
  let outOfMoney = false;
  for (let t = 0; t < steps; t++) {
    for (let s = 0; s < count; s++) {
      const i = next[s] < stepOf[s].length && stepOf[s][next[s]] === t ? next[s]++ : -1;
      barNow[s] = i;
      const { broker, started } = symbols[s];
      if (i < started.start) continue; // no bar now (-1), or still warming up: nothing can be pending
      trading = true;
      started.showBar(i);
      broker.fill(i);
    }
    if (!trading) continue;
    const value = account.equity();
    equity[t] = value;
    if (value <= 0) {
      for (const { broker } of symbols) broker.closeAllAtClose();
      account.cash = 0;
      equity.fill(0, t);
      outOfMoney = true;
      break;
    }
    for (let s = 0; s < count; s++) {
      if (barNow[s] >= symbols[s].started.start) symbols[s].started.strategy.next();
    }
  }
  if (!outOfMoney && settings.finalizeTrades && trading) {
    for (const { broker } of symbols) for (const trade of [...broker.trades].reverse()) trade.close();
    for (const { broker, started } of symbols) {
      const last = broker.bars.length - 1;
      if (started.start <= last) broker.fill(last);
    }
    const value = account.equity();
    equity[steps - 1] = value;
    if (value <= 0) {
      for (const { broker } of symbols) broker.closeAllAtClose();
      account.cash = 0;
      equity[steps - 1] = 0;
    }
  }
  const firstRecorded = equity.findIndex((v) => !Number.isNaN(v));
  if (firstRecorded < 0) equity.fill(account.cash);
  else equity.fill(equity[firstRecorded], 0, firstRecorded);
  for (const { started } of symbols) started.showAll();

  const position = new Map<Broker, number>(symbols.map((s, k) => [s.broker, k]));
  const closedSoFar = new Array<number>(count).fill(0);
  const closeOrder = account.closed.map(({ broker }) => {
    const symbol = position.get(broker)!;
    return { symbol, trade: closedSoFar[symbol]++ };
  });
  for (const run of symbols) run.trades = run.broker.closedTrades.map(tradeRecord);
  const warnings: string[] = [];
  for (const { symbol, broker } of symbols) for (const w of brokerWarnings(broker, settings)) warnings.push(`${symbol}: ${w}`);
  return { equity, closeOrder, symbols, warnings };
}
