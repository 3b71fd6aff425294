/** Python's float `//` and `round`, against exact rational arithmetic (BigInt) and Python's documented cases. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pyFloorDiv, pyPow, pyRound } from "./pyMath";

/** A finite double as an exact fraction [numerator, denominator] of BigInts. */
function exact(x: number): [bigint, bigint] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const shift = (exponent === 0 ? 1 : exponent) - 1075;
  return shift >= 0 ? [sign * (mantissa << BigInt(shift)), 1n] : [sign * mantissa, 1n << BigInt(-shift)];
}

/** floor(a / b) computed exactly. */
function exactFloorDiv(a: number, b: number): number {
  const [an, ad] = exact(a);
  const [bn, bd] = exact(b);
  let num = an * bd;
  let den = ad * bn;
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  let q = num / den; // truncates toward zero
  if (num % den !== 0n && num < 0n) q -= 1n;
  return Number(q);
}

describe("pyFloorDiv", () => {
  it("is the exact floor of the quotient for positive cash and prices", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e9, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (a, b) => {
        expect(pyFloorDiv(a, b)).toBe(exactFloorDiv(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it("is exact next to integers, where Math.floor(a / b) can be one too high", () => {
    // 1000 x (1 - 2^-52) / 10 is just below 100: Python gives 99.0
    expect(pyFloorDiv(1000 * (1 - Number.EPSILON), 10)).toBe(99);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.01, max: 1000, noNaN: true }), fc.integer({ min: -3, max: 3 }), (k, b, ulps) => {
        let a = k * b;
        for (let i = 0; i < Math.abs(ulps); i++) a = ulps > 0 ? a + a * Number.EPSILON : a - a * Number.EPSILON;
        expect(pyFloorDiv(a, b)).toBe(exactFloorDiv(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it("follows Python for negative operands", () => {
    expect(pyFloorDiv(-7, 2)).toBe(-4);
    expect(pyFloorDiv(7, -2)).toBe(-4);
    expect(pyFloorDiv(-7.5, -2)).toBe(3);
  });
});

describe("pyRound", () => {
  it("rounds halves to even, like Python 3", () => {
    expect([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 2.4, 2.6].map(pyRound)).toEqual([0, 2, 2, 4, 0, -2, 2, 3]);
  });
});

describe("pyPow", () => {
  it("follows Python's float ** (C99 pow) where JavaScript's ** differs", () => {
    // Python: 1.0 ** float('nan') == 1.0; (-1.0) ** float('inf') == 1.0; JavaScript gives NaN for both
    expect([1 ** NaN, (-1) ** Infinity]).toEqual([NaN, NaN]);
    expect([pyPow(1, NaN), pyPow(1, Infinity), pyPow(-1, Infinity), pyPow(-1, -Infinity), pyPow(NaN, 0)]).toEqual([1, 1, 1, 1, 1]);
  });
  it("is ** everywhere else", () => {
    fc.assert(fc.property(fc.double(), fc.double(), (x, y) => {
      if (x === 1 || x === -1) return;
      expect(Object.is(pyPow(x, y), x ** y)).toBe(true);
    }));
  });
});
