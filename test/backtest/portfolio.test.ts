/**
 * Portfolio backtests: with one symbol they are the single-asset engine bit for bit (a property over
 * random data and a random trader); with several, a reference model built from independent single-asset
 * runs (whole-unit orders, enough cash) predicts the portfolio's equity at every step and its trades;
 * the shared-cash, fill-order and alignment rules hold; bad input names the symbol.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backtest,
  FULL_EQUITY,
  Indicator,
  InvalidBarsError,
  InvalidOptionError,
  portfolioBacktest,
  readPortfolioBars,
  sma,
  Strategy,
  tradeRecords,
  type Bars,
} from "../../lib/backtest";
import { seededRandom } from "../../lib/data";
import type { Table } from "../../lib/frame";
import { type Arctic, SymbolNotFoundError } from "../../lib/store";
import { col, loadGoog, SmaCross } from "../../lib/backtest/testing";
import { useMemoryStore } from "../../lib/store/testing";

const DAY = 86_400_000;

/** A random walk of OHLC bars at the given times (or row-indexed), gaps between bars included. */
function randomBars(seed: number, n: number, timestamp: number[] | null): Bars {
  const rnd = seededRandom(seed);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let price = 50 + rnd() * 100;
  for (let i = 0; i < n; i++) {
    open[i] = price * (1 + (rnd() - 0.5) * 0.04);
    close[i] = open[i] * (1 + (rnd() - 0.5) * 0.06);
    high[i] = Math.max(open[i], close[i]) * (1 + rnd() * 0.02);
    low[i] = Math.min(open[i], close[i]) * (1 - rnd() * 0.02);
    price = close[i];
  }
  return { timestamp: timestamp ? Float64Array.from(timestamp) : null, open, high, low, close, volume: new Float64Array(n).fill(NaN), extra: {}, length: n };
}

/** Random ascending times: 1 to 3 days apart from 2020-01-01, so weekends and gaps occur. */
function randomTimes(seed: number, n: number): number[] {
  const rnd = seededRandom(seed * 7 + 3);
  const out: number[] = [];
  let t = Date.UTC(2020, 0, 1);
  for (let i = 0; i < n; i++) out.push((t += DAY * (1 + Math.floor(rnd() * 3))));
  return out;
}

/**
 * Trades at random with a generator seeded by (seed, bar), so its choices depend only on its own bars;
 * `whole` keeps every size a whole number of units (so sizing never depends on the cash).
 */
class RandomTrader extends Strategy<{ seed: number; whole: boolean }> {
  static defaults = { seed: 1, whole: false };
  ma!: Indicator;
  init(): void {
    this.ma = this.I(sma, this.data.close, 3);
  }
  next(): void {
    const bar = this.data.length - 1;
    const rnd = seededRandom(this.params.seed * 100_003 + bar);
    const close = this.data.close[bar];
    const r = rnd();
    const size = !this.params.whole && rnd() < 0.5 ? 0.1 + rnd() * 0.8 : 1 + Math.floor(rnd() * 5);
    if (r < 0.15) this.position.close();
    else if (r < 0.35) this.buy({ size, ...(rnd() < 0.3 ? { sl: close * 0.97 } : {}), ...(rnd() < 0.3 ? { tp: close * 1.05 } : {}), tag: this.equity > 10_000 ? "up" : "down" });
    else if (r < 0.5) this.sell({ size, ...(rnd() < 0.3 ? { sl: close * 1.03 } : {}) });
    else if (r < 0.6) {
      if (close > this.ma[bar]) this.buy({ size: 1, limit: close * 0.99 });
      else this.sell({ size: 1, limit: close * 1.01 });
    } else if (r < 0.7) this.buy({ size: 2, stop: close * 1.01 });
    else if (r < 0.75 && this.trades.length) this.trades[0].close(0.5);
  }
}

/** A Table's cells as plain values (dates as epoch ms), for exact comparison (Object.is, so -0 and NaN count). */
function cells(table: Table, name: string): unknown[] {
  return Array.from(table.array(name) as ArrayLike<unknown>, (v) => (v instanceof Date ? v.getTime() : v));
}

function expectSameTable(actual: Table, expected: Table, label: string): void {
  for (const name of expected.columnNames()) {
    const a = cells(actual, name);
    const e = cells(expected, name);
    expect(a.length, `${label} ${name}`).toBe(e.length);
    const differ = a.findIndex((v, i) => !Object.is(v, e[i]));
    expect(differ, `${label} column ${name} row ${differ}: ${String(a[differ])} != ${String(e[differ])}`).toBe(-1);
  }
}

const settings = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  n: fc.integer({ min: 1, max: 90 }),
  timed: fc.boolean(),
  cash: fc.constantFrom(1_000, 10_000, 100_000),
  spread: fc.constantFrom(0, 0.001, 0.01),
  commission: fc.constantFrom(0, 0.002, 0.01),
  margin: fc.constantFrom(1, 0.5, 0.1),
  tradeOnClose: fc.boolean(),
  hedging: fc.boolean(),
  exclusiveOrders: fc.boolean(),
  finalizeTrades: fc.boolean(),
  allocation: fc.constantFrom("shared" as const, "equal" as const),
});

describe("portfolioBacktest over one symbol", () => {
  it("is backtest() bit for bit: every statistic, the equity curve, the trades table (plus 'symbol') and the warnings", () => {
    fc.assert(
      fc.property(settings, ({ seed, n, timed, allocation, ...options }) => {
        const bars = randomBars(seed, n, timed ? randomTimes(seed, n) : null);
        const params = { seed, whole: false };
        const single = backtest(bars, RandomTrader, { ...options, params });
        const portfolio = portfolioBacktest({ XYZ: bars }, RandomTrader, { ...options, allocation, params });
        const keys = Object.keys(single.stats);
        expect(Object.keys(portfolio.stats)).toEqual(keys);
        for (const key of keys) {
          const [a, e] = [(portfolio.stats as unknown as Record<string, number>)[key], (single.stats as unknown as Record<string, number>)[key]];
          expect(Object.is(a, e), `${key}: ${a} != ${e}`).toBe(true);
        }
        expect(portfolio.equity.columnNames()).toEqual(single.equity.columnNames());
        expectSameTable(portfolio.equity, single.equity, "equity");
        expect(portfolio.trades.columnNames()).toEqual(["symbol", ...single.trades.columnNames()]);
        expectSameTable(portfolio.trades, single.trades, "trades");
        expect(cells(portfolio.trades, "symbol").every((s) => s === "XYZ")).toBe(true);
        expect(portfolio.warnings).toEqual(single.warnings.map((w) => `XYZ: ${w}`));
      }),
      { numRuns: 300 },
    );
  });

  it("gives backtesting.py's SmaCross(10, 30) figures on GOOG, as backtest() does", () => {
    const portfolio = portfolioBacktest({ GOOG: loadGoog() }, SmaCross, { finalizeTrades: true });
    expect(portfolio.stats["Equity Final [$]"]).toBe(backtest(loadGoog(), SmaCross, { finalizeTrades: true }).stats["Equity Final [$]"]);
    expect(portfolio.stats["# Trades"]).toBe(66);
    expect(portfolio.symbols.objects()[0]).toMatchObject({ symbol: "GOOG", Bars: 2148, "# Trades": 66 });
  });
});

/** Each symbol's times: a random subset of one grid of days, so calendars overlap only in part. */
function calendars(seed: number, count: number, steps: number): number[][] {
  const rnd = seededRandom(seed * 13 + 1);
  const grid = randomTimes(seed, steps);
  return Array.from({ length: count }, () => {
    const times = grid.filter(() => rnd() < 0.7);
    return times.length ? times : [grid[0]];
  });
}

describe("portfolioBacktest over several symbols, against independent single-asset runs", () => {
  const many = fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    count: fc.integer({ min: 2, max: 3 }),
    steps: fc.integer({ min: 2, max: 70 }),
    commission: fc.constantFrom(0, 0.002),
    spread: fc.constantFrom(0, 0.001),
    tradeOnClose: fc.boolean(),
    hedging: fc.boolean(),
    finalizeTrades: fc.boolean(),
  });

  it("with whole-unit orders and enough cash: the same trades per symbol, and equity = cash + each symbol's P&L marked at its last known close", () => {
    fc.assert(
      fc.property(many, ({ seed, count, steps, ...options }) => {
        const cash = 1e9;
        const symbols = calendars(seed, count, steps).map((times, k) => [`S${k}`, randomBars(seed + k, times.length, times)] as const);
        const params = { seed, whole: true };
        const portfolio = portfolioBacktest(new Map(symbols), RandomTrader, { ...options, cash, params });
        const timeline = col(portfolio.equity, "timestamp");
        expect(timeline).toEqual([...new Set(symbols.flatMap(([, b]) => Array.from(b.timestamp!)))].sort((a, b) => a - b));

        // The model: each symbol run alone (without finalizeTrades for the steps before the last, with it
        // for the last); a symbol adds its own equity less the cash at its last bar so far, once past its
        // warm-up (its first next() is on bar 1 + the bars sma(3) needs); steps before any symbol is past
        // its warm-up hold the first recorded equity.
        const expected = new Float64Array(timeline.length).fill(cash);
        const last = timeline.length - 1;
        let firstStep = Infinity;
        const symbolColumn = cells(portfolio.trades, "symbol");
        const all = tradeRecords(portfolio.trades);
        for (const [symbol, bars] of symbols) {
          const alone = backtest(bars, RandomTrader, { ...options, cash, params });
          const open = backtest(bars, RandomTrader, { ...options, finalizeTrades: false, cash, params });
          const own = all.filter((_, k) => symbolColumn[k] === symbol);
          const ownRecords = tradeRecords(alone.trades);
          expect(own.length, symbol).toBe(ownRecords.length);
          own.forEach((t, k) => expect(t, `${symbol} trade ${k}`).toEqual({ ...ownRecords[k], tag: t.tag }));
          const warm = sma(bars.close, 3).findIndex((v) => !Number.isNaN(v));
          const start = 1 + Math.max(0, warm);
          const equityOpen = col(open.equity, "equity");
          const equityFinal = col(alone.equity, "equity");
          let i = -1;
          timeline.forEach((t, step) => {
            while (i + 1 < bars.length && bars.timestamp![i + 1] <= t) i++;
            if (i < start) return;
            firstStep = Math.min(firstStep, step);
            expected[step] += (step === last ? equityFinal[bars.length - 1] : equityOpen[i]) - cash;
          });
        }
        if (firstStep < Infinity) expected.fill(expected[firstStep], 0, firstStep);
        const got = col(portfolio.equity, "equity");
        got.forEach((v, step) => expect(Math.abs(v - expected[step]), `step ${step}`).toBeLessThanOrEqual(1e-6));
        expect(portfolio.stats["# Trades"]).toBe(all.length);
      }),
      { numRuns: 150 },
    );
  });

  it("the symbols' contributions add up to the portfolio's return, their trades to its trades, their buy & hold to its buy & hold", () => {
    fc.assert(
      fc.property(many, fc.constantFrom("shared" as const, "equal" as const), ({ seed, count, steps, ...options }, allocation) => {
        const symbols = calendars(seed, count, steps).map((times, k) => [`S${k}`, randomBars(seed + k, times.length, times)] as const);
        const r = portfolioBacktest(new Map(symbols), RandomTrader, { ...options, allocation, params: { seed, whole: false } });
        const rows = r.symbols.objects() as Record<string, number>[];
        const contribution = rows.reduce((sum, row) => sum + row["Contribution [%]"], 0);
        // the gain over the starting cash, which is Return [%] unless nothing traded before the last bar
        if (r.stats["Equity Final [$]"] > 0) expect(contribution).toBeCloseTo(((r.stats["Equity Final [$]"] - 10_000) / 10_000) * 100, 6);
        expect(rows.reduce((sum, row) => sum + row["# Trades"], 0)).toBe(r.stats["# Trades"]);
        expect(rows.map((row) => row.Bars)).toEqual(symbols.map(([, b]) => b.length));
        // buy & hold: an equal-weight holding of every symbol from its first tradable bar
        const holdings = rows.map((row) => row["Buy & Hold Return [%]"]);
        if (!holdings.some(Number.isNaN)) expect(r.stats["Buy & Hold Return [%]"]).toBeCloseTo(holdings.reduce((a, b) => a + b, 0) / holdings.length, 9);
      }),
      { numRuns: 100 },
    );
  });
});

describe("shared cash: sizing and the order symbols fill in", () => {
  // Two symbols with the same bars; every bar the strategy wants all available margin.
  const bars = randomBars(7, 30, randomTimes(7, 30));
  class AllIn extends Strategy {
    next(): void {
      if (!this.position.size && !this.orders.length) this.buy({ size: FULL_EQUITY });
    }
  }

  it("'shared': the symbol listed first takes the margin; the other's order is cancelled, with a warning naming it", () => {
    const ab = portfolioBacktest(new Map([["A", bars], ["B", bars]]), AllIn);
    const ba = portfolioBacktest(new Map([["B", bars], ["A", bars]]), AllIn);
    const openA = (ab.strategies.A.trades.length, ab.strategies.A.position.size);
    expect(openA).toBeGreaterThan(0);
    expect(ab.strategies.B.position.size).toBe(0);
    expect(ab.warnings.some((w) => w.startsWith("B: bar"))).toBe(true);
    expect(ba.strategies.B.position.size).toBe(openA);
    expect(ba.strategies.A.position.size).toBe(0);
  });

  it("'equal': each symbol ties up at most 1/N of equity, so both hold about half", () => {
    const r = portfolioBacktest(new Map([["A", bars], ["B", bars]]), AllIn, { allocation: "equal" });
    const a = r.strategies.A.trades[0];
    const b = r.strategies.B.trades[0];
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBeGreaterThan(0);
    expect(a.size * a.entryPrice).toBeLessThanOrEqual(10_000 / 2);
    expect(b.size * b.entryPrice).toBeLessThanOrEqual(10_000 / 2);
    expect(a.size * a.entryPrice).toBeGreaterThan(10_000 / 2 - a.entryPrice);
  });

  it("a symbol without a bar at a time neither fills nor runs next() then; its trade is marked at its last close", () => {
    const t = [1, 2, 3, 4, 5].map((d) => Date.UTC(2024, 0, d));
    const seen: string[] = [];
    class Log extends Strategy {
      next(): void {
        seen.push(`${this.symbol}@${new Date(this.data.now).getUTCDate()}`);
        if (this.symbol === "B" && !this.orders.length && !this.position.size) this.buy({ size: 10 });
      }
    }
    const a = { timestamp: t, open: [10, 10, 10, 10, 10], high: [10, 10, 10, 10, 10], low: [10, 10, 10, 10, 10], close: [10, 10, 10, 10, 10] };
    // B has bars on days 1, 2 and 4 only; next() starts on each symbol's second bar
    const b = { timestamp: [t[0], t[1], t[3]], open: [100, 105, 110], high: [100, 105, 116], low: [100, 105, 109], close: [100, 105, 115] };
    const r = portfolioBacktest(new Map([["A", a], ["B", b]]), Log);
    expect(seen).toEqual(["A@2", "B@2", "A@3", "A@4", "B@4", "A@5"]);
    // B's order of day 2 waits for its next bar, day 4, and fills at its open
    expect(r.strategies.B.trades[0].entryTime).toBe(t[3]);
    expect(r.strategies.B.trades[0].entryPrice).toBe(110);
    // day 5: B has no bar, so its 10 units stay marked at day 4's close (115)
    expect(col(r.equity, "equity")).toEqual([10_000, 10_000, 10_000, 10_050, 10_050]);
  });
});

describe("bad input", () => {
  it("names the symbol whose data is unusable", () => {
    const good = randomBars(1, 5, randomTimes(1, 5));
    const bad = { timestamp: [1, 2], open: [1, NaN], high: [1, 1], low: [1, 1], close: [1, 1] };
    const error = (() => {
      try {
        portfolioBacktest({ GOOD: good, BAD: bad }, SmaCross);
      } catch (e) {
        return e as InvalidBarsError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidBarsError);
    expect(error?.message).toMatch(/symbol 'BAD': column 'open' is NaN at row 1/);
    expect(error?.symbol).toBe("BAD");
  });

  it("refuses no symbols, a bad allocation, and timed mixed with row-indexed data", () => {
    expect(() => portfolioBacktest({}, SmaCross)).toThrow(InvalidOptionError);
    expect(() => portfolioBacktest({ A: loadGoog() }, SmaCross, { allocation: "half" as "equal" })).toThrow(/'allocation' must be "shared" or "equal", got "half"/);
    expect(() => portfolioBacktest({ A: loadGoog(), B: randomBars(1, 5, null) }, SmaCross)).toThrow(/symbol 'B' has no timestamp column while 'A' has one/);
  });
});

describe("readPortfolioBars", () => {
  let arctic: Arctic;
  useMemoryStore((store) => (arctic = store));

  it("reads the symbols from a library in the order given, ready for portfolioBacktest", async () => {
    const lib = await arctic.getLibrary("prices", { createIfMissing: true });
    const a = randomBars(1, 40, randomTimes(1, 40));
    const b = randomBars(2, 30, randomTimes(2, 30));
    await lib.write("A", { timestamp: a.timestamp!, open: a.open, high: a.high, low: a.low, close: a.close });
    await lib.write("B", { timestamp: b.timestamp!, Open: b.open, High: b.high, Low: b.low, Close: b.close });
    const bars = await readPortfolioBars(lib, ["B", "A"]);
    expect([...bars.keys()]).toEqual(["B", "A"]);
    const fromStore = portfolioBacktest(bars, RandomTrader, { params: { seed: 3, whole: false } });
    const direct = portfolioBacktest(new Map([["B", b], ["A", a]]), RandomTrader, { params: { seed: 3, whole: false } });
    expect(fromStore.stats).toEqual(direct.stats);
    const window = await readPortfolioBars(lib, ["A"], { dateRange: [a.timestamp![10], a.timestamp![19]] });
    expect(window.get("A")!.numRows()).toBe(10);
    await expect(readPortfolioBars(lib, ["A", "NOPE"])).rejects.toThrow(SymbolNotFoundError);
    await expect(readPortfolioBars(lib, ["A", "A"])).rejects.toThrow(/'A' is listed twice/);
  });
});
