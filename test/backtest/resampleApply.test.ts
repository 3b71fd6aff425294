/**
 * resampleApply against backtesting.py 0.6.6's lib.resample_apply (cases "resample", "resample4h",
 * "resampleW" and "resampleStrategy" of backtesting_lib_reference.py, see libReference.ts), and a
 * no-look-ahead property against a naive reference.
 */
import * as path from "path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backtest, crossover, readBarsCsv, resampleApply, sma, Strategy, toBars, type Indicator } from "../../lib/backtest";
import { FIXTURES, flatBars, loadGoog } from "../../lib/backtest/testing";
import { expectStatsEqual, expectTradesEqual, pyFloat, reference } from "./libReference";

const SMA = (values: Float64Array, n: number) => sma(values, n);
const eurusd = toBars(readBarsCsv(path.join(FIXTURES, "EURUSD.csv")));
const goog = toBars(loadGoog());
const bits = (values: ArrayLike<number>) => Array.from(values, (v) => (Number.isNaN(v) ? "nan" : v));

class DailySma extends Strategy {
  daily!: Indicator;
  hourly!: Indicator;
  init() {
    this.daily = this.resampleApply("D", SMA, this.data.close, 10);
    this.hourly = this.I(SMA, this.data.close, 24);
  }
  next() {
    if (crossover(this.hourly, this.daily)) {
      this.position.close();
      this.buy();
    } else if (crossover(this.daily, this.hourly)) {
      this.position.close();
      this.sell();
    }
  }
}

describe("resampleApply (backtesting.py 0.6.6 lib.resample_apply)", () => {
  it("reproduces test_resample_apply: daily SMA(10) of EURUSD hourly closes, 96.34 % of bars valued", () => {
    const out = resampleApply({ rule: "D", timestamp: eurusd.timestamp! }, SMA, eurusd.close, 10);
    const valued = out.filter((v) => !Number.isNaN(v)).length;
    expect(Math.round((valued / out.length) * 1e4) / 1e4).toBe(0.9634);
    expect(bits(out)).toEqual(bits(reference("resample").values!.map(pyFloat)));
  });

  it("gives pandas' 4-hour bins (from midnight of the first day) and W-SUN weeks, bit for bit", () => {
    expect(bits(resampleApply({ rule: "4H", timestamp: eurusd.timestamp! }, SMA, eurusd.close, 3))).toEqual(bits(reference("resample4h").values!.map(pyFloat)));
    expect(bits(resampleApply({ rule: "W", timestamp: goog.timestamp! }, SMA, goog.close, 4))).toEqual(bits(reference("resampleW").values!.map(pyFloat)));
  });

  it("in a strategy: names the indicator SMA(C[D],10) and trades as backtesting.py does, bit for bit", () => {
    const expected = reference("resampleStrategy");
    const result = backtest(eurusd, DailySma, { finalizeTrades: true });
    expect(result.trades.columnNames().slice(14, 16)).toEqual(["Entry_SMA(C[D],10)", "Exit_SMA(C[D],10)"]);
    expectTradesEqual(result.trades, expected);
    expectStatsEqual(result.stats as unknown as Record<string, number>, expected);
  });

  it("never looks ahead: each bar's value is the same when every later bar is cut off (fast-check)", () => {
    const HOUR = 3_600_000;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.double({ min: 1, max: 100, noNaN: true })), { minLength: 2, maxLength: 120 }),
        fc.constantFrom("2h", "1d", "1w"),
        fc.integer({ min: 1, max: 3 }),
        (steps, rule, n) => {
          const timestamp = new Float64Array(steps.length);
          let t = Date.UTC(2020, 0, 1, 5);
          steps.forEach(([gap], i) => (timestamp[i] = t += gap * HOUR));
          const values = Float64Array.from(steps, ([, v]) => v);
          const full = resampleApply({ rule, timestamp }, SMA, values, n);
          for (let j = 0; j < values.length; j++) {
            const prefix = resampleApply({ rule, timestamp: timestamp.subarray(0, j + 1) }, SMA, values.subarray(0, j + 1), n);
            expect(bits([full[j]])).toEqual(bits([prefix[j]]));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("rejects rules it cannot bin and data without timestamps", () => {
    expect(() => resampleApply({ rule: "1M", timestamp: goog.timestamp! }, SMA, goog.close, 2)).toThrow(/resampleApply: rule "1M" is not a timeframe/);
    class Untimed extends Strategy {
      x!: Indicator;
      init() {
        this.x = this.resampleApply("1d", SMA, this.data.close, 2);
      }
      next() {}
    }
    expect(() => backtest(flatBars([1, 2, 3]), Untimed)).toThrow(/has no timestamps, so it cannot be resampled to "1d"/);
  });
});
