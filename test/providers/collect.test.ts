import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binanceProvider, bybitProvider, collect, ProviderError, ProviderOptionsByName } from "../../lib/data/providers";
import { Library } from "../../lib/store";
import { useMemoryLibrary } from "../../lib/store/testing";
import { barTimes, FakeProviders, HOUR, recordingSleep, referenceBar } from "./fakeProviders";
import { useFakeProviders } from "./useFakeProviders";

const T0 = Date.UTC(2024, 0, 1);

let fake: FakeProviders;
let lib: Library;
useMemoryLibrary((store) => ({ lib } = store), { name: "crypto" });
useFakeProviders((f) => (fake = f));

function providerOptions(extra: { now?: () => number } = {}): ProviderOptionsByName {
  const { sleep } = recordingSleep();
  const common = { baseUrl: fake.url, sleep, random: () => 0.5, retry: { maxAttempts: 2 }, ...extra };
  return { binance: { ...common, env: {} }, bybit: common, yahoo: common };
}

const stamps = (t: { column(name: string): unknown }) => Array.from(t.column("timestamp") as Float64Array);

describe("collect", () => {
  it("collects incrementally over three runs with no duplicate and no gap, failing over on the third", async () => {
    const listing = { from: T0, to: T0 + 50 * HOUR };
    fake.listings.set("BTCUSDT", listing);
    const t1 = T0 + 50 * HOUR;
    const first = await collect(lib, "BTCUSDT", { interval: "1h", start: T0, end: t1, providerOptions: providerOptions() });
    expect([first.action, first.version, first.rows, first.source]).toEqual(["write", 0, 50, "binance"]);

    // Time moves on: 37 more hours are listed, and the run ends 20 minutes into the hour after them.
    listing.to = T0 + 87 * HOUR;
    const t2 = T0 + 87 * HOUR + 20 * 60_000;
    const second = await collect(lib, "BTCUSDT", { interval: "1h", end: t2, providerOptions: providerOptions({ now: () => t2 }) });
    expect([second.action, second.version, second.rows]).toEqual(["append", 1, 37]);
    expect(Number(fake.requestsTo("/api/v3/klines").at(-1)?.query.startTime), "the second run starts right after the stored last bar").toBe(T0 + 49 * HOUR + 1);

    // The third run: Binance is down (502 on every attempt), Bybit serves.
    listing.to = T0 + 120 * HOUR;
    fake.failNext("/api/v3/klines", { status: 502, body: "Bad Gateway" }, 2);
    const t3 = T0 + 120 * HOUR;
    const third = await collect(lib, "BTCUSDT", { interval: "1h", end: t3, providerOptions: providerOptions() });
    expect([third.action, third.version, third.rows, third.source]).toEqual(["append", 2, 33, "bybit"]);
    expect(third.failures.map((e) => [e.provider, e.code, e.status, e.attempts])).toEqual([["binance", "SERVER_ERROR", 502, 2]]);

    const stored = (await lib.read("BTCUSDT")).data;
    expect(stamps(stored), "every hour of [T0, T0+120h) exactly once").toEqual(barTimes(listing, HOUR, T0, t3 - 1));
    expect(stored.get("close", 100)).toBe(referenceBar(T0 + 100 * HOUR).close);

    const versions = await Promise.all([0, 1, 2].map((v) => lib.readMetadata("BTCUSDT", { asOf: v })));
    expect(versions.map((v) => (v.metadata as { source: string }).source)).toEqual(["binance", "binance", "bybit"]);
    expect(versions[2].metadata).toMatchObject({ interval: "1h", rows: 33, start: new Date(T0 + 86 * HOUR + 1).toISOString(), failedOver: [{ provider: "binance", code: "SERVER_ERROR", status: 502 }] });
    expect(Date.parse((versions[2].metadata as { fetchedAt: string }).fetchedAt)).not.toBeNaN();

    // A fourth run with nothing new stores nothing.
    const fourth = await collect(lib, "BTCUSDT", { interval: "1h", end: t3, providerOptions: providerOptions() });
    expect([fourth.action, fourth.version, fourth.rows]).toEqual(["none", null, 0]);
    expect((await lib.listVersions("BTCUSDT")).length).toBe(3);
  });

  it("stores every closed bar exactly once whatever the run times and failovers, never a bar still open (property)", async () => {
    let case_ = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ hours: fc.integer({ min: 0, max: 30 }), minutes: fc.integer({ min: 0, max: 59 }), binanceDown: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        async (runs) => {
          const symbol = `P${case_++}USDT`;
          const listing = { from: T0, to: T0 };
          fake.listings.set(symbol, listing);
          let clock = T0;
          for (const run of runs) {
            clock += run.hours * HOUR + run.minutes * 60_000;
            listing.to = Math.floor(clock / HOUR) * HOUR + HOUR; // like the real APIs, the bar still open is served too
            if (run.binanceDown) fake.failNext("/api/v3/klines", { status: 503, body: "down" }, 2);
            const now = clock;
            await collect(lib, symbol, { interval: "1h", start: T0, end: now, providerOptions: providerOptions({ now: () => now }) });
          }
          const expected = barTimes(listing, HOUR, T0, clock - HOUR); // the bars closed by the last run
          const stored = (await lib.hasSymbol(symbol)) ? stamps((await lib.read(symbol)).data) : [];
          expect(stored).toEqual(expected);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("stores nothing and names every provider when all of them fail", async () => {
    fake.listings.set("ETHUSDT", { from: T0, to: T0 + 10 * HOUR });
    await collect(lib, "ETHUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR, providerOptions: providerOptions() });
    fake.failNext("/api/v3/klines", { status: 500, body: "{}" }, 2);
    fake.failNext("/v5/market/kline", { status: 200, body: "not json" });
    const error = (await collect(lib, "ETHUSDT", { interval: "1h", end: T0 + 10 * HOUR, providerOptions: providerOptions() }).catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe("ALL_PROVIDERS_FAILED");
    expect(error.failures.map((e) => [e.provider, e.code])).toEqual([["binance", "SERVER_ERROR"], ["bybit", "MALFORMED"]]);
    expect(error.message).toContain("binance: SERVER_ERROR (HTTP 500) after 2 attempt(s); bybit: MALFORMED");
    expect((await lib.listVersions("ETHUSDT")).map((v) => v.version)).toEqual([0]);
    expect(stamps((await lib.read("ETHUSDT")).data)).toEqual(barTimes({ from: T0, to: T0 + 10 * HOUR }, HOUR, T0, T0 + 5 * HOUR - 1));
  });

  it("skips a provider whose circuit is open without sending it a request", async () => {
    for (const symbol of ["S0", "S1", "S2"]) fake.listings.set(symbol, { from: T0, to: T0 + 100 * HOUR });
    const { sleep } = recordingSleep();
    const binance = binanceProvider({ baseUrl: fake.url, sleep, env: {}, retry: { maxAttempts: 1 }, circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    const bybit = bybitProvider({ baseUrl: fake.url, sleep });
    fake.failNext("/api/v3/klines", { status: 503, body: "down" }, 2);
    for (let run = 0; run < 2; run++) {
      await collect(lib, `S${run}`, { providers: [binance, bybit], interval: "1h", start: T0, end: T0 + 10 * HOUR });
    }
    expect(binance.transport.breaker.state).toBe("open");
    const before = fake.requestsTo("/api/v3/klines").length;
    const result = await collect(lib, "S2", { providers: [binance, bybit], interval: "1h", start: T0, end: T0 + 10 * HOUR });
    expect(result.source).toBe("bybit");
    expect(result.failures.map((e) => e.code)).toEqual(["CIRCUIT_OPEN"]);
    expect(fake.requestsTo("/api/v3/klines").length, "no request to an open circuit").toBe(before);
  });

  it("uses the symbol's class for the default providers and checks its options", async () => {
    fake.listings.set("AAPL", { from: T0, to: T0 + 30 * 86_400_000 });
    const result = await collect(lib, "AAPL", { interval: "1d", start: T0, end: T0 + 14 * 86_400_000, providerOptions: providerOptions() });
    expect([result.source, result.action]).toEqual(["yahoo", "write"]);
    expect(fake.requestsTo("/api/v3/klines")).toHaveLength(0);
    await expect(collect(lib, "NEWUSDT", { interval: "1h", providerOptions: providerOptions() })).rejects.toThrow("collect: NEWUSDT has no stored bars in 'crypto'; give 'start' for the first run");
    await expect(collect(lib, "AAPL", { interval: "1d", incremental: false, providerOptions: providerOptions() })).rejects.toThrow("collect: 'start' is required when 'incremental' is false (AAPL)");
    await expect(collect(lib, "BTCUSDT", { interval: "2m", start: T0, providerOptions: providerOptions() })).rejects.toThrow("collect: 'interval' must be one of");
    await expect(collect(lib, "BTCUSDT", { interval: "1h", start: T0, providers: ["kraken" as "binance"] })).rejects.toThrow("collect: unknown provider 'kraken'");
  });

  it("rewrites the whole range when not incremental", async () => {
    fake.listings.set("BTCUSDT", { from: T0, to: T0 + 100 * HOUR });
    await collect(lib, "BTCUSDT", { interval: "1h", start: T0, end: T0 + 10 * HOUR, providerOptions: providerOptions() });
    const full = await collect(lib, "BTCUSDT", { interval: "1h", start: T0 + 5 * HOUR, end: T0 + 20 * HOUR, incremental: false, providerOptions: providerOptions() });
    expect([full.action, full.version, full.rows]).toEqual(["write", 1, 15]);
    expect(stamps((await lib.read("BTCUSDT")).data)[0]).toBe(T0 + 5 * HOUR);
  });
});
