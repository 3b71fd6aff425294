import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { BarManager } from ".";
import type { SpillErrorEvent } from ".";
import type { Arctic } from "../store";
import { naiveBars, tableRows } from "../../test/stream/naiveBars";
import { useMemoryStore } from "../store/testing";

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const col = (t: { array(n: string): ArrayLike<unknown> }, name: string) => Array.from(t.array(name) as ArrayLike<number>);

/** 1000 ticks, 4 per second, prices a deterministic zig-zag. */
const ticks = Array.from({ length: 1000 }, (_, i) => ({ timestamp: T0 + i * 250 + (i % 3), price: 100 + ((i * 7) % 13), size: 1 + (i % 4) }));

describe("spilling closed bars to the store", () => {
  let arctic: Arctic;
  useMemoryStore((store) => (arctic = store));
  let bars: BarManager | undefined;
  afterEach(async () => {
    await bars?.close();
    bars = undefined;
  });

  it("keeps memory bounded, writes batches as <symbol>.<timeframe>, and reads across store and memory seamlessly", async () => {
    const store = await arctic.getLibrary("bars", { createIfMissing: true });
    bars = new BarManager({ timeframes: ["1s", "10s"], maxBarsInMemory: 20, spillBatchSize: 8, lateTickGraceMs: 500, store });
    for (const t of ticks) bars.ingest({ symbol: "BTCUSD", ...t });
    const expected1s = naiveBars(ticks, 1_000);
    expect(expected1s).toHaveLength(250);
    expect(bars.getBars("BTCUSD", "1s").numRows()).toBe(20);
    expect(bars.stats().barsInMemory).toBe(20 + 20);

    // Whole history, a range reaching into the store, and a count larger than memory.
    expect(tableRows(await bars.readBars("BTCUSD", "1s"))).toEqual(expected1s);
    const start = T0 + 30_000;
    const end = T0 + 240_000;
    expect(tableRows(await bars.readBars("BTCUSD", "1s", { start, end }))).toEqual(expected1s.filter((b) => b.timestamp >= start && b.timestamp <= end));
    expect(tableRows(await bars.readBars("BTCUSD", "1s", { count: 100 }))).toEqual(expected1s.slice(-100));
    expect(tableRows(await bars.readBars("BTCUSD", "10s"))).toEqual(naiveBars(ticks, 10_000));

    await bars.flush();
    const stored = await store.read("BTCUSD.1s");
    expect(stored.data.columnNames()).toEqual(["timestamp", "open", "high", "low", "close", "volume"]);
    // Every closed bar is stored after flush; the forming one is not.
    expect(tableRows(stored.data)).toEqual(expected1s.slice(0, -1));
    const s = bars.stats();
    expect(s.spill.barsWritten).toBe(249 + 24);
    expect(s.spill.errors).toBe(0);
    expect(await store.listSymbols()).toEqual(expect.arrayContaining(["BTCUSD.1s", "BTCUSD.10s"]));
  });

  it("reads the same bars as the naive reference whatever the memory size, batch size and write timing (property)", async () => {
    const store = await arctic.getLibrary("bars", { createIfMissing: true });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 3_000 }), price: fc.integer({ min: 95, max: 105 }), size: fc.integer({ min: 0, max: 9 }), pause: fc.boolean() }), { minLength: 1, maxLength: 200 }),
        async (maxBarsInMemory, spillBatchSize, steps) => {
          const symbol = `P${run++}`;
          const m = new BarManager({ timeframes: ["1s", "5s"], maxBarsInMemory, spillBatchSize, lateTickGraceMs: 0, store });
          let ts = T0;
          const sent = steps.map((st) => ({ timestamp: (ts += st.gap), price: st.price, size: st.size }));
          for (let i = 0; i < sent.length; i++) {
            m.ingest({ symbol, ...sent[i] });
            if (steps[i].pause) await new Promise((r) => setImmediate(r));
          }
          expect(tableRows(await m.readBars(symbol, "1s"))).toEqual(naiveBars(sent, 1_000));
          expect(tableRows(await m.readBars(symbol, "5s", { count: 7 }))).toEqual(naiveBars(sent, 5_000).slice(-7));
          expect(m.stats().barsInMemory).toBeLessThanOrEqual(2 * maxBarsInMemory);
          await m.close();
        },
      ),
      { numRuns: 25 },
    );
  });

  it("backfills the last N bars on start, and drops ticks for periods already stored", async () => {
    const store = await arctic.getLibrary("bars", { createIfMissing: true });
    const first = new BarManager({ timeframes: ["1s"], store, maxBarsInMemory: 50 });
    for (const t of ticks.slice(0, 400)) first.ingest({ symbol: "X", ...t });
    await first.close();
    bars = new BarManager({ timeframes: ["1s"], store, maxBarsInMemory: 50 });
    expect(await bars.backfill(["X"], { count: 30 })).toBe(30);
    const held = tableRows(bars.getBars("X", "1s"));
    expect(held).toEqual(naiveBars(ticks.slice(0, 400), 1_000).slice(0, -1).slice(-30));
    expect(bars.currentPrice("X")).toBe(held[held.length - 1].close);
    // The stored last bar is final: a tick in its period is dropped, the next period starts a new bar.
    const lastStart = held[held.length - 1].timestamp;
    expect(bars.ingest({ symbol: "X", timestamp: lastStart + 10, price: 100, size: 1 })).toBe(true);
    expect(bars.stats().late.droppedFromSeries).toBe(1);
    bars.ingest({ symbol: "X", timestamp: lastStart + 1_000, price: 101, size: 1 });
    expect(col(bars.getBars("X", "1s", { count: 1 }), "timestamp")).toEqual([lastStart + 1_000]);
    await expect(bars.backfill(["X"])).rejects.toThrow(/backfill of 'X' after its first tick/);
    // A symbol this manager has never seen still reads from the store.
    const other = new BarManager({ timeframes: ["1s"], store });
    expect(tableRows(await other.readBars("X", "1s", { count: 5 }))).toEqual(naiveBars(ticks.slice(0, 400), 1_000).slice(0, -1).slice(-5));
    expect((await other.readBars("never", "1s")).numRows()).toBe(0);
    await other.close();
  });

  it("reports a store that refuses bars: spillError events, degraded health, bounded pending batches", async () => {
    const store = await arctic.getLibrary("bars", { createIfMissing: true });
    await store.write("X.1s", { timestamp: [T0 - 1000], other: ["x"] }); // wrong schema: appends fail
    bars = new BarManager({ timeframes: ["1s"], store, maxBarsInMemory: 10, spillBatchSize: 5 });
    const errors: SpillErrorEvent[] = [];
    bars.on("spillError", (e) => errors.push(e));
    for (const t of ticks) {
      bars.ingest({ symbol: "X", ...t });
      await new Promise((r) => setImmediate(r));
    }
    await expect(bars.flush()).rejects.toThrow(/cannot write bars of 'X.1s'/);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].storeSymbol).toBe("X.1s");
    const s = bars.stats();
    expect(s.spill.barsPending).toBeLessThanOrEqual(9 * 5);
    expect(s.spill.barsLost).toBeGreaterThan(0);
    expect(bars.health().status).toBe("degraded");
    // The stored version is untouched.
    expect((await store.read("X.1s")).data.numRows()).toBe(1);
  });
});
