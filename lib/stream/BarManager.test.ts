import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BarManager, StreamError } from ".";
import type { BarEvent, RejectEvent, UpdateEvent } from ".";

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const col = (t: { array(n: string): ArrayLike<unknown> }, name: string) => Array.from(t.array(name) as ArrayLike<number>);

describe("tick validation", () => {
  it("rejects and counts each kind of bad tick by reason, and keeps the good ones", () => {
    const now = T0 + 10_000;
    const bars = new BarManager({ timeframes: ["1m"], maxDeviation: 0.1, maxFutureMs: 5_000, now: () => now });
    const rejects: RejectEvent[] = [];
    bars.on("reject", (e) => rejects.push(e));
    expect(bars.ingest({ symbol: "X", timestamp: T0, price: 100, size: 1 })).toBe(true);
    const bad = [
      { symbol: "", timestamp: T0, price: 100, size: 1 },
      { symbol: "X", timestamp: NaN, price: 100, size: 1 },
      { symbol: "X", timestamp: new Date("nope"), price: 100, size: 1 },
      { symbol: "X", timestamp: T0, price: 0, size: 1 },
      { symbol: "X", timestamp: T0, price: -3, size: 1 },
      { symbol: "X", timestamp: T0, price: Infinity, size: 1 },
      { symbol: "X", timestamp: T0, price: 100, size: -1 },
      { symbol: "X", timestamp: T0, price: 100, size: NaN },
      { symbol: "X", timestamp: now + 5_001, price: 100, size: 1 },
      { symbol: "X", timestamp: T0, price: 111, size: 1 },
      { symbol: "X", timestamp: T0, price: 89, size: 1 },
    ];
    for (const t of bad) expect(bars.ingest(t), JSON.stringify(t)).toBe(false);
    expect(bars.ingest(null as never)).toBe(false);
    // Within 10% of the last price (100): accepted; the limit is inclusive.
    expect(bars.ingest({ symbol: "X", timestamp: T0 + 1, price: 110, size: 1 })).toBe(true);
    expect(bars.ingest({ symbol: "X", timestamp: now + 5_000, price: 105, size: 1 })).toBe(true);
    const s = bars.stats();
    expect(s.rejected).toEqual({ malformed: 2, timestamp: 2, price: 3, size: 2, future: 1, jump: 2, outsideSession: 0, symbolLimit: 0 });
    expect(s.received).toBe(bad.length + 1 + 3);
    expect(s.accepted).toBe(3);
    expect(rejects.map((r) => r.reason)).toContain("jump");
    expect(col(bars.getBars("X", "1m"), "volume").reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("keeps duplicate trades (same time, price and size): both are volume", () => {
    const bars = new BarManager({ timeframes: ["1s"] });
    bars.ingest({ symbol: "X", timestamp: T0, price: 10, size: 2 });
    bars.ingest({ symbol: "X", timestamp: T0, price: 10, size: 2 });
    expect(col(bars.getBars("X", "1s"), "volume")).toEqual([4]);
  });

  it("accepts Date timestamps and a missing size as 0", () => {
    const bars = new BarManager({ timeframes: ["1m"] });
    expect(bars.ingest({ symbol: "X", timestamp: new Date(T0 + 59_999), price: 10 })).toBe(true);
    expect(col(bars.getBars("X", "1m"), "timestamp")).toEqual([T0]);
    expect(col(bars.getBars("X", "1m"), "volume")).toEqual([0]);
  });
});

describe("a move beyond maxDeviation (jumpConfirmTicks)", () => {
  /** Feeds prices one second apart and says which went into bars. */
  const feed = (bars: BarManager, prices: number[]) => prices.map((price, i) => bars.ingest({ symbol: "X", timestamp: T0 + i * 1_000, price, size: 1 }));

  it("a gap to a new level is accepted at the third tick that agrees on it; the two before stay rejected", () => {
    const bars = new BarManager({ timeframes: ["1m"] });
    expect(feed(bars, [100, 101, 130, 131, 129.5, 130.5, 132])).toEqual([true, true, false, false, true, true, true]);
    expect(bars.stats().rejected.jump).toBe(2);
    expect(bars.stats().levelsAccepted).toBe(1);
    expect(col(bars.getBars("X", "1m"), "close")).toEqual([132]);
    expect(col(bars.getBars("X", "1m"), "high")).toEqual([132]);
  });

  it("lone bad prints, and prints that disagree with each other, stay rejected", () => {
    const bars = new BarManager({ timeframes: ["1m"] });
    // 1000 and 10 are single prints; 150, 60, 150 never agree three times in a row.
    expect(feed(bars, [100, 1000, 100, 10, 100, 150, 60, 150, 60, 150])).toEqual([true, false, true, false, true, false, false, false, false, false]);
    expect(bars.stats().levelsAccepted).toBe(0);
    expect(col(bars.getBars("X", "1m"), "high")).toEqual([100]);
  });

  it("an accepted tick at the old level in between starts the count again", () => {
    const bars = new BarManager({ timeframes: ["1m"] });
    expect(feed(bars, [100, 130, 130, 100, 130, 130, 130])).toEqual([true, false, false, true, false, false, true]);
  });

  it("Infinity never accepts a jump (every tick away from the old level is rejected)", () => {
    const bars = new BarManager({ timeframes: ["1m"], jumpConfirmTicks: Infinity });
    expect(feed(bars, [100, 130, 130, 130, 130, 130]).filter(Boolean)).toHaveLength(1);
    expect(bars.stats().rejected.jump).toBe(5);
  });

  it("agrees with a naive model of the rule on random price paths (property)", () => {
    /** The rule written plainly: which ticks are accepted. */
    const model = (prices: number[], dev: number, confirm: number) => {
      let last = 0;
      let run = 0;
      let anchor = 0;
      return prices.map((p) => {
        if (last > 0 && Math.abs(p - last) > dev * last) {
          if (run > 0 && Math.abs(p - anchor) <= dev * anchor) run++;
          else [run, anchor] = [1, p];
          if (run < confirm) return false;
        }
        [run, last] = [0, p];
        return true;
      });
    };
    const price = fc.oneof(fc.double({ min: 90, max: 110, noNaN: true }), fc.double({ min: 1, max: 1000, noNaN: true }), fc.constantFrom(150, 151, 152));
    fc.assert(
      fc.property(fc.array(price, { maxLength: 60 }), fc.constantFrom(0.05, 0.2, 0.5), fc.constantFrom(2, 3, 5, Infinity), (prices, dev, confirm) => {
        const bars = new BarManager({ timeframes: ["1m"], maxDeviation: dev, jumpConfirmTicks: confirm });
        expect(feed(bars, prices)).toEqual(model(prices, dev, confirm));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a count below 2, naming the option", () => {
    expect(() => new BarManager({ timeframes: ["1m"], jumpConfirmTicks: 1 })).toThrow(/jumpConfirmTicks.*an integer >= 2, or Infinity.*1/);
  });
});

describe("late ticks", () => {
  it("re-opens a closed bar within the grace window (update says so) and drops older ticks", () => {
    const bars = new BarManager({ timeframes: ["1s"], lateTickGraceMs: 2_000 });
    const closed: BarEvent[] = [];
    const updates: UpdateEvent[] = [];
    bars.on("bar", (e) => closed.push(e));
    bars.on("update", (e) => updates.push(e));
    bars.ingest({ symbol: "X", timestamp: T0 + 100, price: 10, size: 1 });
    bars.ingest({ symbol: "X", timestamp: T0 + 1_500, price: 11, size: 1 }); // closes [T0, T0+1s)
    expect(closed.map((e) => e.bar.close)).toEqual([10]);
    // 1.45 s older than the newest tick: within grace, re-opens the first bar; a new high and the close
    // by exchange time (T0+900 is later than T0+100).
    expect(bars.ingest({ symbol: "X", timestamp: T0 + 900, price: 12, size: 1 })).toBe(true);
    const last = updates[updates.length - 1];
    expect(last.reopened).toBe(true);
    expect(last.bar).toMatchObject({ timestamp: T0, open: 10, high: 12, close: 12, volume: 2, ticks: 2 });
    expect(closed).toHaveLength(1); // not emitted as closed again
    // 2.5 s older than the newest: dropped and counted
    expect(bars.ingest({ symbol: "X", timestamp: T0 + 1_500 - 2_500, price: 12, size: 1 })).toBe(false);
    expect(bars.stats().late).toEqual({ reopened: 1, dropped: 1, droppedFromSeries: 0 });
    expect(col(bars.getBars("X", "1s"), "volume")).toEqual([2, 1]);
  });

  it("makes a missing bar for a late tick in a quiet period and emits it once, flagged late", () => {
    const bars = new BarManager({ timeframes: ["1s"], lateTickGraceMs: 5_000 });
    const closed: BarEvent[] = [];
    bars.on("bar", (e) => closed.push(e));
    bars.ingest({ symbol: "X", timestamp: T0, price: 10, size: 1 });
    bars.ingest({ symbol: "X", timestamp: T0 + 3_000, price: 10, size: 1 });
    bars.ingest({ symbol: "X", timestamp: T0 + 1_200, price: 9, size: 1 });
    expect(col(bars.getBars("X", "1s"), "timestamp")).toEqual([T0, T0 + 1_000, T0 + 3_000]);
    expect(closed.map((e) => [e.bar.timestamp, e.late])).toEqual([
      [T0, false],
      [T0 + 1_000, true],
    ]);
  });
});

describe("listeners", () => {
  it("a throwing bar listener does not leave some timeframes updated and others not", () => {
    const bars = new BarManager({ timeframes: ["1s", "1m", "5t"] });
    bars.ingest({ symbol: "X", timestamp: T0, price: 10, size: 1 });
    bars.on("bar", () => {
      throw new Error("listener bug");
    });
    expect(() => bars.ingest({ symbol: "X", timestamp: T0 + 1_000, price: 11, size: 1 })).toThrow("listener bug");
    expect(col(bars.getBars("X", "1s"), "close")).toEqual([10, 11]);
    expect(col(bars.getBars("X", "1m"), "volume")).toEqual([2]);
    expect(col(bars.getBars("X", "5t"), "volume")).toEqual([2]);
  });
});

describe("ingestMany", () => {
  const ticks = Array.from({ length: 500 }, (_, i) => ({
    symbol: i % 3 ? "X" : "Y",
    timestamp: T0 + i * 997 - (i % 7 === 3 ? 1_500 : 0), // some late, within and beyond the grace window
    price: i % 50 === 49 ? -1 : 100 + Math.sin(i) * 5, // some invalid
    size: 1 + (i % 4),
  }));
  const state = (bars: BarManager) =>
    ["X", "Y"].flatMap((sym) => ["1s", "1m", "7t"].map((tf) => JSON.stringify(bars.getBars(sym, tf).objects())));

  it("is ingest for each tick, for arrays and other iterables: same bars, counts and events", () => {
    const one = new BarManager({ timeframes: ["1s", "1m", "7t"] });
    const events: string[][] = [[], [], []];
    one.on("bar", (e) => events[0].push(`${e.symbol} ${e.timeframe} ${e.bar.timestamp} ${e.bar.close} ${e.bar.volume}`));
    let accepted = 0;
    for (const t of ticks) if (one.ingest(t)) accepted++;
    const many = new BarManager({ timeframes: ["1s", "1m", "7t"] });
    many.on("bar", (e) => events[1].push(`${e.symbol} ${e.timeframe} ${e.bar.timestamp} ${e.bar.close} ${e.bar.volume}`));
    const iterable = new BarManager({ timeframes: ["1s", "1m", "7t"] });
    iterable.on("bar", (e) => events[2].push(`${e.symbol} ${e.timeframe} ${e.bar.timestamp} ${e.bar.close} ${e.bar.volume}`));
    expect(many.ingestMany(ticks)).toBe(accepted);
    expect(iterable.ingestMany(new Set(ticks))).toBe(accepted);
    expect(accepted).toBeLessThan(ticks.length);
    expect(state(many)).toEqual(state(one));
    expect(state(iterable)).toEqual(state(one));
    const timing = (s: ReturnType<BarManager["stats"]>) => ({ ...s, uptimeMs: 0, ticksPerSecond: 0, memoryBytes: 0, latencyMs: 0, timeframes: Object.fromEntries(Object.entries(s.timeframes).map(([k, v]) => [k, { ...v, memoryBytes: 0 }])) });
    expect(timing(many.stats())).toEqual(timing(one.stats()));
    expect(events[0].length).toBeGreaterThan(20);
    expect(events[1]).toEqual(events[0]);
    expect(events[2]).toEqual(events[0]);
  });

  it("stops where a listener closes the manager, and throws CLOSED when called after close", async () => {
    const bars = new BarManager({ timeframes: ["1s"] });
    let closing: Promise<void> | undefined;
    bars.on("bar", () => {
      closing ??= bars.close();
    });
    const n = bars.ingestMany(ticks.filter((t) => t.symbol === "X" && t.price > 0));
    expect(n, "the first tick of the second second closes a bar").toBeLessThan(5);
    await closing;
    expect(() => bars.ingestMany(ticks)).toThrow(/ingest after close/);
  });
});

describe("empty bars", () => {
  it("fills quiet periods with flagged flat bars at the previous close when asked", () => {
    const bars = new BarManager({ timeframes: ["1s"], emptyBars: true });
    const closed: BarEvent[] = [];
    bars.on("bar", (e) => closed.push(e));
    bars.ingest({ symbol: "X", timestamp: T0 + 10, price: 10, size: 1 });
    bars.ingest({ symbol: "X", timestamp: T0 + 3_500, price: 12, size: 1 });
    expect(closed.map((e) => [e.bar.timestamp, e.bar.close, e.bar.volume, e.empty])).toEqual([
      [T0, 10, 1, false],
      [T0 + 1_000, 10, 0, true],
      [T0 + 2_000, 10, 0, true],
    ]);
    expect(bars.stats().emptyBars).toBe(2);
  });

  it("leaves a gap longer than maxEmptyBars unfilled and counts it", () => {
    const bars = new BarManager({ timeframes: ["1s"], emptyBars: true, maxEmptyBars: 5 });
    bars.ingest({ symbol: "X", timestamp: T0, price: 10, size: 1 });
    bars.ingest({ symbol: "X", timestamp: T0 + 60_000, price: 10, size: 1 });
    expect(bars.getBars("X", "1s").numRows()).toBe(2);
    expect(bars.stats().emptyGapsSkipped).toBe(1);
  });
});

describe("tick-count and volume bars", () => {
  it("closes a bar every N ticks, and once volume reaches N", () => {
    const bars = new BarManager({ timeframes: ["3t", "10v"], maxDeviation: Infinity });
    const closed: BarEvent[] = [];
    bars.on("bar", (e) => closed.push(e));
    const sizes = [4, 4, 4, 1, 9, 2, 3];
    sizes.forEach((size, i) => bars.ingest({ symbol: "X", timestamp: T0 + i * 10, price: 100 + i, size }));
    expect(closed.filter((e) => e.timeframe === "3t").map((e) => [e.bar.open, e.bar.close, e.bar.ticks])).toEqual([
      [100, 102, 3],
      [103, 105, 3],
    ]);
    // 4+4+4 = 12 >= 10 closes the first; 1+9 = 10 the second; 2+3 still forming
    expect(closed.filter((e) => e.timeframe === "10v").map((e) => e.bar.volume)).toEqual([12, 10]);
    expect(col(bars.getBars("X", "10v"), "volume")).toEqual([12, 10, 5]);
  });
});

describe("bounded memory without a store", () => {
  it("keeps at most maxBarsInMemory bars per series and measures the buffers", () => {
    const bars = new BarManager({ timeframes: ["1s", "1m"], maxBarsInMemory: 50 });
    for (let i = 0; i < 5_000; i++) bars.ingest({ symbol: "X", timestamp: T0 + i * 500, price: 100, size: 1 });
    const s = bars.stats();
    expect(bars.getBars("X", "1s").numRows()).toBe(50);
    expect(s.barsInMemory).toBe(50 + 42);
    // 2 series x 50 slots x (10 float64 columns + 1 flag byte)
    expect(s.memoryBytes).toBe(2 * 50 * 81);
    expect(col(bars.getBars("X", "1s", { count: 1 }), "timestamp")).toEqual([T0 + 2_499_000]);
  });
});

describe("queries", () => {
  it("getBars filters by start/end (inclusive) and count; priceRange and volumeStats read memory", () => {
    const bars = new BarManager({ timeframes: ["1m"] });
    for (let i = 0; i < 10; i++) bars.ingest({ symbol: "X", timestamp: T0 + i * 60_000, price: 100 + i, size: i + 1 });
    const t = bars.getBars("X", "1m", { start: T0 + 2 * 60_000, end: new Date(T0 + 6 * 60_000), count: 3 });
    expect(col(t, "close")).toEqual([104, 105, 106]);
    expect(bars.priceRange("X", "1m", 3)).toEqual({ high: 109, low: 107, range: 2, bars: 3 });
    const v = bars.volumeStats("X", "1m", 4);
    expect(v).toMatchObject({ total: 7 + 8 + 9 + 10, current: 10, bars: 4 });
    expect(v.relative).toBeCloseTo(10 / 8);
    expect(bars.currentPrice("X")).toBe(109);
    expect(bars.currentPrice("nope")).toBeNaN();
    expect(bars.getBars("nope", "1m").numRows()).toBe(0);
  });

  it("names the problem for an unknown timeframe or a bad bound", () => {
    const bars = new BarManager({ timeframes: ["1m"] });
    expect(() => bars.getBars("X", "5m")).toThrow(/timeframe '5m' is not built; the manager builds '1m'/);
    expect(() => bars.getBars("X", "1m", { start: "yesterday" })).toThrow(/'start' must be a time/);
    expect(() => bars.getBars("X", "1m", { count: -1 })).toThrow(StreamError);
  });
});

describe("options", () => {
  it("rejects bad options with the option named and the value quoted", () => {
    expect(() => new BarManager({ timeframes: [] })).toThrow(/BarManager: 'timeframes' must be a non-empty array/);
    expect(() => new BarManager({ timeframes: ["1m", "1m"] })).toThrow(/free of duplicates \("1m" and "1m" are one timeframe\), got "1m"/);
    expect(() => new BarManager({ timeframes: ["1x"] })).toThrow(/timeframe "1x" is not a timeframe; use a count and a unit/);
    expect(() => new BarManager({ timeframes: ["0m"] })).toThrow(StreamError);
    expect(() => new BarManager({ timeframes: ["1m"], maxBarsInMemory: 1 })).toThrow(/'maxBarsInMemory' must be an integer >= 2, got 1/);
    expect(() => new BarManager({ timeframes: ["1m"], lateTickGraceMs: -1 })).toThrow(/'lateTickGraceMs'/);
    expect(() => new BarManager({ timeframes: ["2d"], calendar: "XNYS" })).toThrow(/'2d' with a calendar is not supported/);
    expect(() => new BarManager({ timeframes: ["1m"], calendar: "LSE" as never })).toThrow(/unknown calendar "LSE"/);
  });

  it("refuses ticks after close()", async () => {
    const bars = new BarManager({ timeframes: ["1m"] });
    await bars.close();
    expect(() => bars.ingest({ symbol: "X", timestamp: T0, price: 1 })).toThrow(/ingest after close/);
    expect(bars.health().status).toBe("closed");
  });
});

describe("maxSymbols", () => {
  it("holds at most 10,000 symbols by default; backfill beyond the cap throws SYMBOL_LIMIT", async () => {
    const bars = new BarManager({ timeframes: ["1m"], maxFutureMs: Infinity });
    const reasons: string[] = [];
    bars.on("reject", (e) => reasons.push(e.reason));
    for (let i = 0; i <= 10_000; i++) bars.ingest({ symbol: `S${i}`, timestamp: T0, price: 10, size: 1 });
    expect(bars.stats().symbols).toBe(10_000);
    expect(bars.stats().rejected.symbolLimit).toBe(1);
    expect(reasons).toEqual(["symbolLimit"]);
    expect(bars.ingest({ symbol: "S0", timestamp: T0 + 1, price: 10, size: 1 })).toBe(true);
    await bars.close();
    const { Arctic } = await import("../store");
    const arctic = await Arctic.open("mem://");
    try {
      const store = await arctic.getLibrary("bars", { createIfMissing: true });
      const small = new BarManager({ timeframes: ["1m"], store, maxSymbols: 1 });
      await small.backfill(["A"]);
      await expect(small.backfill(["B"])).rejects.toMatchObject({ code: "SYMBOL_LIMIT", symbol: "B" });
      expect(() => new BarManager({ timeframes: ["1m"], maxSymbols: 0 })).toThrow(/'maxSymbols' must be an integer >= 1, or Infinity, got 0/);
      await small.close();
    } finally {
      await arctic.close();
    }
  });
});

describe("heartbeat sanity (maxClockSkewMs)", () => {
  it("measures skew from the newest tick or accepted heartbeat, from the wall clock before either, and bounds by maxFutureMs", () => {
    let now = T0;
    const bars = new BarManager({ timeframes: ["1s"], maxClockSkewMs: 10_000, maxFutureMs: 30_000, now: () => now });
    expect(bars.heartbeat(T0 + 10_001)).toBe(0); // no tick: the wall clock is the reference
    expect(bars.heartbeat(T0 + 10_000)).toBe(0); // accepted (nothing to close)
    expect(bars.stats().heartbeats).toEqual({ accepted: 1, rejected: 1 });
    bars.ingest({ symbol: "X", timestamp: T0 + 10_000, price: 1 });
    // A quiet market: heartbeats walk forward from the last accepted one...
    expect(bars.heartbeat(T0 + 19_000)).toBe(1);
    expect(bars.heartbeat(T0 + 28_000)).toBe(0);
    // ...but never further than maxFutureMs ahead of the wall clock.
    expect(bars.heartbeat(T0 + 37_000)).toBe(0);
    expect(bars.stats().heartbeats).toEqual({ accepted: 3, rejected: 2 });
    now = T0 + 100_000;
    expect(bars.heartbeat(T0 + 37_000)).toBe(0);
    expect(bars.heartbeat(NaN)).toBe(0);
    expect(bars.heartbeat(T0)).toBe(0); // behind the clock: accepted, closes nothing
    expect(bars.stats().heartbeats).toEqual({ accepted: 5, rejected: 3 });
  });

  it("defaults to 5 minutes; Infinity turns the check off", () => {
    const bars = new BarManager({ timeframes: ["1s"], maxFutureMs: Infinity });
    bars.ingest({ symbol: "X", timestamp: T0, price: 1 });
    expect(bars.heartbeat(T0 + 300_001)).toBe(0);
    expect(bars.heartbeat(T0 + 300_000)).toBe(1);
    const open = new BarManager({ timeframes: ["1s"], maxFutureMs: Infinity, maxClockSkewMs: Infinity });
    open.ingest({ symbol: "X", timestamp: T0, price: 1 });
    expect(open.heartbeat(T0 + 365 * 86_400_000)).toBe(1);
    expect(() => new BarManager({ timeframes: ["1s"], maxClockSkewMs: -1 })).toThrow(/'maxClockSkewMs' must be a number >= 0/);
  });
});

describe("stats() rates, per-timeframe figures and the health score", () => {
  it("reports uptime, ticks per second, the error rate, per-timeframe memory and spill, and a score following its rule", async () => {
    const { Arctic } = await import("../store");
    const arctic = await Arctic.open("mem://");
    try {
      const store = await arctic.getLibrary("bars", { createIfMissing: true });
      let now = T0;
      const bars = new BarManager({ timeframes: ["1s", "1m"], store, now: () => now, maxFutureMs: Infinity, staleAfterMs: 60_000 });
      expect(bars.stats()).toMatchObject({ uptimeMs: 0, ticksPerSecond: 0, errorRate: 0, healthScore: 100 }); // idle
      for (let i = 0; i < 150; i++) bars.ingest({ symbol: i % 2 ? "A" : "B", timestamp: T0 + i * 1_000, price: 10 + (i % 3), size: 1 });
      bars.ingest({ symbol: "A", timestamp: T0, price: 10 }); // late, dropped
      bars.ingest({ symbol: "A", timestamp: T0 + 150_000, price: -1 }); // rejected
      now = T0 + 4_000;
      await bars.flush();
      const s = bars.stats();
      expect(s.uptimeMs).toBe(4_000);
      expect(s.ticksPerSecond).toBe(150 / 4);
      expect(s.errorRate).toBe(2 / 152);
      expect(s.healthScore).toBe(Math.round(100 * (1 - 2 / 152)));
      const tfs = Object.values(s.timeframes);
      expect(Object.keys(s.timeframes)).toEqual(["1s", "1m"]);
      expect(tfs.reduce((a, t) => a + t.memoryBytes, 0)).toBe(s.memoryBytes);
      expect(tfs.reduce((a, t) => a + t.barsInMemory, 0)).toBe(s.barsInMemory);
      expect(tfs.reduce((a, t) => a + t.barsWritten, 0)).toBe(s.spill.barsWritten);
      // Closed bars written: 1s, each symbol's bars but its forming one; 1m, minutes 0 and 1 of each symbol.
      expect(s.timeframes["1s"].barsWritten).toBe(150 - 2);
      expect(s.timeframes["1m"].barsWritten).toBe(4);
      now = T0 + 100_000; // no tick for 96 s: stale, score 0
      expect(bars.health().status).toBe("stale");
      expect(bars.stats().healthScore).toBe(0);
      await bars.close();
    } finally {
      await arctic.close();
    }
  });
});

describe("stats().latencyMs", () => {
  it("samples the ticks that emitted events, only while someone listens; the listeners' time is included", () => {
    const quiet = new BarManager({ timeframes: ["1s"], maxFutureMs: Infinity });
    for (let i = 0; i < 50; i++) quiet.ingest({ symbol: "X", timestamp: T0 + i * 500, price: 10 });
    expect(quiet.stats().latencyMs).toEqual({ p50: NaN, p99: NaN, samples: 0 });
    const bars = new BarManager({ timeframes: ["1s"], maxFutureMs: Infinity });
    let slow = 0;
    bars.on("bar", () => {
      if (slow++ % 4 !== 0) return;
      const until = performance.now() + 5; // a listener that takes at least 5 ms on every 4th bar
      while (performance.now() < until);
    });
    for (let i = 0; i < 50; i++) bars.ingest({ symbol: "X", timestamp: T0 + i * 500, price: 10 });
    const l = bars.stats().latencyMs;
    // One sample per tick that opened a bar (25 bars of 2 ticks); 24 of them closed the bar before.
    expect(l.samples).toBe(25);
    expect(bars.stats().barsEmitted).toBe(24);
    expect(l.p50).toBeLessThanOrEqual(l.p99);
    expect(l.p99).toBeGreaterThanOrEqual(5); // the slow listener's time is in the latency
  });
});
