/**
 * The building blocks against reference models: quickselect against sorting, the out-of-order rows against an
 * O(n²) longest non-decreasing subsequence, and the calendar walk's slot arithmetic against the calendar's own
 * expectedBars (a separate implementation that counts bars session by session).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendar } from "../market";
import { validateOhlcv } from "./index";
import { medianInPlace, selectInPlace } from "./ohlcv/median";
import { timeOrder } from "./ohlcv/timeOrder";
import { cleanBars, pick } from "./testing";

describe("medianInPlace / selectInPlace", () => {
  it("agree with sorting", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.nat(), (values, k) => {
        const sorted = [...values].sort((a, b) => a - b);
        const at = k % values.length;
        expect(selectInPlace(Float64Array.from(values), at)).toBe(sorted[at]);
        const mid = values.length >> 1;
        const median = values.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        expect(medianInPlace(Float64Array.from(values))).toBe(median);
      }),
      { numRuns: 300 },
    );
  });
});

/** Length of a longest non-decreasing subsequence, by dynamic programming. */
function lndsLength(t: number[]): number {
  const best = t.map(() => 1);
  for (let i = 0; i < t.length; i++) for (let j = 0; j < i; j++) if (t[j] <= t[i]) best[i] = Math.max(best[i], best[j] + 1);
  return Math.max(0, ...best);
}

describe("timeOrder", () => {
  it("marks n − LNDS rows, and the rows left are in order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 60 }), (times) => {
        const t = Float64Array.from(times);
        const order = timeOrder(t, new Uint8Array(t.length));
        const marked = order.outOfOrder ? Array.from(order.outOfOrder) : times.map(() => 0);
        expect(order.outOfOrderCount).toBe(times.length - lndsLength(times));
        expect(marked.reduce((a, b) => a + b, 0)).toBe(order.outOfOrderCount);
        const kept = times.filter((_, i) => !marked[i]);
        expect(kept).toEqual([...kept].sort((a, b) => a - b));
        if (order.order) expect(Array.from(order.order, (i) => times[i])).toEqual([...times].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});

describe("expectedBars and missing bars agree with calendar.expectedBars", () => {
  const cases = [
    { name: "XNYS" as const, tf: "5m", ms: 300_000, from: "2024-03-04", to: "2024-03-15" }, // DST starts 2024-03-10
    { name: "CME" as const, tf: "1h", ms: 3_600_000, from: "2024-03-06", to: "2024-03-14" },
    { name: "XNYS" as const, tf: "1h", ms: 3_600_000, from: "2024-11-25", to: "2024-12-06" }, // day after Thanksgiving closes 13:00
  ];
  for (const c of cases) {
    it(`${c.name} ${c.tf}, random subsets of the full grid`, () => {
      const cal = calendar(c.name);
      const grid = cal.sessions(c.from, c.to).flatMap((s) => {
        const times: number[] = [];
        for (let t = s.open.getTime(); t < s.close.getTime(); t += c.ms) times.push(t);
        return times;
      });
      const bars = cleanBars(grid);
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 0, max: grid.length - 1 }), { minLength: 1, maxLength: grid.length }), (picked) => {
          const rows = [...picked].sort((a, b) => a - b);
          const report = validateOhlcv(pick(bars, rows), { timeframe: c.tf, calendar: c.name });
          const first = grid[rows[0]];
          const last = grid[rows[rows.length - 1]];
          const expected = cal.expectedBars(new Date(first), new Date(last + 1), c.ms);
          expect(report.expectedBars).toBe(expected);
          expect(report.counts.missingBars).toBe(expected - rows.length);
          expect(report.gaps.reduce((sum, g) => sum + g.missing, 0)).toBe(expected - rows.length);
          expect(report.counts.extraBars).toBe(0);
        }),
        { numRuns: 40 },
      );
    });
  }
});
