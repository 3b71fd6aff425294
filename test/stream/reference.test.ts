import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Arctic } from "../../lib/store";
import { BarManager } from "../../lib/stream";
import type { BarEvent } from "../../lib/stream";
import { RefTick, naiveBars, naiveTickBars, tableRows } from "./naiveBars";
import { useMemoryStore } from "../../lib/store/testing";

const TIMEFRAMES: [string, number][] = [
  ["1s", 1_000],
  ["5s", 5_000],
  ["1m", 60_000],
  ["15m", 900_000],
  ["1h", 3_600_000],
];
const GRACE = 3_000;
const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

/**
 * Ticks over two hours, sorted by time, then delivered in an order where each tick may come up to GRACE
 * ms after later ones (arrival key = timestamp + delay, delay in [0, GRACE]): every tick is within the
 * grace window when it arrives, so none may be dropped. Prices are small integers (exact sums),
 * timestamps integers with many exact duplicates and bucket-edge values.
 */
const tickStream = fc
  .array(
    fc.record({
      timestamp: fc.oneof(fc.integer({ min: 0, max: 7_200_000 }), fc.integer({ min: 0, max: 120 }).map((k) => k * 60_000), fc.integer({ min: 0, max: 20 }).map((k) => k * 1_000 + 999)),
      price: fc.integer({ min: 90, max: 110 }),
      size: fc.integer({ min: 0, max: 50 }),
      delay: fc.integer({ min: 0, max: GRACE }),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .map((raw) =>
    raw
      .map((t, i) => ({ ...t, timestamp: T0 + t.timestamp, i }))
      .sort((a, b) => a.timestamp + a.delay - (b.timestamp + b.delay) || a.i - b.i)
      .map(({ timestamp, price, size }) => ({ timestamp, price, size })),
  );

function run(ticks: RefTick[]) {
  const bars = new BarManager({ timeframes: [...TIMEFRAMES.map(([tf]) => tf), "7t"], lateTickGraceMs: GRACE, maxDeviation: Infinity, maxBarsInMemory: 100_000 });
  const events: BarEvent[] = [];
  bars.on("bar", (e) => events.push(e));
  for (const t of ticks) expect(bars.ingest({ symbol: "X", ...t })).toBe(true);
  bars.advanceTime(Number.MAX_SAFE_INTEGER);
  return { bars, events };
}

describe("BarManager against the naive reference (floor(ts / timeframe) groups)", () => {
  it("builds the same bars for every timeframe, out-of-order delivery within the grace window", () => {
    fc.assert(
      fc.property(tickStream, (ticks) => {
        const { bars, events } = run(ticks);
        for (const [tf, ms] of TIMEFRAMES) {
          expect(tableRows(bars.getBars("X", tf)), `timeframe ${tf}`).toEqual(naiveBars(ticks, ms));
        }
        expect(tableRows(bars.getBars("X", "7t")), "timeframe 7t").toEqual(naiveTickBars(ticks, 7));
        const s = bars.stats();
        expect(s.accepted).toBe(ticks.length);
        expect(s.late.dropped + s.late.droppedFromSeries).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it("emits every bar exactly once", () => {
    fc.assert(
      fc.property(tickStream, (ticks) => {
        const { events } = run(ticks);
        for (const [tf, ms] of TIMEFRAMES) {
          const emitted = events.filter((e) => e.timeframe === tf).map((e) => e.bar.timestamp);
          const expected = naiveBars(ticks, ms).map((b) => b.timestamp);
          expect([...emitted].sort((a, b) => a - b), `timeframe ${tf}: each start once`).toEqual(expected);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("ticks later than the grace window", () => {
  it("are dropped and counted exactly; the rest make the naive bars of the kept ticks", () => {
    const arrival = fc.array(fc.record({ timestamp: fc.integer({ min: 0, max: 600_000 }), price: fc.integer({ min: 90, max: 110 }), size: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(arrival, (raw) => {
        const ticks = raw.map((t) => ({ ...t, timestamp: T0 + t.timestamp }));
        // Independent expectation: a tick is kept when it is at most GRACE older than the newest kept before it.
        let newest = -Infinity;
        const kept = ticks.filter((t) => {
          const keep = t.timestamp >= newest - GRACE;
          if (keep) newest = Math.max(newest, t.timestamp);
          return keep;
        });
        const bars = new BarManager({ timeframes: ["1s", "1m"], lateTickGraceMs: GRACE, maxDeviation: Infinity, maxBarsInMemory: 100_000 });
        for (const t of ticks) bars.ingest({ symbol: "X", ...t });
        expect(bars.stats().late.dropped).toBe(ticks.length - kept.length);
        expect(tableRows(bars.getBars("X", "1s"))).toEqual(naiveBars(kept, 1_000));
        expect(tableRows(bars.getBars("X", "1m"))).toEqual(naiveBars(kept, 60_000));
      }),
      { numRuns: 150 },
    );
  });
});

describe("BarManager against DuckDB time buckets", () => {
  let arctic: Arctic;
  useMemoryStore((store) => (arctic = store));

  it("equals a SQL GROUP BY floor(epoch_ms / timeframe) over the same ticks", async () => {
    const lib = await arctic.getLibrary("ticks", { createIfMissing: true });
    await fc.assert(
      fc.asyncProperty(tickStream, async (ticks) => {
        const { bars } = run(ticks);
        // seq keeps arrival order among equal timestamps, as the manager does for open and close.
        await lib.write("T", { seq: ticks.map((_, i) => i), ts_ms: ticks.map((t) => t.timestamp), price: ticks.map((t) => t.price), size: ticks.map((t) => t.size) });
        for (const [tf, ms] of TIMEFRAMES) {
          const sql = await lib.sql(
            `select floor(ts_ms / ${ms}) * ${ms} as timestamp, arg_min(price, (ts_ms - ${T0}) * 1000 + seq) as open, max(price) as high,
               min(price) as low, arg_max(price, (ts_ms - ${T0}) * 1000 + seq) as close, sum(size)::double as volume
             from {T} group by 1 order by 1`,
          );
          expect(tableRows(bars.getBars("X", tf)), `timeframe ${tf}`).toEqual(tableRows(sql));
        }
      }),
      { numRuns: 15 },
    );
  });
});
