import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closedBarIndex } from ".";

describe("closedBarIndex (the no-look-ahead rule)", () => {
  it("is, for every instant, the last bar that has ended by then, whatever order the instants come in", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 }), fc.array(fc.oneof(fc.integer({ min: -10, max: 1010 }), fc.constant(NaN)), { maxLength: 40 }), (rawEnds, at) => {
        const ends = [...rawEnds].sort((a, b) => a - b);
        const naive = at.map((t) => {
          let k = -1;
          ends.forEach((e, i) => {
            if (e <= t) k = i;
          });
          return k;
        });
        expect(Array.from(closedBarIndex(ends, at))).toEqual(naive);
        // Never a bar that ends after the instant.
        closedBarIndex(ends, at).forEach((k, j) => k >= 0 && expect(ends[k]).toBeLessThanOrEqual(at[j]));
      }),
    );
  });
});
