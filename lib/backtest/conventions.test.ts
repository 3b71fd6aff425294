/**
 * Each broker convention on a tiny hand-made series, with the expected outcome worked out by hand in
 * the comments (backtesting.py's rules: see docs/backtests.md, "Conventions").
 * Bars are row-indexed (no timestamps); with no indicators the first next() call is on bar 1.
 */
import { describe, expect, it } from "vitest";
import { backtest, Indicator, InvalidBarsError, InvalidOptionError, InvalidOrderError, InvalidStrategyError, Strategy } from "./index";
import { col, flatBars, onEveryBar, scripted } from "./testing";

// open rises by 1 a bar, close = open + 0.5, high = close + 1, low = open - 1
const open = [10, 11, 12, 13, 14, 15];
const rising = {
  open,
  close: open.map((o) => o + 0.5),
  high: open.map((o) => o + 1.5),
  low: open.map((o) => o - 1),
};
const buyThenClose = (size: number) => scripted([(s) => s.buy({ size }), (s) => s.position.close()]);

describe("fills", () => {
  it("fills a market order at the next bar's open", () => {
    // buy placed on bar 1 -> filled at open[2] = 12; close placed on bar 2 -> filled at open[3] = 13
    const r = backtest(rising, buyThenClose(10));
    expect(col(r.trades, "entryBar")).toEqual([2]);
    expect(col(r.trades, "entryPrice")).toEqual([12]);
    expect(col(r.trades, "exitBar")).toEqual([3]);
    expect(col(r.trades, "exitPrice")).toEqual([13]);
    expect(col(r.trades, "pnl")).toEqual([10]);
    // equity at bar 2 marks 10 units bought at 12 at the close 12.5
    expect(col(r.equity, "equity")).toEqual([10000, 10000, 10005, 10010, 10010, 10010]);
  });

  it("with tradeOnClose fills at the close of the bar the order was placed on", () => {
    // buy placed on bar 1 -> close[1] = 11.5 (bar 1); close placed on bar 2 -> close[2] = 12.5 (bar 2)
    const r = backtest(rising, buyThenClose(10), { tradeOnClose: true });
    expect(col(r.trades, "entryBar")).toEqual([1]);
    expect(col(r.trades, "entryPrice")).toEqual([11.5]);
    expect(col(r.trades, "exitBar")).toEqual([2]);
    expect(col(r.trades, "exitPrice")).toEqual([12.5]);
    expect(col(r.trades, "pnl")).toEqual([10]);
  });

  it("applies the spread to entries only", () => {
    // entry 12 x 1.01 = 12.12, exit at the plain open 13: pnl 10 x 0.88 = 8.8
    const r = backtest(rising, buyThenClose(10), { spread: 0.01 });
    expect(col(r.trades, "entryPrice")[0]).toBeCloseTo(12.12, 12);
    expect(col(r.trades, "exitPrice")).toEqual([13]);
    expect(col(r.trades, "pnl")[0]).toBeCloseTo(8.8, 12);
    // a short entry is filled lower: 12 x 0.99
    const short = backtest(rising, scripted([(s) => s.sell({ size: 10 })]), { spread: 0.01 });
    expect(short.strategy.trades[0].entryPrice).toBeCloseTo(11.88, 12);
  });
});

describe("commission, charged on entry and exit", () => {
  // 10 units: entry value 120, exit value 130
  it("as a rate", () => {
    const r = backtest(rising, buyThenClose(10), { commission: 0.01 });
    expect(col(r.trades, "commission")[0]).toBeCloseTo(1.2 + 1.3, 12);
    expect(r.stats["Commissions [$]"]).toBeCloseTo(2.5, 12);
    expect(r.stats["Equity Final [$]"]).toBeCloseTo(10000 + 10 - 2.5, 9);
    // return net of commission: (13 / 12 - 1) - 2.5 / 120
    expect(col(r.trades, "returnPct")[0]).toBeCloseTo(13 / 12 - 1 - 2.5 / 120, 12);
  });

  it("as fixed plus rate", () => {
    const r = backtest(rising, buyThenClose(10), { commission: [2, 0.01] });
    expect(r.stats["Equity Final [$]"]).toBeCloseTo(10000 + 10 - (2 + 1.2) - (2 + 1.3), 9);
  });

  it("as a function of the signed size and the price", () => {
    const calls: [number, number][] = [];
    const r = backtest(rising, buyThenClose(10), {
      commission: (size, price) => {
        calls.push([size, price]);
        return Math.abs(size) * 0.05;
      },
    });
    expect(r.stats["Equity Final [$]"]).toBeCloseTo(10000 + 10 - 0.5 - 0.5, 9);
    expect(calls).toContainEqual([10, 12]); // entry
    expect(calls).toContainEqual([10, 13]); // exit: the trade's size at the exit price
  });

  it("rejects rates outside [-10 %, 10 %)", () => {
    expect(() => backtest(rising, buyThenClose(1), { commission: 0.2 })).toThrow(InvalidOptionError);
    expect(() => backtest(rising, buyThenClose(1), { commission: [-1, 0.01] })).toThrow(/fixed part/);
  });
});

describe("sizing", () => {
  const firstSize = (r: ReturnType<typeof backtest>) => r.strategy.trades[0]?.size ?? r.strategy.closedTrades[0]?.size;
  const buyOnce = (size?: number) => scripted([(s) => s.buy(size === undefined ? {} : { size })]);

  it("buys whole units with all available cash by default", () => {
    // 1000 / 12 = 83.3 -> 83 units
    expect(firstSize(backtest(rising, buyOnce(), { cash: 1000 }))).toBe(83);
  });

  it("keeps backtesting.py's default size of 1 - epsilon: cash that divides exactly buys one unit less", () => {
    // 1000 x (1 - 2^-52) / 10 = 99.999... -> 99 units, not 100
    expect(firstSize(backtest(flatBars([10, 10, 10, 10]), buyOnce(), { cash: 1000 }))).toBe(99);
  });

  it("includes spread and commission in the unit price", () => {
    // 1000 / (12 + 12 x 0.01) = 82.5 -> 82
    expect(firstSize(backtest(rising, buyOnce(), { cash: 1000, commission: 0.01 }))).toBe(82);
    // 1000 / (12 x 1.02) = 81.7 -> 81
    expect(firstSize(backtest(rising, buyOnce(), { cash: 1000, spread: 0.02 }))).toBe(81);
  });

  it("takes a fraction below 1 of available margin", () => {
    // 1000 x 0.5 / 12 = 41.7 -> 41
    expect(firstSize(backtest(rising, buyOnce(0.5), { cash: 1000 }))).toBe(41);
  });

  it("multiplies buying power by the leverage 1 / margin", () => {
    // 1000 / 0.5 / 12 = 166.7 -> 166 units; P&L is on all 166 units
    const r = backtest(rising, buyThenClose(0.9999), { cash: 1000, margin: 0.5 });
    expect(col(r.trades, "size")).toEqual([166]);
    expect(r.stats["Equity Final [$]"]).toBe(1000 + 166);
  });

  it("cancels orders that the margin cannot cover", () => {
    // 10 cash cannot buy one unit at 12: the relative order is cancelled with a warning, the absolute one silently
    const relative = backtest(rising, buyOnce(0.5), { cash: 10 });
    expect(relative.trades.numRows() + relative.strategy.trades.length).toBe(0);
    expect(relative.warnings.some((w) => /margin/.test(w))).toBe(true);
    const absolute = backtest(rising, buyOnce(1), { cash: 10 });
    expect(absolute.strategy.trades.length).toBe(0);
  });

  it("rejects sizes that are neither a fraction nor whole units", () => {
    expect(() => backtest(rising, buyOnce(1.5))).toThrow(InvalidOrderError);
    expect(() => backtest(rising, buyOnce(0))).toThrow(/size must be/);
  });
});

describe("order types", () => {
  // flat bars at 10 with a range of 9.5 .. 10.5; bar 3 dips to 8
  const bars = {
    open: [10, 10, 10, 10, 10],
    high: [10.5, 10.5, 10.5, 10.5, 10.5],
    low: [9.5, 9.5, 9.5, 8, 9.5],
    close: [10, 10, 10, 10, 10],
  };
  const once = (fn: (s: Strategy<any>) => void) => scripted([fn]);

  it("fills a stop-loss at its price", () => {
    // entry at open[2] = 10; bar 3's low 8 <= 9 triggers the stop: exit at min(open 10, 9) = 9
    const r = backtest(bars, once((s) => s.buy({ size: 1, sl: 9 })));
    expect(col(r.trades, "exitBar")).toEqual([3]);
    expect(col(r.trades, "exitPrice")).toEqual([9]);
    expect(col(r.trades, "sl")).toEqual([9]);
  });

  it("fills a stop-loss at the open when the bar gaps through it", () => {
    const gap = { ...bars, open: [10, 10, 10, 8.5, 10], high: [10.5, 10.5, 10.5, 8.8, 10.5] };
    const r = backtest(gap, once((s) => s.buy({ size: 1, sl: 9 })));
    expect(col(r.trades, "exitPrice")).toEqual([8.5]);
  });

  it("lets a market entry's take-profit fill inside its entry bar", () => {
    // entry at open[2] = 10; bar 2's high 10.5 reaches tp 10.4: exit at max(open 10, 10.4) = 10.4 on bar 2
    const r = backtest(bars, once((s) => s.buy({ size: 1, tp: 10.4 })));
    expect(col(r.trades, "entryBar")).toEqual([2]);
    expect(col(r.trades, "exitBar")).toEqual([2]);
    expect(col(r.trades, "exitPrice")).toEqual([10.4]);
  });

  it("fills a buy limit at the limit, or at the open when the bar opens below it", () => {
    // bar 2's low 9.5 <= 9.6: fill at min(open 10, 9.6) = 9.6
    expect(backtest(bars, once((s) => s.buy({ size: 1, limit: 9.6 }))).strategy.trades[0].entryPrice).toBe(9.6);
    const gap = { ...bars, open: [10, 10, 9, 10, 10], low: [9.5, 9.5, 8.9, 8, 9.5] };
    expect(backtest(gap, once((s) => s.buy({ size: 1, limit: 9.6 }))).strategy.trades[0].entryPrice).toBe(9);
  });

  it("waits for a limit that the range does not reach", () => {
    // limit 8.5 is first reached on bar 3 (low 8): fill at 8.5 there
    const t = backtest(bars, once((s) => s.buy({ size: 1, limit: 8.5 }))).strategy.trades[0];
    expect([t.entryBar, t.entryPrice]).toEqual([3, 8.5]);
  });

  it("fills stop orders at the stop or at a worse open", () => {
    // buy stop 10.4: bar 2's high reaches it, fill at max(open 10, 10.4) = 10.4
    expect(backtest(bars, once((s) => s.buy({ size: 1, stop: 10.4 }))).strategy.trades[0].entryPrice).toBe(10.4);
    // sell stop 9.6: bar 2's low reaches it, fill at min(open 10, 9.6) = 9.6
    expect(backtest(bars, once((s) => s.sell({ size: 1, stop: 9.6 }))).strategy.trades[0].entryPrice).toBe(9.6);
  });

  it("refuses a stop-loss above the entry of a long order", () => {
    expect(() => backtest(bars, once((s) => s.buy({ size: 1, sl: 11 })))).toThrow(/sl \(11\) < entry/);
  });
});

describe("position netting", () => {
  it("without hedging an opposite order closes trades first (FIFO), the rest opens a new trade", () => {
    // buy 2 on bar 2; sell 3 on bar 3 closes the 2 and opens a short of 1
    const r = backtest(rising, scripted([(s) => s.buy({ size: 2 }), (s) => s.sell({ size: 3 })]));
    expect(col(r.trades, "size")).toEqual([2]);
    expect(r.strategy.trades.map((t) => t.size)).toEqual([-1]);
  });

  it("a smaller opposite order reduces the trade, closing a part as its own trade", () => {
    const r = backtest(rising, scripted([(s) => s.buy({ size: 5 }), (s) => s.sell({ size: 2 })]));
    expect(col(r.trades, "size")).toEqual([2]);
    expect(r.strategy.trades.map((t) => t.size)).toEqual([3]);
  });

  it("exclusiveOrders closes the open trade and cancels pending orders on each new order", () => {
    const r = backtest(rising, scripted([(s) => s.buy({ size: 2 }), (s) => (s.buy({ size: 1, limit: 1 }), s.sell({ size: 3 }))]), {
      exclusiveOrders: true,
    });
    expect(col(r.trades, "size")).toEqual([2]);
    expect(r.strategy.trades.map((t) => t.size)).toEqual([-3]);
    // As in backtesting.py: the sell's cancel pass removed the buy's close order and, walking the live
    // queue, skipped the limit buy that moved into its place; so the limit buy is still pending.
    expect(r.strategy.orders.map((o) => [o.size, o.limit])).toEqual([[1, 1]]);
  });

  it("position reports size, P&L and percent", () => {
    let seen: number[] = [];
    // 10 units filled at open[2] = 12; on bar 2 the close is 12.5
    backtest(rising, scripted([(s) => s.buy({ size: 10 }), (s) => (seen = [s.position.size, s.position.pl, s.position.plPct, +s.position.isLong])]));
    expect(seen).toEqual([10, 5, (5 / 120) * 100, 1]);
  });

  it("Trade.close(portion) closes round(size x portion) units, halves to even", () => {
    // 5 x 0.5 = 2.5 rounds to 2 (Python's round)
    const r = backtest(rising, scripted([(s) => s.buy({ size: 5 }), (s) => s.trades[0].close(0.5)]));
    expect(col(r.trades, "size")).toEqual([2]);
  });
});

describe("finalizeTrades", () => {
  const hold = scripted([(s) => s.buy({ size: 10 })]);
  it("closes open trades on the last bar at its open and counts them", () => {
    const r = backtest(rising, hold, { finalizeTrades: true });
    expect(col(r.trades, "exitBar")).toEqual([5]);
    expect(col(r.trades, "exitPrice")).toEqual([15]);
    // 10 x (15 - 12)
    expect(r.stats["Equity Final [$]"]).toBe(10030);
    expect(r.stats["# Trades"]).toBe(1);
  });

  it("otherwise leaves them open, marked at the last close, and out of the trade statistics", () => {
    const r = backtest(rising, hold);
    expect(r.trades.numRows()).toBe(0);
    expect(r.stats["# Trades"]).toBe(0);
    expect(Number.isNaN(r.stats["Win Rate [%]"])).toBe(true);
    // 10 x (15.5 - 12)
    expect(r.stats["Equity Final [$]"]).toBe(10035);
  });
});

describe("warm-up", () => {
  it("starts next() on the first bar where every indicator has a value, plus one", () => {
    const bars: number[] = [];
    class S extends Strategy {
      ind!: Indicator;
      init() {
        this.ind = this.I((x: Float64Array) => x.map((v, i) => (i < 3 ? NaN : v)), this.data.close);
      }
      next() {
        bars.push(this.data.length - 1);
      }
    }
    backtest(rising, S);
    expect(bars).toEqual([4, 5]);
  });

  it("waits only for indicators kept in fields, as backtesting.py", () => {
    const bars: number[] = [];
    class S extends Strategy {
      init() {
        this.I((x: Float64Array) => x.map((v, i) => (i < 3 ? NaN : v)), this.data.close); // not kept
      }
      next() {
        bars.push(this.data.length - 1);
      }
    }
    backtest(rising, S);
    expect(bars[0]).toBe(1);
  });

  it("shows indicators and data only up to the current bar", () => {
    const lengths: number[][] = [];
    class S extends Strategy {
      ind!: Indicator;
      init() {
        this.ind = this.I((x: Float64Array) => x.map((v) => v * 2), this.data.close);
      }
      next() {
        lengths.push([this.ind.length, this.data.close.length, this.data.open.length]);
      }
    }
    backtest(rising, S);
    expect(lengths).toEqual([
      [2, 2, 2],
      [3, 3, 3],
      [4, 4, 4],
      [5, 5, 5],
      [6, 6, 6],
    ]);
  });
});

describe("extra columns", () => {
  it("are visible up to the current bar through data.column()", () => {
    const seen: number[][] = [];
    class S extends Strategy {
      next() {
        seen.push(Array.from(this.data.column("signal")));
      }
    }
    backtest({ ...rising, signal: [1, 2, 3, 4, 5, 6] }, S);
    expect(seen[0]).toEqual([1, 2]);
    expect(seen[4]).toEqual([1, 2, 3, 4, 5, 6]);
    class Missing extends Strategy {
      next() {
        this.data.column("nope");
      }
    }
    expect(() => backtest({ ...rising, signal: [1, 2, 3, 4, 5, 6] }, Missing)).toThrow(/no column 'nope'; extra numeric columns are 'signal'/);
  });
});

describe("bad input", () => {
  it("names a missing column", () => {
    expect(() => backtest({ open: [1], high: [1], low: [1] }, buyThenClose(1))).toThrow(/no 'close' column/);
  });
  it("names the row of a NaN price", () => {
    const e = (() => {
      try {
        backtest({ ...rising, close: [1, NaN, 1, 1, 1, 1] }, buyThenClose(1));
      } catch (error) {
        return error as InvalidBarsError;
      }
    })();
    expect(e).toBeInstanceOf(InvalidBarsError);
    expect(e?.code).toBe("BACKTEST_INVALID_DATA");
    expect([e?.column, e?.row]).toEqual(["close", 1]);
  });
  it("rejects unsorted timestamps", () => {
    expect(() => backtest({ ...rising, timestamp: [0, 2, 1, 3, 4, 5] }, buyThenClose(1))).toThrow(/ascending, row 2/);
  });
  it("rejects a strategy that is not a Strategy subclass", () => {
    class NotAStrategy {
      next() {}
    }
    expect(() => backtest(rising, NotAStrategy as never)).toThrow(/must be a Strategy subclass .*got class NotAStrategy/);
  });
  it("rejects bad options and unknown parameters", () => {
    expect(() => backtest(rising, buyThenClose(1), { cash: -5 })).toThrow(/'cash' must be a positive amount, got -5/);
    expect(() => backtest(rising, buyThenClose(1), { margin: 2 })).toThrow(InvalidOptionError);
    class P extends Strategy<{ n: number }> {
      static defaults = { n: 1 };
      next() {}
    }
    expect(() => backtest(rising, P, { params: { m: 2 } as unknown as { n: number } })).toThrow(/has no parameter 'm'; its parameters are 'n'/);
    expect(() => backtest(rising, P, { params: { m: 2 } as unknown as { n: number } })).toThrow(InvalidStrategyError);
  });
});
