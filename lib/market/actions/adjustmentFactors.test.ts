import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustmentFactors } from "./adjustmentFactors";
import { CorporateAction } from "./CorporateAction";
import { matchSplitRatio } from "./splitRatio";

const DAY = 86_400_000;

/** The definition, bar by bar: every action after the bar, its dividend against the close before its ex-date. */
function naive(timestamps: number[], closes: number[], actions: CorporateAction[], mode: "splits" | "all") {
  return timestamps.map((t) => {
    let price = 1;
    let volume = 1;
    for (const a of actions) {
      if (a.timestamp <= t) continue;
      price /= a.split;
      volume *= a.split;
      if (mode === "all" && a.dividend !== 0) {
        const before = timestamps.filter((s) => s < a.timestamp);
        price *= 1 - a.dividend / closes[before.length - 1];
      }
    }
    return { price, volume };
  });
}

describe("adjustmentFactors", () => {
  it("divides prices and multiplies volumes before a split; leaves the ex-date and later bars alone", () => {
    const f = adjustmentFactors([0, DAY, 2 * DAY, 3 * DAY], [400, 404, 101, 102], [{ timestamp: 2 * DAY, dividend: 0, split: 4 }], "splits");
    expect(Array.from(f.price)).toEqual([0.25, 0.25, 1, 1]);
    expect(Array.from(f.volume)).toEqual([4, 4, 1, 1]);
    expect([f.splitsApplied, f.dividendsApplied]).toEqual([1, 0]);
  });

  it("scales earlier bars by 1 - dividend / previous close (Yahoo's adjusted close), only in mode 'all'", () => {
    const actions = [{ timestamp: 2 * DAY, dividend: 1, split: 1 }];
    expect(Array.from(adjustmentFactors([0, DAY, 2 * DAY], [50, 40, 39], actions, "all").price)).toEqual([1 - 1 / 40, 1 - 1 / 40, 1]);
    expect(Array.from(adjustmentFactors([0, DAY, 2 * DAY], [50, 40, 39], actions, "splits").price)).toEqual([1, 1, 1]);
  });

  it("ignores an action with no bar before it and uses the last bar before an ex-date that is not a bar", () => {
    const f = adjustmentFactors([DAY, 2 * DAY, 5 * DAY], [10, 20, 30], [{ timestamp: 0, dividend: 1, split: 2 }, { timestamp: 4 * DAY, dividend: 2, split: 1 }], "all");
    expect(Array.from(f.price)).toEqual([0.9, 0.9, 1]);
    expect([f.splitsApplied, f.dividendsApplied]).toEqual([0, 1]);
  });

  it("equals the bar-by-bar definition for any bars and actions (property)", () => {
    const day = fc.integer({ min: 0, max: 60 });
    fc.assert(
      fc.property(
        fc.uniqueArray(day, { minLength: 1, maxLength: 40 }),
        fc.array(fc.record({ day, dividend: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 2, noNaN: true })), split: fc.constantFrom(1, 2, 3, 0.5, 1.5, 10) }), { maxLength: 8 }),
        fc.constantFrom("splits" as const, "all" as const),
        (days, raw, mode) => {
          const timestamps = [...days].sort((a, b) => a - b).map((d) => d * DAY);
          const closes = timestamps.map((t, i) => 20 + ((i * 7) % 13));
          // One action per ex-date, as stored.
          const byDay = new Map(raw.map((a) => [a.day, a]));
          const actions = [...byDay.values()].map((a) => ({ timestamp: a.day * DAY, dividend: a.dividend, split: a.split }));
          const f = adjustmentFactors(timestamps, closes, actions, mode);
          const expected = naive(timestamps, closes, [...actions].sort((a, b) => b.timestamp - a.timestamp), mode);
          expected.forEach((e, i) => {
            expect(f.price[i]).toBeCloseTo(e.price, 12);
            expect(f.volume[i]).toBeCloseTo(e.volume, 12);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("matchSplitRatio", () => {
  it("names the common ratio a jump matches and nothing for an ordinary move", () => {
    expect(matchSplitRatio(400, 101)).toBe(4);
    expect(matchSplitRatio(10, 100.5)).toBe(0.1);
    expect(matchSplitRatio(100, 65)).toBe(1.5);
    expect(matchSplitRatio(100, 80)).toBeUndefined();
    expect(matchSplitRatio(100, 0)).toBeUndefined();
  });
});
