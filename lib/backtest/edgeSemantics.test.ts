/**
 * Edge semantics of the broker, the optimizer and the statistics, each as backtesting.py 0.6.6 has it.
 * Where its own tests do not pin a case down, the expected figures were printed by backtesting.py 0.6.6
 * run from its source (tag 0.6.6) on pandas 1.5.3, with the script given in each comment.
 */
import { describe, expect, it } from "vitest";
import { backtest, optimize, sliceBars, toBars } from "./index";
import { col, flatBars, loadGoog, onEveryBar, SmaCross } from "./testing";

describe("exclusiveOrders with several orders placed in one next()", () => {
  it("cancels over the live queue like backtesting.py: every other pending order survives", () => {
    // class S(Strategy):
    //   def next(self):
    //     i = len(self.data) - 1
    //     if i % 5 == 0: self.buy(size=1); self.sell(size=2); self.buy(size=3)
    //     elif i % 7 == 0:
    //       self.sell(size=1, limit=self.data.Close[-1] * 1.01)
    //       self.buy(size=2, stop=self.data.Close[-1] * 1.01); self.sell(size=1)
    // Backtest(GOOG.iloc[:120], S, exclusive_orders=True, finalize_trades=True).run()
    const S = onEveryBar((s, i) => {
      const close = s.data.close[s.data.length - 1];
      if (i % 5 === 0) {
        s.buy({ size: 1 });
        s.sell({ size: 2 });
        s.buy({ size: 3 });
      } else if (i % 7 === 0) {
        s.sell({ size: 1, limit: close * 1.01 });
        s.buy({ size: 2, stop: close * 1.01 });
        s.sell({ size: 1 });
      }
    });
    const r = backtest(sliceBars(toBars(loadGoog()), 0, 120), S, { exclusiveOrders: true, finalizeTrades: true });
    expect(r.trades.numRows()).toBe(71);
    expect(col(r.trades, "size")).toEqual([
      3, -1, -1, -2, 1, -1, -1, -2, 1, 3, 1, -1, 1, 3, 1, -1, 1, 3, 1, -2, 1, 3, 1, -1, 1, 3, 1, 1, 1, 3, 1, -2, 1, -1, -1, -2, 1, -1, -1, -2, 1, 3, 1, -2, 1, -1,
      -1, -2, 1, -1, -1, -2, 1, 3, 1, 1, 1, 3, 1, 1, 1, 3, 1, -2, 1, 3, 1, 1, 1, 1, 3,
    ]);
    expect(col(r.trades, "entryBar")).toEqual([
      6, 8, 8, 11, 11, 15, 15, 16, 16, 21, 21, 22, 24, 26, 26, 29, 30, 31, 31, 36, 36, 41, 41, 43, 44, 46, 46, 50, 50, 51, 51, 56, 56, 57, 57, 61, 61, 64, 64, 66,
      66, 71, 71, 76, 76, 78, 78, 81, 81, 85, 85, 86, 86, 91, 91, 92, 92, 96, 96, 99, 99, 101, 101, 106, 106, 111, 111, 113, 113, 116, 116,
    ]);
    expect(col(r.trades, "exitBar")).toEqual([
      8, 11, 11, 11, 15, 16, 16, 16, 21, 22, 22, 24, 26, 29, 29, 30, 31, 36, 36, 36, 41, 43, 43, 44, 46, 50, 50, 50, 51, 56, 56, 56, 57, 61, 61, 61, 64, 66, 66,
      66, 71, 76, 76, 76, 78, 81, 81, 81, 85, 86, 86, 86, 91, 92, 92, 92, 96, 99, 99, 99, 101, 106, 106, 106, 111, 113, 113, 113, 116, 119, 119,
    ]);
    expect(r.stats["Equity Final [$]"]).toBeCloseTo(10073.980899999999, 8);
  });
});

describe("optimize: a run that makes no trade scores NaN and is never the best", () => {
  it("a no-trade run cannot win, even where its statistic would be the highest", async () => {
    // fast = slow = 3: the averages never cross, so no trade; fewest trades would pick it
    const r = await optimize(loadGoog(), SmaCross, { grid: { fast: [3, 5], slow: [3, 30] }, maximize: (s) => -s["# Trades"], workers: 0 });
    const trades = col(r.results, "# Trades");
    const values = col(r.results, "value");
    expect(trades[0]).toBe(0);
    expect(Number.isNaN(values[0])).toBe(true);
    expect(values.slice(1).every((v) => v < 0)).toBe(true);
    expect(r.best.stats["# Trades"]).toBeGreaterThan(0);
    expect(r.best.value).toBe(Math.max(...values.slice(1)));
    expect(Number.isNaN(r.heatmap.z[0][0])).toBe(true); // (fast 3, slow 3) blank
  });

  it("backtesting.py test_optimize_no_trades: with no trade anywhere, the first combination and NaN statistics", async () => {
    const r = await optimize(loadGoog(), SmaCross, { grid: { fast: [3], slow: [3] }, maximize: "Equity Final [$]", workers: 0 });
    expect(r.best.params).toEqual({ fast: 3, slow: 3 });
    expect(Number.isNaN(r.best.value)).toBe(true);
    expect(Object.values(r.best.stats).some(Number.isNaN)).toBe(true);
  });
});

describe("trades table: SL and TP once cancelled", () => {
  it("read NaN after trade.sl / trade.tp is set back to null or its order is cancelled, as in backtesting.py", () => {
    // class S(Strategy):
    //   def next(self):
    //     i = len(self.data) - 1; c = self.data.Close[-1]
    //     if i == 1: self.buy(size=2, sl=c * 0.8, tp=c * 1.5)
    //     if i == 2: self.trades[0].sl = None
    //     if i == 3: self.buy(size=1, sl=c * 0.7, tp=c * 1.6)
    //     if i == 4: first order with a limit in self.orders .cancel()
    //     if i == 5: self.trades[0].tp = c * 1.4; self.trades[0].tp = None
    //     if i == 6: self.trades[0].close(0.5)
    //     if i == 8: self.position.close()
    // Backtest(GOOG.iloc[:12], S, finalize_trades=True).run()._trades[['Size','EntryBar','ExitBar','SL','TP']]
    //   1.0 2 7 NaN NaN | 1.0 4 9 73.409 167.792 | 1.0 2 9 NaN NaN
    const S = onEveryBar((s, i) => {
      const c = s.data.close[s.data.length - 1];
      if (i === 1) s.buy({ size: 2, sl: c * 0.8, tp: c * 1.5 });
      if (i === 2) s.trades[0].sl = null as never;
      if (i === 3) s.buy({ size: 1, sl: c * 0.7, tp: c * 1.6 });
      if (i === 4) s.orders.find((o) => o.limit !== undefined)?.cancel();
      if (i === 5) {
        s.trades[0].tp = c * 1.4;
        s.trades[0].tp = null as never;
      }
      if (i === 6) s.trades[0].close(0.5);
      if (i === 8) s.position.close();
    });
    const r = backtest(sliceBars(toBars(loadGoog()), 0, 12), S, { finalizeTrades: true });
    const rows = col(r.trades, "size").map((size, k) => [size, col(r.trades, "entryBar")[k], col(r.trades, "exitBar")[k], col(r.trades, "sl")[k], col(r.trades, "tp")[k]]);
    expect(rows.map((row) => row.map((v) => (Number.isNaN(v) ? "NaN" : Math.round(v * 1000) / 1000)))).toEqual([
      [1, 2, 7, "NaN", "NaN"],
      [1, 4, 9, 73.409, 167.792],
      [1, 2, 9, "NaN", "NaN"],
    ]);
  });
});

describe("edge statistics", () => {
  // p = [100, 101, 102, 103, 104, 90.]; class S(Strategy): next(): buy(size=10) on the 2nd bar
  // Backtest(df, S, cash=10000).run() with df daily from 2024-01-01, and again with a plain RangeIndex:
  // equity rises to 10020, then falls to 9880 on the last bar only.
  const prices = [100, 101, 102, 103, 104, 90];
  const S = onEveryBar((s, i) => {
    if (i === 1) s.buy({ size: 10 });
  });
  const DAY = 86_400_000;
  const daily = prices.map((_, i) => Date.parse("2024-01-01T00:00:00Z") + i * DAY);
  const common: Record<string, number> = {
    "Exposure Time [%]": 0,
    "Equity Final [$]": 9880,
    "Equity Peak [$]": 10020,
    "Return [%]": -1.2,
    "Buy & Hold Return [%]": -10,
    "Alpha [%]": -0.25636158463488057,
    Beta: 0.09436384153651194,
    "Max. Drawdown [%]": -1.397205588822359,
    "Avg. Drawdown [%]": -1.397205588822359,
    "# Trades": 0,
  };
  const off = (stats: Record<string, number>, expected: Record<string, number>) =>
    Object.entries(expected)
      .filter(([key, value]) => !(Number.isNaN(value) ? Number.isNaN(stats[key]) : Math.abs(stats[key] - value) <= 1e-9 * Math.max(1, Math.abs(value))))
      .map(([key, value]) => `${key}: ${stats[key]} != ${value}`);

  it("a drawdown only on the last bar: its depth is also the average drawdown, as in backtesting.py", () => {
    const stats = backtest(flatBars(prices, daily), S, { cash: 10_000 }).stats as unknown as Record<string, number>;
    const expected = {
      ...common,
      "Return (Ann.) [%]": -45.58106888396858,
      "Volatility (Ann.) [%]": 5.6361480101267585,
      "CAGR [%]": -58.60052801250386,
      "Sharpe Ratio": -8.087273223142954,
      "Sortino Ratio": -4.5952476632100305,
      "Calmar Ratio": -32.623022158383144,
    };
    expect(off(stats, expected)).toEqual([]);
    // backtesting.py puts the drawdown fraction (0.01397...) in both duration fields; here it is the
    // time from the peak on the bar before (docs/backtests.md lists this departure)
    expect([stats["Max. Drawdown Duration"], stats["Avg. Drawdown Duration"]]).toEqual([DAY, DAY]);
  });

  it("data without timestamps: Return (Ann.) and Calmar are 0 because Python's 1 ** nan is 1", () => {
    const stats = backtest(flatBars(prices), S, { cash: 10_000 }).stats as unknown as Record<string, number>;
    // backtesting.py has no CAGR entry for such data; it is NaN here
    const expected = { ...common, "Return (Ann.) [%]": 0, "Volatility (Ann.) [%]": NaN, "CAGR [%]": NaN, "Sharpe Ratio": NaN, "Sortino Ratio": NaN, "Calmar Ratio": 0 };
    expect(off(stats, expected)).toEqual([]);
    expect([stats.Duration, stats["Max. Drawdown Duration"]]).toEqual([5, 1]);
  });

  it("without a drawdown Calmar stays NaN (0 / NaN), also without timestamps", () => {
    const stats = backtest(flatBars([100, 101, 102, 103]), S, { cash: 10_000 }).stats;
    expect(stats["Return (Ann.) [%]"]).toBe(0);
    expect(Number.isNaN(stats["Calmar Ratio"])).toBe(true);
  });
});
