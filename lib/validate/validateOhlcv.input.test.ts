/** What validateOhlcv accepts and refuses, and the report's shape (JSON, truncation, score). */
import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { toTable } from "../frame";
import { SCORE_WEIGHTS, ValidationError, validateOhlcv } from "./index";
import { cleanBars, minuteGrid, pick, START, MINUTE } from "./testing";

describe("validateOhlcv input", () => {
  const bars = cleanBars(minuteGrid(50));

  it("takes an arquero Table, row objects and column arrays alike, columns in any case", () => {
    const fromColumns = validateOhlcv(bars, { timeframe: "1m" });
    const upper = { Timestamp: bars.timestamp.map((t) => new Date(t)), OPEN: bars.open, High: bars.high, low: bars.low, Close: bars.close, VOLUME: bars.volume };
    const rows = bars.timestamp.map((t, i) => ({ timestamp: new Date(t).toISOString(), open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i] }));
    for (const input of [table(bars), toTable(Object.entries(upper)), rows]) {
      const report = validateOhlcv(input, { timeframe: "1m" });
      expect(report.rows).toBe(50);
      expect(report.start).toBe(fromColumns.start);
      expect(report.ok).toBe(true);
    }
  });

  it("volume is optional; a stale run then needs no volume", () => {
    const { volume: _, ...noVolume } = cleanBars(minuteGrid(40), 3, [[10, 21]]);
    const report = validateOhlcv(noVolume, { timeframe: "1m" });
    expect(report.stale.map((s) => [s.startRow, s.endRow])).toEqual([[10, 21]]);
  });

  it("zero-volume bars with an unchanged close are no stale run (a quiet market, or filled bars)", () => {
    const quiet = cleanBars(minuteGrid(40), 3, [[10, 21]]);
    for (let i = 10; i <= 21; i++) quiet.volume[i] = 0;
    expect(validateOhlcv(quiet, { timeframe: "1m" }).counts.staleRuns).toBe(0);
  });

  it("refuses a table without OHLCV columns, naming what is missing", () => {
    const { close: _, ...noClose } = bars;
    expect(() => validateOhlcv(noClose, { timeframe: "1m" })).toThrow(ValidationError);
    expect(() => validateOhlcv(noClose, { timeframe: "1m" })).toThrow(/no 'close' column/);
    try {
      validateOhlcv({ ...bars, close: bars.close.map(String) }, { timeframe: "1m" });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).code).toBe("INVALID_COLUMN");
      expect((error as Error).message).toMatch(/'close' holds string/);
    }
  });

  it("refuses bad options with INVALID_OPTIONS quoting the value", () => {
    const bad: [object, RegExp][] = [
      [{ timeframe: "1 fortnight" }, /'timeframe'.*"1 fortnight"/],
      [{ timeframe: "1m", calendar: "LSE" }, /'calendar' "LSE"/],
      [{ timeframe: "1m", session: "PRE" }, /'session'.*"PRE"/],
      [{ timeframe: "1m", outlierK: -1 }, /'outlierK'.*-1/],
      [{ timeframe: "1m", staleBars: 2.5 }, /'staleBars'.*2.5/],
    ];
    for (const [options, message] of bad) {
      try {
        validateOhlcv(bars, options as never);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).code).toBe("INVALID_OPTIONS");
        expect((error as Error).message).toMatch(/^validateOhlcv: /);
        expect((error as Error).message).toMatch(message);
      }
    }
  });

  it("an empty table is fine and scores 1", () => {
    const report = validateOhlcv({ timestamp: [], open: [], high: [], low: [], close: [] }, { timeframe: "1m" });
    expect(report).toMatchObject({ rows: 0, start: null, end: null, expectedBars: 0, score: 1, ok: true });
  });

  it("lists hold at most maxItems entries; counts stay complete and truncated says so", () => {
    const kept = minuteGrid(100).map((_, i) => i).filter((i) => i % 2 === 0);
    const report = validateOhlcv(pick(cleanBars(minuteGrid(100)), kept), { timeframe: "1m", maxItems: 3 });
    expect(report.gaps).toHaveLength(3);
    expect(report.counts.gaps).toBe(49);
    expect(report.truncated).toBe(true);
  });

  it("the report is plain JSON", () => {
    const report = validateOhlcv(pick(bars, [0, 1, 5, 5, 3]), { timeframe: "1m" });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("unsorted data with duplicates: each finding once, gaps judged in time order", () => {
    // rows: t0 t1 t5 t5 t3 -> t3 is out of order (not t5), t5 duplicated, t2 and t4 missing
    const report = validateOhlcv(pick(bars, [0, 1, 5, 5, 3]), { timeframe: "1m" });
    expect(report.outOfOrder).toEqual([{ row: 4, timestamp: new Date(START + 3 * MINUTE).toISOString() }]);
    expect(report.duplicates).toEqual([{ timestamp: new Date(START + 5 * MINUTE).toISOString(), rows: [2, 3], conflicting: false }]);
    expect(report.gaps.map((g) => [g.previousRow, g.nextRow, g.missing])).toEqual([
      [1, 4, 1],
      [4, 2, 1],
    ]);
  });

  it("a row without a time is invalid and takes no part in the order checks", () => {
    // times t0 t1 t4 (none) t2 t3: t4 is the one out of order, the row without a time is invalid
    const { timestamp: t, ...b } = pick(bars, [0, 1, 4, 9, 2, 3]);
    const report = validateOhlcv({ ...b, Timestamp: Float64Array.from(t.map((x, i) => (i === 3 ? NaN : x))) }, { timeframe: "1m" });
    expect(report.invalid).toEqual([{ row: 3, timestamp: null, codes: ["NOT_FINITE"], reason: "Timestamp is NaN" }]);
    expect(report.outOfOrder.map((r) => r.row)).toEqual([2]);
    const nulls = validateOhlcv({ ...b, Timestamp: t.map((x, i) => (i === 3 ? null : new Date(x))) }, { timeframe: "1m" });
    expect(nulls.invalid).toEqual([{ row: 3, timestamp: null, codes: ["MISSING"], reason: "Timestamp is null" }]);
    expect(nulls.outOfOrder.map((r) => r.row)).toEqual([2]);
  });

  it("score: 1 − Σ weight · count / (rows + missing bars), by hand", () => {
    // 20 bars, one removed (1 missing), one row NaN (invalid), one identical duplicate
    const rows = [...Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 7), 12].sort((a, b) => a - b);
    const b = pick(cleanBars(minuteGrid(20)), rows);
    b.close[3] = NaN;
    const report = validateOhlcv(b, { timeframe: "1m" });
    expect(report.counts).toMatchObject({ missingBars: 1, invalid: 1, identicalDuplicates: 1 });
    const penalty = 1 * SCORE_WEIGHTS.missingBars + 1 * SCORE_WEIGHTS.invalid + 1 * SCORE_WEIGHTS.identicalDuplicates;
    expect(SCORE_WEIGHTS.identicalDuplicates).toBe(0.25);
    expect(report.score).toBeCloseTo(1 - penalty / (20 + 1), 12);
    expect(report.score).toBeCloseTo(1 - 2.25 / 21, 12);
  });
});
