import { describe, expect, it } from "vitest";
import { binanceProvider, bybitProvider, collect, ProviderOptionsByName } from "../../lib/data/providers";
import { Library } from "../../lib/store";
import { useMemoryLibrary } from "../../lib/store/testing";
import { barTimes, FakeProviders, HOUR, recordingSleep, referenceBar } from "./fakeProviders";
import { useFakeProviders } from "./useFakeProviders";

const T0 = Date.UTC(2024, 0, 1);

let fake: FakeProviders;
let lib: Library;
useMemoryLibrary((store) => ({ lib } = store), { name: "crypto" });
useFakeProviders((f) => (fake = f));

const stamps = (t: { column(name: string): unknown }) => Array.from(t.column("timestamp") as Float64Array);

function providerOptions(waits: number[] = []): ProviderOptionsByName {
  const sleep = async (ms: number) => void waits.push(ms);
  const common = { baseUrl: fake.url, sleep, random: () => 0.5, retry: { maxAttempts: 2 } };
  return { binance: { ...common, env: {} }, bybit: common, yahoo: common };
}

describe("collect with backfill", () => {
  it("fetches backwards to start in pages, each page a version, with retries and failover as forward runs", async () => {
    const listing = { from: T0, to: T0 + 130 * HOUR };
    fake.listings.set("BTCUSDT", listing);
    await collect(lib, "BTCUSDT", { interval: "1h", start: T0 + 100 * HOUR, end: T0 + 120 * HOUR, providerOptions: providerOptions() });
    const waits: number[] = [];
    // Page 2 meets a 503 (retried), page 3 a Binance outage (Bybit serves it).
    const before = fake.requestsTo("/api/v3/klines").length;
    const result = await (async () => {
      let page = 0;
      const binance = binanceProvider({ ...providerOptions(waits).binance });
      const original = binance.fetchBars.bind(binance);
      binance.fetchBars = async (symbol, options) => {
        page++;
        if (page === 2) fake.failNext("/api/v3/klines", { status: 503, body: "busy" });
        if (page === 3) fake.failNext("/api/v3/klines", { status: 502, body: "down" }, 2);
        return original(symbol, options);
      };
      return collect(lib, "BTCUSDT", { providers: [binance, bybitProvider(providerOptions(waits).bybit)], interval: "1h", start: T0, end: T0 + 130 * HOUR, backfill: true, pageBars: 30 });
    })();
    expect(result.backfill.map((p) => [p.start.getTime() - T0, p.end.getTime() - T0].map((ms) => ms / HOUR))).toEqual([[70, 100], [40, 70], [10, 40], [0, 10]]);
    expect(result.backfill.map((p) => [p.source, p.rows, p.version])).toEqual([["binance", 30, 1], ["binance", 30, 2], ["bybit", 30, 3], ["binance", 10, 4]]);
    expect(result.backfill[2].failures.map((e) => [e.provider, e.code, e.attempts])).toEqual([["binance", "SERVER_ERROR", 2]]);
    expect(waits.length, "the 503 and the 502 were retried after a backoff").toBeGreaterThanOrEqual(2);
    expect([result.action, result.rows, result.version], "then the forward run").toEqual(["append", 10, 5]);
    expect(fake.requestsTo("/api/v3/klines").length - before).toBeGreaterThanOrEqual(5);

    const stored = (await lib.read("BTCUSDT")).data;
    expect(stamps(stored), "every hour of [T0, T0+130h) once").toEqual(barTimes(listing, HOUR, T0, T0 + 130 * HOUR - 1));
    expect(stored.get("close", 55)).toBe(referenceBar(T0 + 55 * HOUR).close);
    expect((await lib.readMetadata("BTCUSDT", { asOf: 3 })).metadata).toMatchObject({ source: "bybit", backfill: true, rows: 30 });
    expect(stamps((await lib.read("BTCUSDT", { asOf: 1 })).data)[0], "version 1 holds the first page only").toBe(T0 + 70 * HOUR);

    // Nothing left to backfill: a second run makes no page.
    const again = await collect(lib, "BTCUSDT", { interval: "1h", start: T0, end: T0 + 130 * HOUR, backfill: true, providerOptions: providerOptions() });
    expect(again.backfill).toEqual([]);
  });

  it("stores nothing for an empty page (before the listing) and goes on to start", async () => {
    fake.listings.set("ETHUSDT", { from: T0 + 50 * HOUR, to: T0 + 100 * HOUR });
    await collect(lib, "ETHUSDT", { interval: "1h", start: T0 + 90 * HOUR, end: T0 + 100 * HOUR, providerOptions: providerOptions() });
    const result = await collect(lib, "ETHUSDT", { interval: "1h", start: T0, end: T0 + 100 * HOUR, backfill: true, pageBars: 40, providerOptions: providerOptions() });
    expect(result.backfill.map((p) => [p.rows, p.version])).toEqual([[40, 1], [0, null], [0, null]]);
    expect(stamps((await lib.read("ETHUSDT")).data)[0]).toBe(T0 + 50 * HOUR);
  });

  it("checks its options", async () => {
    fake.listings.set("BTCUSDT", { from: T0, to: T0 + 10 * HOUR });
    await expect(collect(lib, "BTCUSDT", { interval: "1h", backfill: true, providerOptions: providerOptions() })).rejects.toThrow("collect: 'backfill' needs 'start'");
    await expect(collect(lib, "BTCUSDT", { interval: "1h", start: T0, backfill: true, incremental: false, providerOptions: providerOptions() })).rejects.toThrow("'backfill' needs 'incremental'");
    await expect(collect(lib, "BTCUSDT", { interval: "1h", start: T0, backfill: true, pageBars: 0, providerOptions: providerOptions() })).rejects.toThrow("'pageBars' must be a positive whole number, got 0");
  });
});
