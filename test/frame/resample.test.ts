/**
 * resample of an in-memory Table against the store's QueryBuilder.resample on the same data (a real
 * in-memory store): random frames (floats with NaN and nulls, ints, strings, bools), rules from seconds
 * to months, random closed/label/origin/offset and empty buckets kept or dropped, every aggregation.
 * The two must give the same labels and the same values, bit for bit.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic, FrameError, Library, QueryBuilder, resample, toTable } from "../../lib";
import type { ResampleOptions } from "../../lib/store/query/steps";
import type { TableResampleOptions } from "../../lib/frame";
import { frameArb, toColumns } from "../query/arbitraries";

let ac: Arctic;
let lib: Library;
beforeAll(async () => {
  ac = await Arctic.open("mem://");
  lib = await ac.getLibrary("resample", { createIfMissing: true });
}, 60_000);
afterAll(() => ac.close());

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A rule with a row spacing that gives it several rows per bucket and a few buckets. */
const ruleArb = fc.constantFrom(
  { rule: "1m", step: 20_000 },
  { rule: "5min", step: MINUTE },
  { rule: "7min", step: MINUTE },
  { rule: "1h", step: 10 * MINUTE },
  { rule: "2h", step: 25 * MINUTE },
  { rule: "1d", step: 5 * HOUR },
  { rule: "2d", step: 9 * HOUR },
  { rule: "1w", step: DAY },
  { rule: "2w", step: 2 * DAY },
  { rule: "1M", step: 5 * DAY },
  { rule: "1MS", step: 5 * DAY },
  { rule: "3M", step: 11 * DAY },
);

const sideArb = fc.option(fc.constantFrom("left" as const, "right" as const), { nil: undefined });
const tickOptionsArb = fc.record({
  closed: sideArb,
  label: sideArb,
  origin: fc.option(fc.constantFrom("epoch" as const, "start" as const, "start_day" as const, "end" as const, "end_day" as const, Date.UTC(2023, 11, 31, 7, 13)), { nil: undefined }),
  offset: fc.option(fc.constantFrom("15min", "-30m", "1h", 90_000), { nil: undefined }),
  emptyBuckets: fc.option(fc.constantFrom("drop" as const, "keep" as const), { nil: undefined }),
});

const aggArb = fc.constantFrom<NonNullable<TableResampleOptions["agg"]>>(
  { x: ["sum", "mean", "min", "max", "count", "first", "last", "std"] },
  { n: ["sum", "mean", "min", "max", "count", "first", "last", "std"] },
  { venue: ["first", "last", "count", "min", "max"], flag: ["first", "last", "count"] },
  { x: "last", n: "sum", venue: "first" },
);

const startArb = fc.constantFrom(Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 28, 23, 17), Date.UTC(2023, 11, 31, 22), Date.UTC(2024, 4, 5, 0, 0, 1));

let runs = 0;
describe("resample in memory equals the store's resample of the same data", () => {
  it("labels, aggregations and empty buckets, for rules from seconds to months", async () => {
    await fc.assert(
      fc.asyncProperty(
        ruleArb.chain(({ rule, step }) => fc.tuple(fc.constant(rule), startArb.chain((start) => frameArb(60, step, start)))),
        tickOptionsArb,
        aggArb,
        async ([rule, rows], tick, agg) => {
          const anchored = /w|M/.test(rule);
          const options: ResampleOptions = anchored ? { closed: tick.closed, label: tick.label, emptyBuckets: tick.emptyBuckets } : tick;
          const symbol = `S${runs++}`;
          // magnitudes 12 decades apart plus tenths, so rounding shows and the sums' compensation counts
          await lib.write(symbol, toColumns(rows.map((r, i) => ({ ...r, x: typeof r.x === "number" ? r.x * 1e12 + i / 10 : r.x }))));
          const stored = (await lib.read(symbol, { query: new QueryBuilder().resample(rule, options).agg(agg) })).data;
          const memory = resample((await lib.read(symbol)).data, rule, { ...options, agg } as TableResampleOptions);
          await lib.delete(symbol);
          expect(memory.columnNames()).toEqual(stored.columnNames());
          for (const name of stored.columnNames()) {
            const expected = Array.from(stored.array(name) as ArrayLike<unknown>, (v) => (typeof v === "bigint" ? Number(v) : v));
            expect(Array.from(memory.array(name) as ArrayLike<unknown>), `${rule} ${JSON.stringify(options)} column ${name}`).toEqual(expected);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe("resample's sums", () => {
  it("are compensated in row order as the store's: 1e12 and ten 0.1s sum to 1e12 + 1, not the plain sum's 1e12 + 0.9998", async () => {
    const x = [1e12, ...Array<number>(10).fill(0.1)];
    await lib.write("KAHAN", { timestamp: x.map((_, i) => new Date(i * 1000)), x });
    const stored = (await lib.read("KAHAN", { query: new QueryBuilder().resample("1h").agg({ x: ["sum", "mean"] }) })).data;
    const memory = resample((await lib.read("KAHAN")).data, "1h", { agg: { x: ["sum", "mean"] } });
    expect(Array.from(memory.column("x_sum") as Float64Array)).toEqual([1e12 + 1]);
    expect(memory.array("x_sum")).toEqual(stored.array("x_sum"));
    expect(memory.array("x_mean")).toEqual(stored.array("x_mean"));
  });

  it("OHLCV columns get the store's defaults: open first, high max, low min, close last, volume sum", async () => {
    const t0 = Date.UTC(2024, 0, 2, 9, 30);
    const bars = { timestamp: [0, 1, 2, 3].map((i) => new Date(t0 + i * 60_000)), open: [1, 2, 3, 4], high: [5, 9, 6, 7], low: [0.5, 0.25, 2, 3], close: [2, 3, 4, 5], volume: [10, 20, 30, 40] };
    await lib.write("OHLCV", bars);
    const stored = (await lib.read("OHLCV", { query: new QueryBuilder().resample("2min") })).data;
    const memory = resample((await lib.read("OHLCV")).data, "2min");
    expect(memory.objects()).toEqual(stored.objects());
    expect(memory.array("high")).toEqual([9, 7]);
  });
});

describe("resample's own checks", () => {
  it.each([
    ["a zone other than UTC", { timezone: "America/New_York" }, /QueryBuilder/],
    ["an offset on a week rule", { offset: "1h" }, /offset does not apply/],
    ["an unknown aggregation", { agg: { x: "median" } }, /unknown aggregation "median"/],
    ["a bad closed", { closed: "both" }, /'closed' must be "left" or "right"/],
  ])("%s: FrameError", (_what, options, message) => {
    const t = toTable([["timestamp", [0]], ["x", Float64Array.of(1)]]);
    let error: unknown;
    try {
      resample(t, "1w", options as TableResampleOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FrameError);
    expect((error as Error).message).toMatch(message);
  });
});
