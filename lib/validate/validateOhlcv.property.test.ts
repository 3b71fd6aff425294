/**
 * Planted defects of every kind: k random defects are planted in a clean series and the report must find
 * exactly those (rows, times, counts), and nothing else.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateOhlcv, type InvalidCode } from "./index";
import { Bars, MINUTE, START, cleanBars, insertRow, minuteGrid, pick, rowOf, shiftFrom } from "./testing";

const RUNS = 40;
const N = 240;
const iso = (ms: number) => new Date(ms).toISOString();

/** k sorted positions in [lo, hi) at least `spacing` apart. */
function spaced(k: number, lo: number, hi: number, spacing: number) {
  return fc
    .array(fc.integer({ min: 0, max: Math.floor((hi - lo - k * spacing) / Math.max(k, 1)) }), { minLength: k, maxLength: k })
    .map((steps) => {
      const out: number[] = [];
      let at = lo;
      for (const step of steps) {
        at += step;
        out.push(at);
        at += spacing;
      }
      return out;
    });
}

const withK = (max: number, lo: number, hi: number, spacing: number) =>
  fc.integer({ min: 0, max }).chain((k) => spaced(k, lo, hi, spacing));

describe("validateOhlcv finds exactly the planted defects", () => {
  it("a clean series has no findings and scores 1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 300 }), (seed, n) => {
        const report = validateOhlcv(cleanBars(minuteGrid(n), seed), { timeframe: "1m" });
        expect(report.ok).toBe(true);
        expect(report.score).toBe(1);
        expect(report.rows).toBe(n);
        expect(report.expectedBars).toBe(n);
        expect(Object.values(report.counts).every((c) => c === 0)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("invalid rows: each planted row with its reason, no other row", () => {
    const kinds: [InvalidCode, (b: Bars, i: number) => void][] = [
      ["NOT_FINITE", (b, i) => void (b.close[i] = NaN)],
      ["NOT_FINITE", (b, i) => void (b.high[i] = Infinity)],
      ["MISSING", (b, i) => void (b.open[i] = null)],
      ["MISSING", (b, i) => void (b.volume[i] = null)],
      ["NON_POSITIVE_PRICE", (b, i) => void (b.low[i] = 0)],
      ["NON_POSITIVE_PRICE", (b, i) => void (b.low[i] = -1)],
      ["NEGATIVE_VOLUME", (b, i) => void (b.volume[i] = -5)],
      ["HIGH_BELOW_BODY", (b, i) => void (b.high[i] = Math.max(b.open[i]!, b.close[i]!) * 0.9999)],
      ["LOW_ABOVE_BODY", (b, i) => void (b.low[i] = Math.min(b.open[i]!, b.close[i]!) * 1.00001)],
      ["HIGH_BELOW_LOW", (b, i) => void (b.high[i] = b.low[i]! * 0.99)],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: kinds.length - 1 }), { minLength: 12, maxLength: 12 }),
        (seed, rows, kindOf) => {
          const bars = cleanBars(minuteGrid(N), seed);
          const planted = new Map<number, InvalidCode>();
          rows.forEach((row, j) => {
            const [code, plant] = kinds[kindOf[j]];
            plant(bars, row);
            planted.set(row, code);
          });
          const report = validateOhlcv(bars, { timeframe: "1m" });
          expect(report.invalid.map((r) => r.row)).toEqual([...planted.keys()].sort((a, b) => a - b));
          for (const entry of report.invalid) {
            expect(entry.codes, `row ${entry.row}: ${entry.reason}`).toContain(planted.get(entry.row));
            expect(entry.timestamp).toBe(iso(START + entry.row * MINUTE));
            expect(entry.reason.length).toBeGreaterThan(0);
          }
          expect(report.counts.invalid).toBe(planted.size);
          // an invalid bar is still a bar in its place: no gap, no duplicate, no order problem
          expect(report.counts.gaps + report.counts.duplicates + report.counts.outOfOrder + report.counts.extraBars).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("duplicates: identical and conflicting copies, grouped with their rows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        (seed, sources, conflicting) => {
          const bars = cleanBars(minuteGrid(N), seed);
          const sorted = [...sources].sort((a, b) => b - a); // insert from the end so earlier indices stay put
          const isConflict = new Map(sources.map((s, j) => [s, conflicting[j]]));
          for (const s of sorted) {
            const copy = rowOf(bars, s);
            if (isConflict.get(s)) copy.volume = (copy.volume as number) + 1;
            insertRow(bars, s + 1, copy);
          }
          const ascending = [...sources].sort((a, b) => a - b);
          const expected = ascending.map((s, j) => ({ timestamp: iso(START + s * MINUTE), rows: [s + j, s + j + 1], conflicting: isConflict.get(s)! }));
          const report = validateOhlcv(bars, { timeframe: "1m" });
          expect(report.duplicates).toEqual(expected);
          expect(report.counts.duplicates).toBe(sources.length);
          expect(report.counts.conflictingDuplicates).toBe(sources.filter((s) => isConflict.get(s)).length);
          expect(report.counts.identicalDuplicates).toBe(sources.filter((s) => !isConflict.get(s)).length);
          expect(report.counts.gaps + report.counts.outOfOrder + report.counts.invalid + report.counts.outliers).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("out-of-order rows: each moved row, not the rows it jumped over; no gap where it came from", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 0, max: 6 }).chain((k) =>
          fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: k, maxLength: k }), fc.array(fc.integer({ min: 0, max: N - 1 - k }), { minLength: k, maxLength: k })),
        ),
        (seed, [sources, targets]) => {
          const bars = cleanBars(minuteGrid(N), seed);
          const k = sources.length;
          // keep only moves that land at least 2k + 3 places from home, so each moved row is the one to blame
          const rest = Array.from({ length: N }, (_, i) => i).filter((i) => !sources.includes(i));
          const moves = sources.map((s, j) => ({ s, target: targets[j] })).filter(({ s, target }) => Math.abs(rest.findIndex((i) => i > s) - target) >= 2 * k + 3 && rest.findIndex((i) => i > s) >= 0);
          const moved = moves.map((m) => m.s);
          const order = Array.from({ length: N }, (_, i) => i).filter((i) => !moved.includes(i));
          // insert by descending target so positions refer to the list without the moved rows
          for (const { s, target } of [...moves].sort((a, b) => b.target - a.target)) order.splice(target, 0, s);
          const report = validateOhlcv(pick(bars, order), { timeframe: "1m" });
          const expectedRows = moved.map((s) => order.indexOf(s)).sort((a, b) => a - b);
          expect(report.outOfOrder.map((r) => r.row)).toEqual(expectedRows);
          expect(report.counts.outOfOrder).toBe(moved.length);
          expect(report.counts.gaps, "a moved bar is present, not missing").toBe(0);
          expect(report.counts.duplicates + report.counts.outliers + report.counts.invalid).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("gaps: each removed span with the bars around it and its length", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        withK(8, 1, N - 6, 7),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 8, maxLength: 8 }),
        (seed, starts, lengths) => {
          const bars = cleanBars(minuteGrid(N), seed);
          const removed = new Set<number>();
          starts.forEach((s, j) => {
            for (let i = s; i < s + lengths[j]; i++) removed.add(i);
          });
          const kept = Array.from({ length: N }, (_, i) => i).filter((i) => !removed.has(i));
          const report = validateOhlcv(pick(bars, kept), { timeframe: "1m" });
          const expected = starts.map((s, j) => ({
            previous: iso(START + (s - 1) * MINUTE),
            next: iso(START + (s + lengths[j]) * MINUTE),
            previousRow: kept.indexOf(s - 1),
            nextRow: kept.indexOf(s + lengths[j]),
            expectedIntervalMs: MINUTE,
            missing: lengths[j],
          }));
          expect(report.gaps).toEqual(expected);
          expect(report.counts.missingBars).toBe(removed.size);
          expect(report.expectedBars).toBe(N);
          expect(report.score).toBeCloseTo(1 - removed.size / N, 12);
          expect(report.counts.outliers + report.counts.extraBars + report.counts.duplicates).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("outliers: each planted level shift, measured from the bar before", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        withK(8, 2, N - 1, 3),
        fc.array(fc.double({ min: 0.02, max: 0.3, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (seed, rows, sizes, up) => {
          const bars = cleanBars(minuteGrid(N), seed);
          rows.forEach((row, j) => shiftFrom(bars, row, Math.exp(up[j] ? sizes[j] : -sizes[j])));
          const report = validateOhlcv(bars, { timeframe: "1m" });
          expect(report.outliers.map((o) => o.row)).toEqual(rows);
          expect(report.outliers.map((o) => o.previousRow)).toEqual(rows.map((r) => r - 1));
          report.outliers.forEach((o, j) => {
            expect(o.logReturn).toBeCloseTo(Math.log((bars.close[o.row] as number) / (bars.close[o.row - 1] as number)), 12);
            expect(Math.sign(o.score)).toBe(up[j] ? 1 : -1);
          });
          expect(report.counts.outliers).toBe(rows.length);
          expect(report.counts.invalid).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("stale runs: each planted flat run of at least staleBars bars with volume", () => {
    const staleBars = 6;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        withK(5, 1, N - 16, 16),
        fc.array(fc.integer({ min: staleBars, max: staleBars + 8 }), { minLength: 5, maxLength: 5 }),
        (seed, starts, lengths) => {
          const flat: [number, number][] = starts.map((s, j) => [s, s + lengths[j] - 1]);
          const bars = cleanBars(minuteGrid(N), seed, flat);
          const report = validateOhlcv(bars, { timeframe: "1m", staleBars });
          expect(report.stale).toEqual(
            flat.map(([a, b]) => ({ startRow: a, endRow: b, start: iso(START + a * MINUTE), end: iso(START + b * MINUTE), bars: b - a + 1, close: bars.close[a] })),
          );
          expect(report.counts.staleBars).toBe(flat.reduce((sum, [a, b]) => sum + b - a + 1, 0));
          expect(report.counts.outliers + report.counts.invalid).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
