/**
 * lib/frame's Table verbs give pandas 1.5's float64 bits (Debian's /usr/bin/python3 as the oracle, with
 * test/frame/pandas_verbs.py): random walks on a price grid, long flat stretches, runs of NaN, a few
 * infinities and plain noise go in; every value of rolling mean/sum/std/var/min/max/apply, ewm, shift,
 * diff, pctChange, logReturns, cumsum, cumprod, ffill and describe must equal pandas' bits.
 */
import fc from "fast-check";
import * as path from "path";
import { afterAll, beforeAll, describe as suite, expect, it } from "vitest";
import { cumprod, cumsum, describe, diff, ewm, ffill, logReturns, pctChange, rolling, shift, toTable } from "../../lib/frame";
import { firstBitDifference, PandasOracle } from "../oracle/pandas";

let pandas: PandasOracle;
beforeAll(async () => {
  pandas = await PandasOracle.open({ plugins: [path.join(__dirname, "pandas_verbs.py")] });
});
afterAll(() => pandas.close());

type Segment =
  | { kind: "walk"; steps: number[] }
  | { kind: "flat"; length: number }
  | { kind: "nan"; length: number }
  | { kind: "inf"; sign: 1 | -1 }
  | { kind: "noise"; values: number[] };

const segment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("walk" as const), steps: fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 1, maxLength: 80 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("flat" as const), length: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("nan" as const), length: fc.integer({ min: 1, max: 25 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("inf" as const), sign: fc.constantFrom(1 as const, -1 as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("noise" as const), values: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }) }) },
);

/** Prices on a grid of 1/scale, walking, flat, missing, infinite or noisy. */
const series = fc
  .record({
    start: fc.integer({ min: -2_000, max: 200_000 }),
    scale: fc.constantFrom(1, 3, 100, 10_000),
    segments: fc.array(segment, { minLength: 1, maxLength: 8 }),
  })
  .map(({ start, scale, segments }) => {
    const out: number[] = [];
    let k = start;
    let last = start / scale;
    for (const s of segments) {
      if (s.kind === "walk") for (const step of s.steps) out.push((last = (k += step) / scale));
      else if (s.kind === "flat") for (let i = 0; i < s.length; i++) out.push(last);
      else if (s.kind === "nan") for (let i = 0; i < s.length; i++) out.push(NaN);
      else if (s.kind === "inf") out.push(s.sign * Infinity);
      else for (const v of s.values) out.push((last = v));
    }
    return Float64Array.from(out);
  });

/** Positive prices (returns and products are taken of these). */
const prices = series.map((x) => x.map((v) => (Number.isFinite(v) ? Math.abs(v) + 0.01 : v)));

const RUNS = { numRuns: 60 };

/** How many representable doubles apart two finite numbers of the same sign are (0 when equal, also for equal infinities). */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  const d = view.getBigInt64(0) - view.getBigInt64(8);
  return Number(d < 0n ? -d : d);
}

async function expectPandas(ours: ArrayLike<number>, op: string, x: Float64Array, params: Record<string, unknown> = {}) {
  const theirs = (await pandas.call(op, { x }, params)).value;
  expect(firstBitDifference(ours, theirs), `${op} ${JSON.stringify(params)} on [${Array.from(x).slice(0, 40).join(", ")}${x.length > 40 ? ", ..." : ""}]`).toBeNull();
}

suite("rolling windows equal pandas' bits", () => {
  const windowed = fc.record({ x: series, window: fc.integer({ min: 1, max: 30 }), minFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }) });
  const minOf = (window: number, f: number | undefined) => (f === undefined ? undefined : Math.floor(f * window));

  for (const stat of ["mean", "sum", "min", "max"] as const) {
    it(`rolling(...).${stat}() with min_periods from 0 to window`, async () => {
      await fc.assert(
        fc.asyncProperty(windowed, async ({ x, window, minFraction }) => {
          const minPeriods = minOf(window, minFraction);
          await expectPandas(rolling(x, { window, minPeriods })[stat](), `frame.rolling.${stat}`, x, { window, min_periods: minPeriods ?? null });
        }),
        RUNS,
      );
    });
  }

  it("rolling(...).std() and .var() with ddof 1 (the default) and 0", async () => {
    await fc.assert(
      fc.asyncProperty(windowed, fc.constantFrom(0, 1), async ({ x, window, minFraction }, ddof) => {
        const minPeriods = minOf(window, minFraction);
        const r = rolling(x, { window, minPeriods });
        const params = { window, min_periods: minPeriods ?? null, ddof };
        await expectPandas(ddof === 1 ? r.std() : r.std({ ddof }), "frame.rolling.std", x, params);
        await expectPandas(r.var({ ddof }), "frame.rolling.var", x, params);
      }),
      RUNS,
    );
  });

  it("rolling(...).apply(fn) sees each window as pandas' raw=True does", async () => {
    await fc.assert(
      fc.asyncProperty(windowed, async ({ x, window, minFraction }) => {
        const minPeriods = minOf(window, minFraction);
        const range = (w: Float64Array) => {
          let lo = Infinity;
          let hi = -Infinity;
          for (const v of w) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
          return hi >= lo ? hi - lo : NaN;
        };
        await expectPandas(rolling(x, { window, minPeriods }).apply(range), "frame.rolling.apply_range", x, { window, min_periods: minPeriods ?? null });
      }),
      RUNS,
    );
  });
});

suite("ewm equals pandas' bits", () => {
  const decay = fc.oneof(
    fc.record({ span: fc.integer({ min: 1, max: 60 }) }),
    fc.record({ alpha: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
    fc.record({ com: fc.double({ min: 0, max: 40, noNaN: true }) }),
  );
  it("ewm(...).mean() with adjust true/false, ignoreNa and minPeriods", async () => {
    await fc.assert(
      fc.asyncProperty(series, decay, fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 10 }), async (x, d, adjust, ignoreNa, minPeriods) => {
        await expectPandas(ewm(x, { ...d, adjust, ignoreNa, minPeriods }).mean(), "frame.ewm.mean", x, { ...d, adjust, ignore_na: ignoreNa, min_periods: minPeriods });
      }),
      RUNS,
    );
  });
  it("adjust defaults to true, as in pandas", async () => {
    const x = Float64Array.of(1, 2, 3, NaN, 5);
    await expectPandas(ewm(x, { span: 3 }).mean(), "frame.ewm.mean", x, { span: 3 });
  });
});

suite("changes, returns and running totals equal pandas' bits", () => {
  const periods = fc.integer({ min: -5, max: 8 });
  it("shift and diff", async () => {
    await fc.assert(
      fc.asyncProperty(series, periods, async (x, p) => {
        await expectPandas(shift(x, { periods: p }), "frame.shift", x, { periods: p });
        await expectPandas(diff(x, { periods: p }), "frame.diff", x, { periods: p });
      }),
      RUNS,
    );
  });
  it("pctChange pads missing prices first (pandas 1.5's fill_method='pad'), with a limit, or not at all", async () => {
    await fc.assert(
      fc.asyncProperty(prices, periods, fc.constantFrom<["pad" | null, number | undefined]>(["pad", undefined], ["pad", 2], [null, undefined]), async (x, p, [fillMethod, limit]) => {
        await expectPandas(pctChange(x, { periods: p, fillMethod, limit }), "frame.pct_change", x, { periods: p, fill_method: fillMethod, limit: limit ?? null });
      }),
      RUNS,
    );
  });
  it("pctChange's defaults are pandas' (periods 1, pad)", async () => {
    const x = Float64Array.of(100, 110, NaN, NaN, 121, 0, 5);
    await expectPandas(pctChange(x), "frame.pct_change", x);
  });
  it("logReturns = np.log(s / s.shift(periods)), within two units in the last place (numpy 1.24's vectorised log is up to 2 ulps from the correctly rounded value, which Math.log gives here, e.g. ln(940.01 / 892.01))", async () => {
    await fc.assert(
      fc.asyncProperty(prices, fc.integer({ min: 1, max: 5 }), async (x, p) => {
        const ours = logReturns(x, { periods: p });
        const theirs = (await pandas.call("frame.log_returns", { x }, { periods: p })).value;
        expect(ours.length).toBe(theirs.length);
        for (let i = 0; i < ours.length; i++) {
          if (Number.isNaN(ours[i]) && Number.isNaN(theirs[i])) continue;
          expect(ulps(ours[i], theirs[i]), `row ${i}: ${ours[i]} vs pandas ${theirs[i]}`).toBeLessThanOrEqual(2);
        }
      }),
      RUNS,
    );
  });
  it("cumsum and cumprod skip missing values as pandas does", async () => {
    await fc.assert(
      fc.asyncProperty(series, async (x) => {
        await expectPandas(cumsum(x), "frame.cumsum", x);
        const growth = x.map((v) => 1 + v / 1e6);
        await expectPandas(cumprod(growth), "frame.cumprod", growth);
      }),
      RUNS,
    );
  });
  it("ffill with and without a limit", async () => {
    await fc.assert(
      fc.asyncProperty(series, fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), async (x, limit) => {
        const filled = ffill(toTable([["x", x]]), { limit }).column("x") as Float64Array;
        await expectPandas(filled, "frame.ffill", x, { limit: limit ?? null });
      }),
      RUNS,
    );
  });
});

suite("describe equals pandas' bits", () => {
  it("count (missing values left out), mean, std (ddof 1), min, percentiles (linear), max", async () => {
    const percentiles = fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 100 }).map((p) => p / 100), { minLength: 1, maxLength: 4 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(series, percentiles, async (x, ps) => {
        const finite = x.map((v) => (Number.isFinite(v) ? v : NaN));
        const table = describe(toTable([["x", finite]]), { percentiles: ps });
        await expectPandas(table.column("x") as Float64Array, "frame.describe", finite, { percentiles: ps ?? null });
      }),
      RUNS,
    );
  });
  it("names the rows as pandas does", async () => {
    const t = describe(toTable([["x", Float64Array.of(1, 2, 3)]]), { percentiles: [0.05, 0.333, 0.95] });
    expect(t.array("stat")).toEqual(["count", "mean", "std", "min", "5%", "33.3%", "50%", "95%", "max"]);
  });
});
