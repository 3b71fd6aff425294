import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { retryDelay } from "./retryDelay";

describe("retryDelay", () => {
  it("follows 'equal jitter' (Brooker, AWS Architecture Blog 2015): d = min(max, base * 2^(n-1)), delay in [d/2, d]", () => {
    // Worked by hand for base 100, max 1000: d = 100, 200, 400, 800, 1000 (capped), 1000.
    const d = [100, 200, 400, 800, 1000, 1000];
    d.forEach((expected, i) => {
      expect(retryDelay(i + 1, { baseMs: 100, maxMs: 1000 }, () => 0)).toBe(expected / 2);
      expect(retryDelay(i + 1, { baseMs: 100, maxMs: 1000 }, () => 0.5)).toBe(expected * 0.75);
    });
  });

  it("stays within [d/2, d], never above the cap, and grows with the retry number for a fixed draw", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseMs, extra, u) => {
          const maxMs = baseMs + extra;
          const delay = retryDelay(retry, { baseMs, maxMs }, () => u);
          const d = Math.min(maxMs, baseMs * 2 ** (retry - 1));
          expect(delay).toBeGreaterThanOrEqual(d / 2);
          expect(delay).toBeLessThanOrEqual(d);
          expect(delay).toBeLessThanOrEqual(maxMs);
          expect(retryDelay(retry + 1, { baseMs, maxMs }, () => u)).toBeGreaterThanOrEqual(delay);
        },
      ),
    );
  });
});
