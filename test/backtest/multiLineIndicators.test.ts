/**
 * Indicators of several lines through Strategy.I() and the Entry_/Exit_ indicator columns of the
 * trades table, against backtesting.py 0.6.6 (case "multi" of backtesting_lib_reference.py: SMA(C,10)
 * and a 3-line Bollinger indicator bbands(C,20) on GOOG, finalize_trades=True).
 */
import { describe, expect, it } from "vitest";
import { backtest, bollinger, crossover, InvalidStrategyError, sma, Strategy, type Indicator, type MultiIndicator } from "../../lib/backtest";
import { expectStatsEqual, expectTradesEqual, pyFloat, reference } from "./libReference";
import { flatBars, loadGoog } from "../../lib/backtest/testing";

const SMA = (values: Float64Array, n: number) => sma(values, n);
function bbands(close: Float64Array, n: number): Float64Array[] {
  const b = bollinger(close, { period: n });
  return [b.upper, b.middle, b.lower];
}

class SmaBands extends Strategy {
  ma!: Indicator;
  bands!: MultiIndicator;
  init() {
    this.ma = this.I(SMA, this.data.close, 10);
    this.bands = this.I(bbands, this.data.close, 20);
  }
  next() {
    if (crossover(this.data.close, this.bands[0])) {
      this.position.close();
      this.sell();
    } else if (crossover(this.bands[2], this.data.close)) {
      this.position.close();
      this.buy();
    }
  }
}

describe("several-line indicators and indicator columns (backtesting.py 0.6.6)", () => {
  const expected = reference("multi");
  const result = backtest(loadGoog(), SmaBands, { finalizeTrades: true });

  it("trades, statistics and the Entry_/Exit_ columns equal backtesting.py's bit for bit", () => {
    expect(result.trades.numRows()).toBe(123);
    expectTradesEqual(result.trades, expected);
    expectStatsEqual(result.stats as unknown as Record<string, number>, expected);
    // Equity summed as 0.6.6 sums it (cash + (close x net size - sum of size x entry price)): bit for bit.
    expect(Array.from(result.equity.array("equity") as Float64Array)).toEqual(expected.equity!.map(pyFloat));
  });

  it("names lines _0, _1, _2 in the order fn returned them, and keeps a one-line indicator unsuffixed", () => {
    expect(result.trades.columnNames().slice(14)).toEqual([
      "Entry_SMA(C,10)", "Exit_SMA(C,10)",
      "Entry_bbands(C,20)_0", "Exit_bbands(C,20)_0",
      "Entry_bbands(C,20)_1", "Exit_bbands(C,20)_1",
      "Entry_bbands(C,20)_2", "Exit_bbands(C,20)_2",
    ]);
  });

  it("cuts every line to the current bar in next(), and waits for every line to warm up", () => {
    const seen: { bar: number; lengths: number[] }[] = [];
    class Probe extends Strategy {
      lines!: MultiIndicator;
      init() {
        this.lines = this.I(() => ({ a: Float64Array.from([NaN, 1, 2, 3, 4]), b: Float64Array.from([NaN, NaN, NaN, 5, 6]) }));
      }
      next() {
        seen.push({ bar: this.data.length - 1, lengths: this.lines.map((l: Float64Array) => l.length) });
      }
    }
    backtest(flatBars([1, 2, 3, 4, 5]), Probe);
    // The later line warms up on bar 3, so next() starts on bar 4 (1 + warm-up, as backtesting.py).
    expect(seen).toEqual([{ bar: 4, lengths: [5, 5] }]);
  });

  it("cuts a single line kept on its own, as indexing backtesting.py's 2-D indicator does", () => {
    const lengths: number[] = [];
    class Probe extends Strategy {
      upper!: Indicator;
      init() {
        this.upper = this.I(bbands, this.data.close, 2)[0];
      }
      next() {
        lengths.push(this.upper.length);
      }
    }
    backtest(flatBars([1, 2, 4, 3]), Probe);
    expect(lengths).toEqual([3, 4]);
  });

  it("rejects a line of the wrong length, naming the indicator and the line", () => {
    class Bad extends Strategy {
      init() {
        this.I((c: Float64Array) => [c, c.subarray(1)], this.data.close);
      }
      next() {}
    }
    expect(() => backtest(flatBars([1, 2, 3]), Bad)).toThrow(InvalidStrategyError);
    expect(() => backtest(flatBars([1, 2, 3]), Bad)).toThrow(/indicator λ\(\w\) line 1 must return one value per bar \(3\), got 2 values/);
  });
});
