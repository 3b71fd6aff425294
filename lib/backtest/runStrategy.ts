import type { Bars } from "./bars";
import { BarData } from "./BarData";
import { Broker, BrokerSettings } from "./Broker";
import { attachStrategy, declaredIndicators, type DeclaredIndicator, Strategy, StrategyClass } from "./Strategy";
import type { Trade } from "./Trade";
import type { TradeRecord } from "./stats/types";

/** The raw outcome of one event-driven run, before statistics and Tables. */
export interface StrategyRun {
  /** Equity at each bar's close; bars before the first next() hold the starting cash. */
  equity: Float64Array;
  /** Closed trades, in the order they closed. */
  trades: TradeRecord[];
  /** Trades still open at the end (none with finalizeTrades, unless the last bar re-opened one). */
  openTrades: number;
  /** First bar on which every indicator had a value (buy & hold starts here). */
  warmup: number;
  /** Broker and engine warnings, in order. */
  warnings: string[];
  /** Indicators the strategy declared with I(), in order: name and one row per line. */
  indicators: { name: string; rows: Float64Array[] }[];
  /** The strategy instance, after the run. */
  strategy: Strategy<any>;
}

/** Engine settings: the broker's plus finalizeTrades. */
export interface RunSettings extends BrokerSettings {
  finalizeTrades: boolean;
  /** The commission as `[fixed, rate]` when it was given as a number or pair (lets engines skip the call). */
  commissionTerms?: readonly [fixed: number, rate: number];
}

/**
 * Runs a strategy over the bars, backtesting.py's way: init() once over the whole data; the run
 * starts at bar 1 + the longest indicator warm-up; on each bar the broker first fills orders, records
 * equity at the close, then the strategy's next() sees the bar. With finalizeTrades, trades still open
 * after the last bar are closed by one more broker pass over the last bar (at its open, or the previous
 * close with tradeOnClose). A run stops early when equity reaches zero.
 * @internal use {@link backtest}.
 */
export function runStrategy<P>(bars: Bars, StrategyType: StrategyClass<P>, params: P, settings: RunSettings): StrategyRun {
  const broker = new Broker(bars, settings);
  const run = startStrategy(bars, StrategyType, params, broker);
  const { start } = run;
  const n = bars.length;

  let outOfMoney = false;
  for (let i = start; i < n; i++) {
    run.showBar(i);
    if (!broker.next(i)) {
      outOfMoney = true;
      break;
    }
    run.strategy.next();
  }
  if (!outOfMoney && settings.finalizeTrades) {
    for (const trade of [...broker.trades].reverse()) trade.close();
    if (start < n) broker.next(n - 1);
  }
  run.showAll();

  const equity = broker.equityCurve;
  const firstValid = equity.findIndex((v) => !Number.isNaN(v));
  if (firstValid < 0) equity.fill(broker.cash);
  else equity.fill(equity[firstValid], 0, firstValid);

  return {
    equity,
    trades: broker.closedTrades.map(tradeRecord),
    openTrades: broker.trades.length,
    warmup: run.warmup,
    warnings: brokerWarnings(broker, settings),
    indicators: run.indicators(),
    strategy: run.strategy,
  };
}

/** A strategy set up on its bars and broker, ready to be stepped bar by bar. @internal */
export interface StartedStrategy {
  strategy: Strategy<any>;
  data: BarData;
  /** First bar on which every indicator held in a field has a value. */
  warmup: number;
  /** The first bar next() is called on: 1 + warmup. */
  start: number;
  /** Shows the strategy bars 0..i: cuts its data and indicator fields to end at bar i. */
  showBar(i: number): void;
  /** Shows the whole data again (after the run). */
  showAll(): void;
  /** The indicators declared with I(), in order: name and one row per line. */
  indicators(): { name: string; rows: Float64Array[] }[];
}

/**
 * Creates the strategy on its bars and broker, runs init() once over the whole data and finds its
 * warm-up, as backtesting.py does: the indicators held in fields of the strategy count, every row of
 * each. @internal shared by runStrategy and the portfolio engine.
 */
export function startStrategy<P>(bars: Bars, StrategyType: StrategyClass<P>, params: P, broker: Broker, symbol?: string): StartedStrategy {
  const data = new BarData(bars);
  const strategy = new StrategyType();
  attachStrategy(strategy, { data, broker, params, symbol });
  strategy.init();

  const declared = declaredIndicators(strategy);
  const fields: { key: string; indicator: DeclaredIndicator }[] = [];
  const self = strategy as unknown as Record<string, unknown>;
  for (const key of Object.keys(self)) {
    const held = self[key];
    const found = declared.find((d) => d.value === held);
    if (found) fields.push({ key, indicator: found });
    else {
      // One line of a several-line indicator kept on its own (as indexing backtesting.py's 2-D indicator).
      const row = declared.flatMap((d) => d.rows).find((r) => r === held);
      if (row) fields.push({ key, indicator: { name: "", rows: [row], value: row } });
    }
  }
  let warmup = 0;
  for (const { indicator } of fields) {
    if (indicator.noWarmup) continue;
    for (const values of indicator.rows) {
      let first = values.findIndex((v) => !Number.isNaN(v));
      if (first < 0) first = 0; // an indicator that never warms up does not hold the run back (numpy argmin of all-True)
      warmup = Math.max(warmup, first);
    }
  }
  return {
    strategy,
    data,
    warmup,
    start: 1 + warmup,
    showBar(i) {
      data.setLength(i + 1);
      for (const { key, indicator } of fields) {
        self[key] = indicator.value === indicator.rows[0] ? indicator.rows[0].subarray(0, i + 1) : indicator.rows.map((row) => row.subarray(0, i + 1));
      }
    },
    showAll() {
      data.setLength(bars.length);
      for (const { key, indicator } of fields) self[key] = indicator.value;
    },
    indicators: () => declared.map((d) => ({ name: d.name, rows: d.rows })),
  };
}

/** The broker's warnings, then one about trades left open without finalizeTrades. @internal */
export function brokerWarnings(broker: Broker, settings: RunSettings): string[] {
  const warnings = broker.warnings.map((w) => w.message);
  if (!settings.finalizeTrades && broker.trades.length) {
    warnings.push(`${broker.trades.length} trade(s) remain open at the end of the backtest; use finalizeTrades: true to close them and count them in the statistics`);
  }
  return warnings;
}

/** A closed trade as a record for the statistics and the trades Table. @internal */
export function tradeRecord(t: Trade): TradeRecord {
  const exitTime = t.exitTime as number;
  return {
    size: t.size,
    entryBar: t.entryBar,
    exitBar: t.exitBar as number,
    entryPrice: t.entryPrice,
    exitPrice: t.exitPrice as number,
    sl: t.slPrice ?? NaN,
    tp: t.tpPrice ?? NaN,
    pnl: t.pl,
    commission: t.commissions,
    returnPct: t.plPct,
    entryTime: t.entryTime,
    exitTime,
    duration: exitTime - t.entryTime,
    tag: t.tag === undefined || t.tag === null ? null : String(t.tag),
  };
}
