/**
 * One timeframe grammar across the areas that take timeframes: the store's resample rules, the bar
 * manager, the sample-data generator, validation and the provider collectors read the same text the same
 * way ("5min" = "5m" = "5T", "1H" = "1h", "1M" a month wherever months apply).
 */
import { describe, expect, it } from "vitest";
import { checkInterval } from "../../lib/data/providers/interval";
import { BarManager, candlestickChart, generateBars, parseRule, parseTimeframe, toBars, validateOhlcv } from "../../lib";

const SPELLINGS = [
  ["5m", "5min", "5T", "5 minutes"],
  ["1h", "1H", "60min", "1hour"],
  ["1d", "1D", "D", "24h"],
];

describe("one timeframe grammar", () => {
  it("the store's resample rules have the same length as lib/market's timeframes", () => {
    for (const group of SPELLINGS) {
      for (const text of group) expect(parseRule(text).us, text).toBe(parseTimeframe(group[0]).ms * 1000);
    }
    expect(parseRule("1M").unit).toBe("month");
    expect(parseRule("3MS")).toMatchObject({ unit: "month", count: 3 });
  });

  it("the bar manager takes pandas' spellings and sees two spellings of one timeframe as a duplicate", () => {
    const manager = new BarManager({ timeframes: ["5min", "1H", "1M", "100t"] });
    expect(manager.timeframes).toEqual(["5min", "1H", "1M", "100t"]);
    expect(() => new BarManager({ timeframes: ["5m", "5min"] })).toThrow(/"5m" and "5min" are one timeframe/);
    expect(() => new BarManager({ timeframes: ["1h", "60min"] })).toThrow(/"1h" and "60min" are one timeframe/);
    expect(new BarManager({ timeframes: ["1d", "24h"] }).timeframes).toEqual(["1d", "24h"]);
  });

  it("sample bars of '5min' are the bars of '5m'", () => {
    const a = generateBars({ timeframe: "5min", start: "2024-01-02", end: "2024-01-03", seed: 1 });
    const b = generateBars({ timeframe: "5m", start: "2024-01-02", end: "2024-01-03", seed: 1 });
    expect(a.numRows()).toBe(288);
    expect(Array.from(a.array("timestamp") as ArrayLike<number>)).toEqual(Array.from(b.array("timestamp") as ArrayLike<number>));
  });

  it("validation reads the timeframe the same way", () => {
    const bars = generateBars({ timeframe: "1h", start: "2024-01-02", end: "2024-01-03", seed: 2 });
    expect(validateOhlcv(bars, { timeframe: "60min", calendar: "24/7" }).timeframeMs).toBe(3_600_000);
    expect(validateOhlcv(bars, { timeframe: "1H", calendar: "24/7" }).counts).toEqual(validateOhlcv(bars, { timeframe: "1h", calendar: "24/7" }).counts);
  });

  it("collectors take any spelling of an interval they serve, in its short form", () => {
    expect(checkInterval("15min")).toBe("15m");
    expect(checkInterval("1H")).toBe("1h");
    expect(checkInterval("1M")).toBe("1M");
    expect(() => checkInterval("7m")).toThrow(/'interval' must be one of 1m, 3m/);
  });
});

describe("one OHLCV column lookup", () => {
  const table = {
    timestamp: [0, 60_000, 120_000],
    OPEN: [10, 11, 12],
    High: [11, 12, 13],
    low: [9, 10, 11],
    cLoSe: [10.5, 11.5, 12.5],
    Volume: [100, 200, 300],
  };

  it("validation, backtests and charts read the same columns, in any case", () => {
    const report = validateOhlcv(table, { timeframe: "1m", calendar: "24/7" });
    expect(report.invalid).toEqual([]);
    expect(validateOhlcv({ ...table, cLoSe: [10.5, 11.5, 14] }, { timeframe: "1m", calendar: "24/7" }).invalid.map((r) => r.row)).toEqual([2]);
    const bars = toBars(table);
    expect(Array.from(bars.close)).toEqual([10.5, 11.5, 12.5]);
    expect(Array.from(bars.open)).toEqual([10, 11, 12]);
    expect(Array.from(bars.volume)).toEqual([100, 200, 300]);
    expect(Object.keys(bars.extra)).toEqual([]);
    const chart = candlestickChart(table);
    const trace = chart.data[0] as { close: ArrayLike<number>; open: ArrayLike<number> };
    expect(Array.from(trace.close)).toEqual([10.5, 11.5, 12.5]);
    expect(Array.from(trace.open)).toEqual([10, 11, 12]);
  });
});
