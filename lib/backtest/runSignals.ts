import type { Bars } from "./bars";
import { pyFloorDiv } from "./pyMath";
import type { RunSettings } from "./runStrategy";
import { TradeBuffer, type TradeColumns } from "./stats/tradeColumns";
import { FULL_EQUITY } from "./Strategy";

/** The raw outcome of a signal run (the same shape as an event-driven run's). */
export interface SignalRun {
  equity: Float64Array;
  trades: TradeColumns;
  /** Trades still open at the end: 0 or 1. */
  openTrades: number;
  warnings: string[];
}

/**
 * Runs target positions through the broker rules of the event-driven engine, in one pass over typed
 * arrays and without objects per bar. On each bar from `start` on, the target (> 0 long, < 0 short,
 * 0 flat, NaN = keep) is compared with the position's direction; when they differ (or `reenter` is set
 * on that bar and the target is long or short), the position is closed and a new one opened with `size` (a fraction of available margin, or whole units), filled at
 * the next bar's open (or this bar's close with tradeOnClose), spread on entry, commission on entry and
 * exit, cancelled when margin does not cover it. The same strategy written as a {@link Strategy}
 * gives the same equity and trades (a property test checks it).
 * @internal use {@link signalBacktest}.
 */
export function runSignals(
  bars: Bars,
  target: ArrayLike<number>,
  settings: RunSettings,
  start: number,
  size = FULL_EQUITY,
  reenter?: ArrayLike<number | boolean>,
): SignalRun {
  const { open, close } = bars;
  const time = bars.timestamp;
  const n = bars.length;
  const { spread, tradeOnClose } = settings;
  // A rate or fixed + rate is computed inline (the same arithmetic as commissionFunction's), a function is called.
  const terms = settings.commissionTerms;
  const fixed = terms ? terms[0] : 0;
  const rate = terms ? terms[1] : 0;
  const callCommission = settings.commission;
  const inline = terms !== undefined;
  const commission = (units: number, price: number) =>
    inline ? (fixed === 0 ? Math.abs(units) * price * rate : fixed + Math.abs(units) * price * rate) : callCommission(units, price);
  const leverage = 1 / settings.margin;
  const equity = new Float64Array(n);
  const trades = new TradeBuffer(tradeBound(target, start) + 2);
  const warnings: string[] = [];

  let cash = settings.cash;
  let units = 0; // signed, whole
  let entryPrice = 0;
  let entryBar = 0;
  let wantClose = false;
  let wantOpen = 0; // +1 / -1: an order of `size` waiting for the next fill
  let outOfMoney = false;

  // One step per bar from `start`, plus, with finalizeTrades, one more broker pass over the last bar.
  const steps = settings.finalizeTrades && start < n ? n + 1 : n;
  for (let step = start; step < steps; step++) {
    const finalPass = step === n;
    const i = finalPass ? n - 1 : step;
    if (finalPass) wantClose = true;

    // Broker: the pending close, then the pending open, at this bar's open (or the previous close).
    if ((wantClose && units) || wantOpen) {
      const price = tradeOnClose ? close[i - 1] : open[i];
      const bar = tradeOnClose ? i - 1 : i;
      if (wantClose && units) {
        const exitCommission = commission(units, price);
        const gross = units * (price - entryPrice);
        cash += gross - exitCommission;
        const paid = exitCommission + commission(units, entryPrice);
        const returnPct = Math.sign(units) * (price / entryPrice - 1) - paid / (Math.abs(units) * entryPrice);
        trades.push(units, entryBar, bar, entryPrice, price, gross - paid, paid, returnPct, time ? time[entryBar] : entryBar, time ? time[bar] : bar);
        units = 0;
      }
      if (wantOpen) {
        const orderSize = wantOpen * size;
        const adjusted = price * (1 + (wantOpen < 0 ? -spread : spread));
        const perUnit = adjusted + commission(orderSize, price) / size;
        // As the broker: equity (summed as backtesting.py 0.6.6 sums it) less the margin in use.
        const available = Math.max(0, units ? cash + (close[i] * units - units * entryPrice) - (Math.abs(units) * close[i]) / leverage : cash);
        const need = size < 1 ? wantOpen * Math.trunc(pyFloorDiv(available * leverage * size, perUnit)) : orderSize;
        if (!need) {
          warnings.push(`bar ${i}: the broker cancelled a relative-sized order for lack of margin`);
        } else if (!(Math.abs(need) * perUnit > available * leverage)) {
          units = need;
          entryPrice = adjusted;
          entryBar = bar;
          cash -= commission(need, adjusted);
        }
        wantOpen = 0;
      }
    }
    wantClose = false;

    const value = units ? cash + (close[i] * units - units * entryPrice) : cash;
    equity[i] = value;
    if (value <= 0) {
      // Wiped out: close at this bar's close and stop.
      if (units) {
        const exitCommission = commission(units, close[i]);
        const gross = units * (close[i] - entryPrice);
        const paid = exitCommission + commission(units, entryPrice);
        const returnPct = Math.sign(units) * (close[i] / entryPrice - 1) - paid / (Math.abs(units) * entryPrice);
        trades.push(units, entryBar, i, entryPrice, close[i], gross - paid, paid, returnPct, time ? time[entryBar] : entryBar, time ? time[i] : i);
        units = 0;
      }
      cash = 0;
      equity.fill(0, i);
      outOfMoney = true;
      break;
    }
    if (finalPass) break;

    // Strategy: compare the wanted direction with the position's.
    const want = target[i];
    if (want !== want) continue; // NaN: keep whatever is held
    const direction = want > 0 ? 1 : want < 0 ? -1 : 0;
    const held = units > 0 ? 1 : units < 0 ? -1 : 0;
    if (direction !== held || (direction !== 0 && reenter !== undefined && reenter[i])) {
      wantClose = held !== 0;
      wantOpen = direction;
    }
  }
  const firstEquity = start < n ? equity[start] : settings.cash;
  equity.fill(firstEquity, 0, Math.min(start, n));
  if (units && !outOfMoney && !settings.finalizeTrades) {
    warnings.push("1 trade(s) remain open at the end of the backtest; use finalizeTrades: true to close them and count them in the statistics");
  }
  return { equity, trades: trades.columns(), openTrades: units ? 1 : 0, warnings };
}

/** An upper bound on the trades a target can make: its changes of direction from `start` on. */
function tradeBound(target: ArrayLike<number>, start: number): number {
  let changes = 0;
  let last = 0;
  for (let i = start; i < target.length; i++) {
    const t = target[i];
    if (t !== t) continue;
    const direction = t > 0 ? 1 : t < 0 ? -1 : 0;
    if (direction !== last) {
      changes++;
      last = direction;
    }
  }
  return changes;
}
