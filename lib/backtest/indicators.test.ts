/**
 * Indicators against independent references: a naive O(n x period) evaluation of each definition, and
 * indicatorts 2.2.2 where its definitions coincide with ours (its SMA and Bollinger Bands equal ours
 * once the window is full; its EMA recursion equals ours after our SMA seed).
 */
import fc from "fast-check";
import * as indicatorts from "indicatorts";
import { describe, expect, it } from "vitest";
import { atr, bollinger, crosses, crossover, crossunder, ema, InvalidOptionError, rsi, sma, trueRange } from "./index";

const prices = fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 120 });
const period = fc.integer({ min: 1, max: 30 });
const close = (a: number, b: number) => (Number.isNaN(b) ? Number.isNaN(a) : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
const expectClose = (actual: ArrayLike<number>, expected: ArrayLike<number>) => {
  expect(actual.length).toBe(expected.length);
  const bad = Array.from(actual).findIndex((v, i) => !close(v, expected[i]));
  expect(bad, `first difference at ${bad}: ${actual[bad]} vs ${expected[bad]}`).toBe(-1);
};

function naiveSma(x: number[], n: number): number[] {
  return x.map((_, i) => (i < n - 1 ? NaN : x.slice(i - n + 1, i + 1).reduce((a, b) => a + b, 0) / n));
}

describe("sma", () => {
  it("equals the mean of each full window (naive reference)", () => {
    fc.assert(fc.property(prices, period, (x, n) => expectClose(sma(x, n), naiveSma(x, n))));
  });

  it("equals indicatorts' sma once the window is full", () => {
    fc.assert(
      fc.property(prices, period, (x, n) => {
        const theirs = indicatorts.sma(x, { period: n });
        expectClose(sma(x, n).subarray(n - 1), theirs.slice(n - 1));
      }),
    );
  });

  it("gives exactly the repeated value over a constant window, like pandas", () => {
    expect(Array.from(sma([0.1, 0.7, 0.7, 0.7], 3))).toEqual([NaN, NaN, 0.5, 0.7]);
  });

  it("is NaN while a window holds a NaN", () => {
    expect(Array.from(sma([NaN, 1, 2, 3], 2))).toEqual([NaN, NaN, 1.5, 2.5]);
  });

  it("rejects a bad period", () => {
    expect(() => sma([1, 2], 0)).toThrow(InvalidOptionError);
    expect(() => sma([1, 2], 2.5)).toThrow(/period must be a whole number >= 1, got 2.5/);
  });
});

describe("ema", () => {
  it("is the SMA seed followed by indicatorts' recursion", () => {
    fc.assert(
      fc.property(prices, period, (x, n) => {
        const ours = ema(x, n);
        if (x.length < n) {
          expect(Array.from(ours).every(Number.isNaN)).toBe(true);
          return;
        }
        const seed = x.slice(0, n).reduce((a, b) => a + b, 0) / n;
        expect(Array.from(ours.subarray(0, n - 1)).every(Number.isNaN)).toBe(true);
        expectClose(ours.subarray(n - 1), indicatorts.ema([seed, ...x.slice(n)], { period: n }));
      }),
    );
  });

  it("skips leading NaNs (an EMA of an indicator)", () => {
    expectClose(ema([NaN, NaN, 1, 2, 3], 2), [NaN, NaN, NaN, 1.5, 1.5 * (1 / 3) + 3 * (2 / 3)]);
  });
});

describe("rsi", () => {
  function naiveRsi(x: number[], n: number): number[] {
    const out = x.map(() => NaN);
    let g = NaN;
    let l = NaN;
    for (let i = n; i < x.length; i++) {
      if (i === n) {
        const changes = x.slice(1, n + 1).map((v, j) => v - x[j]);
        g = changes.filter((c) => c > 0).reduce((a, b) => a + b, 0) / n;
        l = -changes.filter((c) => c < 0).reduce((a, b) => a + b, 0) / n;
      } else {
        const c = x[i] - x[i - 1];
        g = (g * (n - 1) + Math.max(c, 0)) / n;
        l = (l * (n - 1) + Math.max(-c, 0)) / n;
      }
      out[i] = l === 0 ? (g === 0 ? 50 : 100) : 100 - 100 / (1 + g / l);
    }
    return out;
  }
  it("follows Wilder's definition (naive reference) and stays in [0, 100]", () => {
    fc.assert(
      fc.property(prices, period, (x, n) => {
        const ours = rsi(x, n);
        expectClose(ours, naiveRsi(x, n));
        expect(Array.from(ours).every((v) => Number.isNaN(v) || (v >= 0 && v <= 100))).toBe(true);
      }),
    );
  });
  it("is 100 on a rising series and 0 on a falling one", () => {
    expect(rsi([1, 2, 3, 4], 2)[3]).toBe(100);
    expect(rsi([4, 3, 2, 1], 2)[3]).toBe(0);
  });
});

describe("atr", () => {
  it("is Wilder's average of the true range, seeded with the mean of bars 1..period", () => {
    fc.assert(
      fc.property(prices, period, (x, n) => {
        const high = x.map((v) => v * 1.01);
        const low = x.map((v) => v * 0.99);
        const c = x.map((v, i) => (i % 2 ? v * 1.005 : v * 0.995));
        const tr = x.map((_, i) => (i === 0 ? high[0] - low[0] : Math.max(high[i] - low[i], Math.abs(high[i] - c[i - 1]), Math.abs(low[i] - c[i - 1]))));
        expectClose(trueRange(high, low, c), tr);
        const expected = x.map(() => NaN);
        for (let i = n; i < x.length; i++) expected[i] = i === n ? tr.slice(1, n + 1).reduce((a, b) => a + b, 0) / n : (expected[i - 1] * (n - 1) + tr[i]) / n;
        expectClose(atr(high, low, c, n), expected);
      }),
    );
  });
  it("rejects arrays of different lengths", () => {
    expect(() => atr([1, 2], [1], [1, 2], 1)).toThrow(/equally long/);
  });
});

describe("bollinger", () => {
  it("equals indicatorts' bands (population std, k = 2) once the window is full", () => {
    fc.assert(
      fc.property(prices, period, (x, n) => {
        const ours = bollinger(x, { period: n, ddof: 0 });
        const theirs = indicatorts.bb(x, { period: n });
        expectClose(ours.middle.subarray(n - 1), theirs.middle.slice(n - 1));
        // The bands carry pandas' rolling variance, reproduced bit for bit (pandasParity.test.ts): its
        // online update leaves a cancellation residue of up to about sqrt(eps) x the price scale in the
        // deviation of a window of nearly equal values (pandas 1.5 gives 1.5e-8, not 1.1e-16, for the
        // population deviation of [1 + 2^-52, 1] after 3.33).
        const tolerance = 4 * Math.sqrt(Number.EPSILON) * Math.max(...x.map(Math.abs));
        for (const line of ["upper", "lower"] as const) {
          const bad = Array.from(ours[line].subarray(n - 1)).findIndex((v, i) => !(Math.abs(v - theirs[line][n - 1 + i]) <= tolerance));
          expect(bad, `${line} differs at ${n - 1 + bad}`).toBe(-1);
        }
      }),
    );
  });
  it("uses the sample deviation (ddof 1) unless told otherwise, like pandas' rolling std", () => {
    const { upper, middle } = bollinger([1, 2, 3], { period: 3, k: 1 });
    expect(middle[2]).toBe(2);
    expect(upper[2]).toBeCloseTo(3, 12); // sample std of 1, 2, 3 is 1
  });
});

describe("crossover helpers", () => {
  it("agree with the vectorised crosses() on every prefix", () => {
    fc.assert(
      fc.property(prices, prices, (a, b) => {
        const n = Math.min(a.length, b.length);
        const marks = crosses(a.slice(0, n), b.slice(0, n));
        for (let i = 1; i < n; i++) {
          const pa = a.slice(0, i + 1);
          const pb = b.slice(0, i + 1);
          expect(marks[i]).toBe(crossover(pa, pb) ? 1 : crossunder(pa, pb) ? -1 : 0);
        }
      }),
    );
  });
});
