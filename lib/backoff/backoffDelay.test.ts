import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffCap, backoffDelay } from ".";

const jitters = fc.oneof(fc.constantFrom("full" as const, "equal" as const, "none" as const), fc.double({ min: 0, max: 1, noNaN: true }));
const fraction = (jitter: "full" | "equal" | "none" | number) => (typeof jitter === "number" ? jitter : { full: 1, equal: 0.5, none: 0 }[jitter]);
const options = fc.record({
  baseMs: fc.integer({ min: 1, max: 10_000 }),
  maxMs: fc.integer({ min: 1, max: 1_000_000 }),
  factor: fc.double({ min: 1, max: 4, noNaN: true }),
  jitter: jitters,
});
const uniform = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe("backoffDelay", () => {
  it("waits within [cap × (1 − jitter), cap], never below 0 nor above the cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), options, uniform, (attempt, o, u) => {
        const cap = backoffCap(attempt, o);
        const delay = backoffDelay(attempt, { ...o, random: () => u });
        expect(cap).toBeLessThanOrEqual(o.maxMs);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(cap);
        expect(delay).toBeGreaterThanOrEqual(cap * (1 - fraction(o.jitter)) - 1e-9 * cap);
      }),
    );
  });

  it("grows the cap geometrically by `factor` until it reaches maxMs, then stays there", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), options, (attempt, o) => {
        const cap = backoffCap(attempt, o);
        const next = backoffCap(attempt + 1, o);
        if (cap >= o.maxMs) expect(next).toBe(o.maxMs);
        else expect(next).toBeCloseTo(Math.min(o.maxMs, cap * o.factor), 6);
        expect(backoffCap(1, o)).toBe(Math.min(o.maxMs, o.baseMs));
      }),
    );
  });

  it("is deterministic with an injected random, and spans the whole range as random goes from 0 to 1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), options, uniform, (attempt, o, u) => {
        expect(backoffDelay(attempt, { ...o, random: () => u })).toBe(backoffDelay(attempt, { ...o, random: () => u }));
        const cap = backoffCap(attempt, o);
        expect(backoffDelay(attempt, { ...o, random: () => 0 })).toBeCloseTo(cap * (1 - fraction(o.jitter)), 6);
        expect(backoffDelay(attempt, { ...o, jitter: "none", random: () => u })).toBe(cap);
      }),
    );
  });

  it("documents its defaults: base 1 s, doubling, capped at 60 s, full jitter", () => {
    expect(backoffDelay(1, { random: () => 0.5 })).toBe(500);
    expect(backoffDelay(4, { jitter: "none" })).toBe(8000);
    expect(backoffDelay(40, { jitter: "none" })).toBe(60_000);
    expect(backoffDelay(3, { baseMs: 100, jitter: "equal", random: () => 0 })).toBe(200);
  });
});
