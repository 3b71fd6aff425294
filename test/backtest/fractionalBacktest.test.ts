/**
 * fractionalBacktest against backtesting.py 0.6.6's lib.FractionalBacktest: its test_FractionalBacktest
 * (BTCUSD monthly from 2015, SmaCross(2, 3), μBTC units, cash 100), recorded as case "fractional" of
 * backtesting_lib_reference.py (see libReference.ts).
 */
import * as path from "path";
import { describe, expect, it } from "vitest";
import { backtest, crossover, fractionalBacktest, InvalidOptionError, readBarsCsv, sliceBars, sma, Strategy, toBars, type Indicator } from "../../lib/backtest";
import { FIXTURES } from "../../lib/backtest/testing";
import { expectStatsEqual, expectTradesEqual, reference } from "./libReference";

const SMA = (values: Float64Array, n: number) => sma(values, n);
class SmaCross extends Strategy<{ fast: number; slow: number }> {
  static defaults = { fast: 10, slow: 30 };
  fastMa!: Indicator;
  slowMa!: Indicator;
  init() {
    this.fastMa = this.I(SMA, this.data.close, this.params.fast);
    this.slowMa = this.I(SMA, this.data.close, this.params.slow);
  }
  next() {
    if (crossover(this.fastMa, this.slowMa)) {
      this.position.close();
      this.buy();
    } else if (crossover(this.slowMa, this.fastMa)) {
      this.position.close();
      this.sell();
    }
  }
}

const btc = toBars(readBarsCsv(path.join(FIXTURES, "BTCUSD.csv")));
const from2015 = sliceBars(btc, btc.timestamp!.findIndex((t) => t >= Date.UTC(2015, 0, 1)), btc.length);
const options = { fractionalUnit: 1e-6, cash: 100, finalizeTrades: true, params: { fast: 2, slow: 3 } };

describe("fractionalBacktest (backtesting.py 0.6.6 lib.FractionalBacktest)", () => {
  const result = fractionalBacktest(from2015, SmaCross, options);

  it("reproduces test_FractionalBacktest: 42 trades, the first entered at 236.69 per bitcoin", () => {
    expect(result.stats["# Trades"]).toBe(42);
    expect(result.trades.array("entryPrice")[0]).toBeCloseTo(236.69, 10);
    // Indicator columns stay in the run's μBTC prices (234.14 per BTC = 0.00023414 per μBTC), as in 0.6.6.
    expect(result.trades.array("Entry_SMA(C,2)")[0]).toBeCloseTo(234.14e-6, 16);
  });

  it("gives backtesting.py's trades (sizes in bitcoin, prices per bitcoin) and statistics bit for bit", () => {
    const expected = reference("fractional");
    expectTradesEqual(result.trades, expected);
    expectStatsEqual(result.stats as unknown as Record<string, number>, expected);
  });

  it("trades what a whole-unit backtest cannot: bitcoin at over 100 cash", () => {
    const whole = backtest(from2015, SmaCross, { cash: 100, finalizeTrades: true, params: { fast: 2, slow: 3 } });
    expect(whole.stats["# Trades"]).toBe(0);
    const sizes = Array.from(result.trades.array("size") as Float64Array);
    expect(sizes.some((s) => Math.abs(s) < 1)).toBe(true);
  });

  it("rejects a unit outside (0, 1]", () => {
    expect(() => fractionalBacktest(from2015, SmaCross, { fractionalUnit: 0 })).toThrow(InvalidOptionError);
    expect(() => fractionalBacktest(from2015, SmaCross, { fractionalUnit: 2 })).toThrow(/'fractionalUnit' must be a fraction in \(0, 1\]/);
  });
});
