/** Statistics pieces on small cases worked out by hand, and annualisation on backtesting.py's data sets. */
import * as path from "path";
import { describe, expect, it } from "vitest";
import { annualisation, ceilDuration, computeStats, geometricMean, periodicReturns, readBarsCsv, toBars } from "./index";
import { FIXTURES } from "./testing";

const DAY = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const times = (dates: string[]) => Float64Array.from(dates, utc);

describe("annualisation from the bar spacing", () => {
  it("daily trading days: 252 periods of a calendar day", () => {
    const goog = toBars(readBarsCsv(path.join(FIXTURES, "GOOG.csv")));
    expect(annualisation(goog.timestamp!)).toEqual({ periodsPerYear: 252, bucket: "day" });
  });
  it("hourly forex without weekend bars: 252 daily periods", () => {
    const eurusd = toBars(readBarsCsv(path.join(FIXTURES, "EURUSD.csv")));
    expect(annualisation(eurusd.timestamp!)).toEqual({ periodsPerYear: 252, bucket: "day" });
  });
  it("month-end bars: 12 monthly periods", () => {
    const btc = toBars(readBarsCsv(path.join(FIXTURES, "BTCUSD.csv")));
    expect(annualisation(btc.timestamp!)).toEqual({ periodsPerYear: 12, bucket: "month" });
  });
  it("every calendar day: 365; weekly: 52; yearly: 1", () => {
    expect(annualisation(Float64Array.from({ length: 30 }, (_, i) => i * DAY)).periodsPerYear).toBe(365);
    expect(annualisation(Float64Array.from({ length: 30 }, (_, i) => i * 7 * DAY))).toEqual({ periodsPerYear: 52, bucket: "week" });
    expect(annualisation(Float64Array.from({ length: 10 }, (_, i) => i * 365 * DAY))).toEqual({ periodsPerYear: 1, bucket: "year" });
  });
});

describe("periodicReturns", () => {
  it("takes the last equity of each calendar week, Monday to Sunday", () => {
    // Sun 7 Jan | Mon 8, Sun 14 | Mon 15
    const r = periodicReturns([100, 110, 121, 133.1], times(["2024-01-07", "2024-01-08", "2024-01-14", "2024-01-15"]), "week");
    expect(Array.from(r)).toEqual([121 / 100 - 1, 133.1 / 121 - 1]);
  });
  it("skips empty days (a bar per trading day)", () => {
    const r = periodicReturns([100, 50, 75], times(["2024-01-05", "2024-01-08", "2024-01-09"]), "day");
    expect(Array.from(r)).toEqual([-0.5, 0.5]);
  });
  it("has no return for a single bucket and none where equity went from 0 to 0", () => {
    expect(Array.from(periodicReturns([100, 101], times(["2024-01-08", "2024-01-09"]), "week"))).toEqual([]);
    expect(Array.from(periodicReturns([100, 0, 0, 5], times(["2024-01-08", "2024-01-09", "2024-01-10", "2024-01-11"]), "day"))).toEqual([-1, Infinity]);
  });
});

describe("helpers", () => {
  it("geometricMean counts NaN as a 0 % return and gives 0 after a total loss", () => {
    expect(geometricMean([NaN, 0.21])).toBeCloseTo(Math.sqrt(1.21) - 1, 15);
    expect(geometricMean([0.5, -1])).toBe(0);
  });
  it("ceilDuration rounds up to the bar period's resolution", () => {
    expect(ceilDuration(40.3 * DAY, DAY)).toBe(41 * DAY);
    expect(ceilDuration(41 * DAY, DAY)).toBe(41 * DAY);
    expect(ceilDuration(2.5 * 3_600_000, 3_600_000)).toBe(3 * 3_600_000);
    expect(ceilDuration(90_500, 60_000)).toBe(120_000);
    expect(Number.isNaN(ceilDuration(NaN, DAY))).toBe(true);
  });
});

describe("computeStats on a hand-made curve", () => {
  // four weekdays; equity 100 -> 110 -> 99 -> 121, one winning and one losing trade
  const timestamp = times(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]);
  const trade = (pnl: number, returnPct: number, entryBar: number, exitBar: number) => ({
    size: 1, entryBar, exitBar, entryPrice: 1, exitPrice: 1, sl: NaN, tp: NaN, pnl, commission: 0, returnPct,
    entryTime: timestamp[entryBar], exitTime: timestamp[exitBar], duration: timestamp[exitBar] - timestamp[entryBar], tag: null,
  });
  const stats = computeStats({
    equity: [100, 110, 99, 121],
    close: [10, 11, 12, 13],
    timestamp,
    trades: [trade(10, 0.1, 0, 1), trade(-11, -0.1, 1, 2)],
  });

  it("has returns, drawdown and exposure by their definitions", () => {
    expect(stats["Return [%]"]).toBeCloseTo(21, 12);
    expect(stats["Buy & Hold Return [%]"]).toBeCloseTo(30, 12);
    // peak 110, trough 99: 10 % below; from bar 1 (the peak) to bar 3 (back above): 2 days
    expect(stats["Max. Drawdown [%]"]).toBeCloseTo(-10, 12);
    expect(stats["Max. Drawdown Duration"]).toBe(2 * DAY);
    expect(stats["Exposure Time [%]"]).toBe(75); // bars 0..2 of 4
    expect(stats["Equity Peak [$]"]).toBe(121);
  });

  it("annualises the geometric mean daily return over 252 days, CAGR over years of 365.25 days", () => {
    // daily returns 0.1, -0.1, 121/99 - 1 (no leading 0 % return since backtesting.py 0.6.6); geometric mean over 3
    const g = Math.pow(1.21, 1 / 3) - 1;
    expect(stats["Return (Ann.) [%]"]).toBeCloseTo((Math.pow(1 + g, 252) - 1) * 100, 6);
    expect(stats["CAGR [%]"]).toBeCloseTo((Math.pow(1.21, 365.25 / 3) - 1) * 100, 3);
  });

  it("has trade statistics by their definitions", () => {
    expect(stats["# Trades"]).toBe(2);
    expect(stats["Win Rate [%]"]).toBe(50);
    expect(stats["Best Trade [%]"]).toBeCloseTo(10, 12);
    expect(stats["Worst Trade [%]"]).toBeCloseTo(-10, 12);
    expect(stats["Avg. Trade [%]"]).toBeCloseTo((Math.sqrt(1.1 * 0.9) - 1) * 100, 12);
    expect(stats["Profit Factor"]).toBeCloseTo(1, 12);
    expect(stats["Expectancy [%]"]).toBeCloseTo(0, 12);
    // SQN = sqrt(2) x mean(10, -11) / std(10, -11); Kelly = 0.5 - 0.5 / (10 / 11)
    expect(stats.SQN).toBeCloseTo((Math.sqrt(2) * -0.5) / Math.sqrt(((10.5 ** 2) * 2) / 1), 12);
    expect(stats["Kelly Criterion"]).toBeCloseTo(0.5 - 0.5 / (10 / 11), 12);
    expect(stats["Avg. Trade Duration"]).toBe(DAY);
  });
});

describe("statsTable", () => {
  it("prints durations like pandas and keeps backtesting.py's order", async () => {
    const { formatDuration, statsTable } = await import("./index");
    expect(formatDuration(3116 * DAY)).toBe("3116 days 00:00:00");
    expect(formatDuration(DAY + 3_723_004)).toBe("1 days 01:02:03.004");
    const stats = computeStats({ equity: [100, 110], close: [1, 2], timestamp: times(["2024-01-01", "2024-01-02"]), trades: [] });
    const table = statsTable(stats);
    const names = table.array("statistic") as string[];
    expect(names.slice(0, 3)).toEqual(["Start", "End", "Duration"]);
    expect((table.array("value") as string[]).slice(0, 3)).toEqual(["2024-01-01 00:00:00", "2024-01-02 00:00:00", "1 days 00:00:00"]);
    expect(names).not.toContain("Commissions [$]");
  });
});
