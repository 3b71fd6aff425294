import { toTable, type Table } from "../../frame";
import { geometricMean } from "../stats/means";
import type { CommissionFunction } from "../commission";
import type { Alignment } from "./alignBars";
import type { PortfolioRun } from "./runPortfolio";

/**
 * One row per symbol of a portfolio run: what it traded and what it added. Contribution [%] is the
 * symbol's closed and open P&L (open trades at the last close, less the commission paid on entering
 * them) over the starting cash, so the contributions add up to the portfolio's Return [%] (up to
 * rounding; with a fixed commission per order, a partly closed trade's entry commission is split
 * between its parts as backtest() splits it, which can differ from what was paid).
 */
export function symbolBreakdown(aligned: Alignment, run: PortfolioRun, cash: number, commission: CommissionFunction): Table {
  const rows = run.symbols.map(({ symbol, broker, started, trades }, s) => {
    const { bars } = aligned.symbols[s];
    let pnl = 0;
    let commissions = 0;
    let wins = 0;
    const exposed = new Uint8Array(bars.length);
    for (const t of trades) {
      pnl += t.pnl;
      commissions += t.commission;
      if (t.pnl > 0) wins++;
      exposed.fill(1, t.entryBar, t.exitBar + 1);
    }
    let exposedBars = 0;
    for (let i = 0; i < bars.length; i++) exposedBars += exposed[i];
    // what the open trades would add if closed at the last close, less the commission already paid on their entry
    let openPnl = broker.openPnl;
    for (const t of broker.trades) openPnl -= commission(t.size, t.entryPrice);
    const warmup = started.warmup;
    const base = warmup < bars.length ? bars.close[warmup] : NaN;
    return {
      symbol,
      Bars: bars.length,
      "# Trades": trades.length,
      "Win Rate [%]": trades.length ? (wins / trades.length) * 100 : NaN,
      "P&L [$]": pnl,
      "Open P&L [$]": openPnl,
      "Commissions [$]": commissions,
      "Contribution [%]": ((pnl + openPnl) / cash) * 100,
      "Exposure Time [%]": (exposedBars / bars.length) * 100,
      "Avg. Trade [%]": trades.length ? geometricMean(trades.map((t) => t.returnPct)) * 100 : NaN,
      "Buy & Hold Return [%]": ((bars.close[bars.length - 1] - base) / base) * 100,
    };
  });
  const names = Object.keys(rows[0]) as (keyof (typeof rows)[number])[];
  return toTable(names.map((name) => [name, name === "symbol" ? rows.map((r) => r.symbol) : Float64Array.from(rows, (r) => r[name] as number)]));
}
