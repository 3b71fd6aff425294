import { describe, expect, it } from "vitest";
import { checkLibrary, validateOhlcv } from "../../lib/validate";
import { Arctic } from "../../lib/store";
import { calendar } from "../../lib/market";
import { asDates, cleanBars } from "../../lib/validate/testing";

const DAY = 86_400_000;
/** 60 NYSE sessions from 2024-01-02, labelled at 00:00 UTC like daily bars. */
const SESSIONS = calendar("XNYS")
  .sessions(new Date(Date.UTC(2024, 0, 2)), new Date(Date.UTC(2024, 3, 30)))
  .map((s) => Math.floor(s.open.getTime() / DAY) * DAY)
  .slice(0, 60);

/** Clean daily bars with a 4:1 split on session 40: every price from there on divided by 4, volume times 4. */
function splitBars() {
  const bars = cleanBars(SESSIONS, 7);
  for (const name of ["open", "high", "low", "close"] as const) bars[name] = bars[name].map((v, i) => (i >= 40 ? (v as number) / 4 : v));
  bars.volume = bars.volume.map((v, i) => (i >= 40 ? (v as number) * 4 : v));
  return bars;
}
const split = { timestamp: SESSIONS[40], dividend: 0, split: 4 };

describe("validateOhlcv and splits", () => {
  it("reports a jump on a known split's ex-date as a split, not an outlier", () => {
    const report = validateOhlcv(splitBars(), { timeframe: "1d", calendar: "XNYS", actions: [split] });
    expect(report.outliers).toEqual([]);
    expect(report.counts).toMatchObject({ outliers: 0, splits: 1 });
    expect(report.splits).toHaveLength(1);
    expect(report.splits[0]).toMatchObject({ row: 40, previousRow: 39, ratio: 4, timestamp: new Date(SESSIONS[40]).toISOString() });
    expect(report.splits[0].logReturn).toBeLessThan(Math.log(0.25) + 0.002);
    expect(Math.abs(report.splits[0].adjustedLogReturn), "the move without the split is an ordinary one").toBeLessThan(0.002);
    expect([report.ok, report.score, report.suggestions]).toEqual([true, 1, []]);
  });

  it("without actions, reports the jump as an outlier that looks like a 4:1 split and suggests adjust", () => {
    const report = validateOhlcv(splitBars(), { timeframe: "1d", calendar: "XNYS" });
    expect(report.outliers.map((o) => [o.row, o.likelySplit])).toEqual([[40, 4]]);
    expect(report.splits).toEqual([]);
    expect(report.suggestions).toHaveLength(1);
    expect(report.suggestions[0]).toContain(`1 outlier(s) match a common split ratio: ${new Date(SESSIONS[40]).toISOString().slice(0, 10)} (row 40, 4:1); no actions were given`);
    expect(report.suggestions[0]).toContain(`{ adjust: "splits" }`);
    // A split stored at another date does not explain this jump, and makes the day it names an outlier.
    const elsewhere = validateOhlcv(splitBars(), { timeframe: "1d", calendar: "XNYS", actions: [{ ...split, timestamp: SESSIONS[20] }] });
    expect(elsewhere.outliers.map((o) => [o.row, o.likelySplit])).toEqual([[20, undefined], [40, 4]]);
    expect(elsewhere.splits.map((s) => s.row)).toEqual([20]);
    expect(elsewhere.suggestions[0]).toContain("the actions given hold no split for them");
  });

  it("still reports a move that the split does not explain (wrong ratio stored)", () => {
    const report = validateOhlcv(splitBars(), { timeframe: "1d", calendar: "XNYS", actions: [{ ...split, split: 2 }] });
    expect(report.counts.splits).toBe(1);
    expect(report.outliers.map((o) => [o.row, o.likelySplit])).toEqual([[40, undefined]]);
  });

  it("an ordinary large move is an outlier without a split suggestion", () => {
    const bars = cleanBars(SESSIONS, 7);
    bars.close[30] = (bars.close[29] as number) * 0.8;
    bars.low[30] = Math.min(bars.low[30] as number, bars.close[30] as number);
    const report = validateOhlcv(bars, { timeframe: "1d", calendar: "XNYS" });
    expect(report.outliers.map((o) => o.row)).toContain(30);
    expect(report.outliers.every((o) => o.likelySplit === undefined)).toBe(true);
    expect(report.suggestions).toEqual([]);
  });

  it("checkLibrary checks a symbol with the actions stored beside it and does not check them as bars", async () => {
    const arctic = await Arctic.open("mem://");
    try {
      const lib = await arctic.getLibrary("eq", { createIfMissing: true });
      await lib.write("SPLT", asDates(splitBars()), { metadata: { timeframe: "1d", calendar: "XNYS" } });
      await lib.write("NOACT", asDates(splitBars()), { metadata: { timeframe: "1d", calendar: "XNYS" } });
      await lib.write("SPLT.actions", { timestamp: [new Date(split.timestamp)], dividend: [0], split: [4] });
      const check = await checkLibrary(lib, {});
      expect(check.symbols.map((s) => s.symbol)).toEqual(["NOACT", "SPLT"]);
      const [noact, splt] = check.symbols;
      expect([splt.report?.ok, splt.report?.counts.splits]).toEqual([true, 1]);
      expect([noact.report?.counts.outliers, noact.report?.outliers[0].likelySplit]).toEqual([1, 4]);
    } finally {
      await arctic.close();
    }
  });
});
