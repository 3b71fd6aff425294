/**
 * The vectorised signal backtest against the event-driven engine: the same target-position strategy
 * written as a Strategy must give the same equity curve, trades and statistics, under every broker
 * option the signal path supports.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as path from "path";
import { backtest, Indicator, readBarsCsv, signalBacktest, signalsToTarget, sma, SmaCross, smaCrossSignals, Strategy, toBars, InvalidOptionError } from "./index";
import { seededRandom } from "../data";
import { col, FIXTURES, loadGoog } from "./testing";

/**
 * Follows a precomputed target: when the wanted direction differs from the position (or `reenter` is
 * set on the bar and the target is long or short), close and re-open.
 */
class FollowTarget extends Strategy<{ target: ArrayLike<number>; reenter: ArrayLike<number>; warmup: number; size: number }> {
  static defaults = { target: [] as ArrayLike<number>, reenter: [] as ArrayLike<number>, warmup: 0, size: 1 - Number.EPSILON };
  gate!: Indicator;
  init(): void {
    const { warmup } = this.params;
    this.gate = this.I((n: number) => Float64Array.from({ length: n }, (_, i) => (i < warmup ? NaN : 0)), this.data.length);
  }
  next(): void {
    const bar = this.data.length - 1;
    const want = this.params.target[bar];
    if (Number.isNaN(want)) return;
    const direction = Math.sign(want);
    if (direction === Math.sign(this.position.size) && !(direction !== 0 && this.params.reenter[bar])) return;
    this.position.close();
    if (direction > 0) this.buy({ size: this.params.size });
    else if (direction < 0) this.sell({ size: this.params.size });
  }
}

function randomWalk(seed: number, n: number) {
  const rnd = seededRandom(seed);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const timestamp = new Float64Array(n);
  let price = 50;
  for (let i = 0; i < n; i++) {
    open[i] = price * (1 + (rnd() - 0.5) * 0.03);
    close[i] = open[i] * (1 + (rnd() - 0.5) * 0.08);
    high[i] = Math.max(open[i], close[i]) * 1.01;
    low[i] = Math.min(open[i], close[i]) * 0.99;
    timestamp[i] = Date.UTC(2020, 0, 1) + i * 86_400_000;
    price = close[i];
  }
  return { timestamp, open, high, low, close };
}

describe("signalBacktest agrees with backtest()", () => {
  it("on random targets and broker options", () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e6 }),
          n: fc.integer({ min: 3, max: 60 }),
          warmup: fc.integer({ min: 0, max: 5 }),
          spread: fc.constantFrom(0, 0.002, 0.02),
          commission: fc.constantFrom<number | [number, number]>(0, 0.001, 0.01, [1, 0.002]),
          margin: fc.constantFrom(1, 0.5, 0.05),
          tradeOnClose: fc.boolean(),
          finalizeTrades: fc.boolean(),
          size: fc.constantFrom(1 - Number.EPSILON, 0.5, 3, 1000),
          cash: fc.constantFrom(10_000, 300),
        }),
        (o) => {
          const bars = randomWalk(o.seed, o.n);
          const rnd = seededRandom(o.seed + 7);
          const target = Float64Array.from({ length: o.n }, () => [1, -1, 0, NaN][Math.floor(rnd() * 4)]);
          const reenter = Uint8Array.from({ length: o.n }, () => +(rnd() < 0.3));
          const { seed, n, size, ...broker } = o;
          // (an indicator that is NaN on every bar does not hold the event engine back: keep warmup < n)
          const warmup = Math.min(o.warmup, n - 1);
          const event = backtest(bars, FollowTarget, { ...broker, params: { target, reenter, warmup, size } });
          const vector = signalBacktest(bars, { target, reenter }, { ...broker, warmup, size });
          expect(col(vector.equity, "equity")).toEqual(col(event.equity, "equity"));
          for (const name of ["size", "entryBar", "exitBar", "entryPrice", "exitPrice", "pnl", "commission", "returnPct"]) {
            expect(col(vector.trades, name), name).toEqual(col(event.trades, name));
          }
          expect(vector.stats).toEqual(event.stats);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reproduces backtesting.py's SmaCross(10, 30) on GOOG from crossover signals", () => {
    const bars = toBars(loadGoog());
    const fast = sma(bars.close, 10);
    const slow = sma(bars.close, 30);
    const target = new Float64Array(bars.length).fill(NaN);
    for (let i = 1; i < bars.length; i++) {
      if (fast[i - 1] < slow[i - 1] && fast[i] > slow[i]) target[i] = 1;
      else if (fast[i - 1] > slow[i - 1] && fast[i] < slow[i]) target[i] = -1;
    }
    const r = signalBacktest(bars, { target }, { finalizeTrades: true, warmup: 29 });
    // figures published in backtesting.py's test_compute_stats
    expect(r.stats["Equity Final [$]"]).toBeCloseTo(51422.98999999996, 8);
    expect(r.stats["# Trades"]).toBe(66);
    expect(r.stats.SQN).toBeCloseTo(1.0766187356697705, 12);
  });
});

describe("smaCrossSignals is SmaCross", () => {
  it("on EURUSD (5, 30), whose averages touch and cross up twice in a row: the same 208 trades with commission", () => {
    const eurusd = toBars(readBarsCsv(path.join(FIXTURES, "EURUSD.csv")));
    const params = { fast: 5, slow: 30 };
    const signals = smaCrossSignals(eurusd, params);
    const options = { commission: 0.002, finalizeTrades: true };
    const event = backtest(eurusd, SmaCross, { ...options, params });
    const vector = signalBacktest(eurusd, signals, { ...options, warmup: signals.warmup });
    const held = signalBacktest(eurusd, { target: signals.target }, { ...options, warmup: signals.warmup });
    expect(event.stats["# Trades"]).toBe(208);
    for (const name of ["size", "entryBar", "exitBar", "entryPrice", "exitPrice", "pnl", "commission"]) {
      expect(col(vector.trades, name), name).toEqual(col(event.trades, name));
    }
    expect(vector.stats).toEqual(event.stats);
    // without reenter the second up-cross holds the position: one trade fewer, another return
    expect(held.stats["# Trades"]).toBe(207);
    expect(held.stats["Return [%]"]).not.toBe(event.stats["Return [%]"]);
  });

  it("rejects reenter flags of the wrong length", () => {
    expect(() => signalBacktest(randomWalk(1, 5), { target: [1, 1, 1, 1, 1], reenter: [1] })).toThrow(/'reenter' has 1 values but the data has 5 bars/);
  });
});

describe("signalsToTarget", () => {
  it("holds from entry to exit, and lets the opposite entry reverse", () => {
    expect(Array.from(signalsToTarget({ entries: [0, 1, 0, 0, 0], exits: [0, 0, 0, 1, 0] }))).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(signalsToTarget({ entries: [1, 0, 0, 1], shortEntries: [0, 0, 1, 0] }))).toEqual([1, 1, -1, 1]);
    expect(Array.from(signalsToTarget({ entries: [0, 0, 0], shortEntries: [1, 0, 0], shortExits: [0, 1, 0] }))).toEqual([-1, 0, 0]);
  });

  it("runs entries/exits like the equivalent target", () => {
    const bars = randomWalk(3, 40);
    const entries = Array.from({ length: 40 }, (_, i) => i % 7 === 1);
    const exits = Array.from({ length: 40 }, (_, i) => i % 7 === 4);
    const a = signalBacktest(bars, { entries, exits });
    const b = signalBacktest(bars, { target: signalsToTarget({ entries, exits }) });
    expect(a.stats).toEqual(b.stats);
    expect(a.trades.numRows()).toBeGreaterThan(3);
  });

  it("rejects signals of the wrong length", () => {
    expect(() => signalBacktest(randomWalk(1, 5), { target: [1, 0] })).toThrow(InvalidOptionError);
    expect(() => signalsToTarget({ entries: [1, 0], exits: [0] })).toThrow(/'exits' has 1 values but 'entries' has 2/);
  });
});
