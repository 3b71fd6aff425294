import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BarManager, reconnectDelay, binanceAdapter, binanceKlineAdapter, bybitAdapter, intradayShape, jsonAdapter, syntheticTicks } from ".";
import type { Tick } from ".";

describe("reconnectDelay", () => {
  it("grows by the factor up to the cap, with the jitter taking at most its fraction off (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1_000, max: 60_000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, initialDelayMs, maxDelayMs, factor, jitter, r) => {
          const full = Math.min(maxDelayMs, initialDelayMs * factor ** (attempt - 1));
          const d = reconnectDelay(attempt, { initialDelayMs, maxDelayMs, factor, jitter }, () => r);
          expect(d).toBeGreaterThanOrEqual(full * (1 - jitter) - 1e-9);
          expect(d).toBeLessThanOrEqual(full + 1e-9);
        },
      ),
    );
    expect(reconnectDelay(3, { initialDelayMs: 100, jitter: 0 })).toBe(400);
    expect(reconnectDelay(30, { initialDelayMs: 100, maxDelayMs: 5_000, jitter: 0 })).toBe(5_000);
  });
});

describe("syntheticTicks", () => {
  it("is reproducible from its seed, in time order inside each pulled interval, prices positive", () => {
    const pulls = [1_000, 1_250, 2_000, 2_010, 5_000].map((t) => Date.UTC(2024, 0, 1, 12) + t);
    const run = (seed: number) => {
      const src = syntheticTicks({ seed, symbols: ["A", "B"], ticksPerSecond: 100 });
      const batches: Tick[][] = [];
      for (const t of pulls) {
        const out: Tick[] = [];
        src.pull(t, out);
        batches.push(out);
      }
      return batches;
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
    for (let i = 1; i < pulls.length; i++) {
      const ts = a[i].map((t) => t.timestamp as number);
      expect([...ts].sort((x, y) => x - y)).toEqual(ts);
      for (const t of ts) {
        expect(t).toBeGreaterThanOrEqual(pulls[i - 1]);
        expect(t).toBeLessThanOrEqual(pulls[i]);
      }
    }
    const all = a.flat();
    expect(all.every((t) => t.price > 0 && (t.size ?? 0) >= 0)).toBe(true);
    // 4 s at 100/s per symbol, scaled by the activity at 12:00 UTC: 0.6 + 1.6 * 0 = 0.6
    expect(intradayShape(Date.UTC(2024, 0, 1, 12))).toBeCloseTo(0.6);
    expect(all.length).toBeGreaterThanOrEqual(2 * 4 * 100 * 0.6 - 2);
    expect(all.length).toBeLessThanOrEqual(2 * 4 * 100 * 0.6 + 2);
  });
});

describe("adapters", () => {
  const collect = (adapter: typeof jsonAdapter, text: string) => {
    const ticks: Tick[] = [];
    const beats: number[] = [];
    const ok = adapter.parse(text, { tick: (t) => ticks.push(t), ticks: (list) => ticks.push(...list), heartbeat: (t) => beats.push(t), end: () => beats.push(-1), error: (m) => beats.push(m.length) });
    return { ok, ticks, beats };
  };

  it("json: trade, trades, heartbeat and end; anything else is a bad message", () => {
    expect(collect(jsonAdapter, '{"type":"trade","symbol":"A","timestamp":5,"price":1,"size":2}').ticks).toEqual([{ type: "trade", symbol: "A", timestamp: 5, price: 1, size: 2 }]);
    expect(collect(jsonAdapter, '{"type":"trades","trades":[{"symbol":"A","timestamp":5,"price":1,"size":2},{"symbol":"B","timestamp":6,"price":3,"size":4}]}').ticks).toHaveLength(2);
    expect(collect(jsonAdapter, '{"type":"heartbeat","timestamp":9}').beats).toEqual([9]);
    expect(collect(jsonAdapter, '{"type":"end"}').beats).toEqual([-1]);
    for (const bad of ["nope", "null", '{"type":"quote"}', '{"type":"trades","trades":1}', '{"type":"heartbeat"}']) expect(collect(jsonAdapter, bad).ok, bad).toBe(false);
    expect(jsonAdapter.subscribe(["A"])).toEqual(['{"type":"subscribe","symbols":["A"]}']);
  });

  it("binance: the trade time T is the exchange time, decimal strings become numbers", () => {
    const r = collect(binanceAdapter, '{"e":"trade","E":1700000000100,"s":"ETHUSDT","t":7,"p":"2000.50","q":"1.25","T":1700000000000,"m":true}');
    expect(r.ticks).toEqual([{ symbol: "ETHUSDT", timestamp: 1700000000000, price: 2000.5, size: 1.25 }]);
    expect(r.beats).toEqual([1700000000100]);
    expect(binanceAdapter.subscribe([])).toEqual([]);
  });

  it("binance, binance klines and bybit: what they do not understand is a bad message, never an exception", () => {
    const kline = binanceKlineAdapter("1m");
    for (const adapter of [binanceAdapter, kline, bybitAdapter]) {
      for (const bad of ["nope", "null", "7", '{"e":"quote"}', '{"topic":"orderbook.50.BTCUSDT","data":{}}']) expect(collect(adapter, bad).ok, `${adapter.name}: ${bad}`).toBe(false);
    }
    expect(collect(kline, '{"e":"kline","E":5,"s":"X","k":null}').ok).toBe(false);
    expect(collect(kline, '{"e":"kline","E":5,"s":"X","k":{"t":"0"}}').ok).toBe(false);
    expect(collect(bybitAdapter, '{"topic":"publicTrade.X","data":{"T":1}}').ok).toBe(false);
    // An error frame is understood (reported through sink.error), not a bad message.
    const errors: number[] = [];
    expect(binanceAdapter.parse('{"error":{"code":3,"msg":"Invalid JSON"},"id":null}', { tick() {}, ticks() {}, heartbeat() {}, end() {}, error: (m) => errors.push(m.length) })).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it("binance klines: an update of an older kline than the newest adds nothing; a new kline opens at its start", () => {
    const kline = binanceKlineAdapter("1m");
    const msg = (t: number, E: number, o: string, h: string, l: string, c: string, v: string) => JSON.stringify({ e: "kline", E, s: "X", k: { t, T: t + 59_999, o, h, l, c, v, x: false } });
    expect(collect(kline, msg(60_000, 61_000, "10", "12", "9", "11", "3")).ticks).toEqual([
      { symbol: "X", timestamp: 60_000, price: 10, size: 0 },
      { symbol: "X", timestamp: 61_000, price: 12, size: 0 },
      { symbol: "X", timestamp: 61_000, price: 9, size: 0 },
      { symbol: "X", timestamp: 61_000, price: 11, size: 3 },
    ]);
    // Same kline, only the close and volume moved: one tick with the volume since the last update.
    expect(collect(kline, msg(60_000, 62_000, "10", "12", "9", "11.5", "4.5")).ticks).toEqual([{ symbol: "X", timestamp: 62_000, price: 11.5, size: 1.5 }]);
    expect(collect(kline, msg(0, 62_500, "1", "1", "1", "1", "1")).ticks).toEqual([]);
    // The event time is kept inside the kline.
    expect(collect(kline, msg(60_000, 200_000, "10", "12", "9", "11", "4.5")).ticks).toEqual([{ symbol: "X", timestamp: 119_999, price: 11, size: 0 }]);
  });
});

describe("health without a feed", () => {
  it("goes idle -> ok -> stale on the wall clock it is given", () => {
    let now = 1_000_000;
    const bars = new BarManager({ timeframes: ["1m"], staleAfterMs: 5_000, now: () => now, maxFutureMs: Infinity });
    expect(bars.health().status).toBe("idle");
    bars.ingest({ symbol: "X", timestamp: 1, price: 1 });
    now += 5_000;
    expect(bars.health()).toMatchObject({ status: "ok", silentForMs: 5_000, lastTickTimestamp: 1 });
    now += 1;
    expect(bars.health().status).toBe("stale");
  });
});
