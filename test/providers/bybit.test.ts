import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bybitProvider, ProviderError } from "../../lib/data/providers";
import { barTimes, FakeProviders, HOUR, MINUTE, recordingSleep, referenceBar } from "./fakeProviders";
import { useFakeProviders } from "./useFakeProviders";

const T0 = Date.UTC(2024, 0, 1);
const LISTING = { from: T0, to: T0 + 30 * 86_400_000 };

let fake: FakeProviders;
useFakeProviders((f) => (fake = f), { BTCUSDT: LISTING });

function bybit(extra: Parameters<typeof bybitProvider>[0] = {}) {
  const { sleep, waits } = recordingSleep();
  return { provider: bybitProvider({ baseUrl: fake.url, sleep, random: () => 0.5, ...extra }), waits };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "the call should have failed").toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("bybit kline adapter", () => {
  it("pages backwards from the end (the list is newest first) and returns the range sorted", async () => {
    const { provider } = bybit();
    const start = T0 + 3 * MINUTE;
    const end = start + 2300 * MINUTE;
    const table = await provider.fetchBars("BTCUSDT", { interval: "1m", start, end });
    expect(table.numRows()).toBe(2300);
    const sent = fake.requestsTo("/v5/market/kline").map((r) => r.query);
    // Newest 1000 up to end-1, then the 1000 before, then the 300 left (short page: done).
    expect(sent.map((q) => Number(q.end))).toEqual([end - 1, end - 1000 * MINUTE - 1, end - 2000 * MINUTE - 1]);
    expect(sent.every((q) => q.start === String(start) && q.limit === "1000" && q.interval === "1" && q.category === "linear")).toBe(true);
    const ts = Array.from(table.column("timestamp") as unknown as Float64Array);
    expect(ts).toEqual(barTimes(LISTING, MINUTE, start, end - 1));
    expect(table.get("close", 100)).toBe(referenceBar(ts[100]).close);
  });

  it("returns exactly the listed bars of any range, each once, sorted, paging backwards (property)", async () => {
    const { provider } = bybit({ limit: 6 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -20, max: 100 }), fc.integer({ min: 0, max: 80 }), async (offset, minutes) => {
        const start = T0 + offset * MINUTE - 7_000; // not on a bar boundary
        const end = start + minutes * MINUTE;
        const table = await provider.fetchBars("BTCUSDT", { interval: "1m", start, end });
        expect(Array.from(table.column("timestamp") as unknown as Float64Array)).toEqual(barTimes(LISTING, MINUTE, start, end - 1));
      }),
      { numRuns: 40 },
    );
  });

  it("maps intervals to Bybit's names and refuses one Bybit lacks", async () => {
    const { provider } = bybit();
    await provider.fetchBars("BTCUSDT", { interval: "4h", start: T0, end: T0 + 24 * HOUR });
    await provider.fetchBars("BTCUSDT", { interval: "1d", start: T0, end: T0 + 3 * 86_400_000 });
    expect(fake.requests.map((r) => r.query.interval)).toEqual(["240", "D"]);
    await expect(provider.fetchBars("BTCUSDT", { interval: "8h", start: T0, end: T0 + 24 * HOUR })).rejects.toThrow("bybit: has no '8h' bars");
  });

  it("retries retCode 10006 (rate limit) after X-Bapi-Limit-Reset-Timestamp", async () => {
    const now = T0 + 40 * 86_400_000;
    const { provider, waits } = bybit({ now: () => now });
    fake.failNext("/v5/market/kline", { status: 200, headers: { "X-Bapi-Limit-Reset-Timestamp": String(now + 1500) }, body: JSON.stringify({ retCode: 10006, retMsg: "Too many visits!", result: {}, retExtInfo: {}, time: now }) });
    const table = await provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR });
    expect(table.numRows()).toBe(5);
    expect(waits).toEqual([1500]);
    expect(provider.transport.stats.retries).toBe(1);
  });

  it("turns other retCodes into REQUEST_REJECTED with Bybit's message, not retried", async () => {
    const { provider } = bybit();
    const error = await rejection(provider.fetchBars("NOPEUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR }));
    expect([error.code, error.attempts]).toEqual(["REQUEST_REJECTED", 1]);
    expect(error.message).toContain("retCode 10001 (params error: symbol invalid)");
  });

  it("treats HTTP 403 as a ban and a missing result.list as malformed", async () => {
    const { provider } = bybit();
    fake.failNext("/v5/market/kline", { status: 403, body: "access too frequent" });
    expect((await rejection(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR }))).code).toBe("BANNED");
    fake.failNext("/v5/market/kline", { status: 200, body: JSON.stringify({ retCode: 0, retMsg: "OK", result: {} }) });
    const error = await rejection(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR }));
    expect(error.code).toBe("MALFORMED");
    expect(error.message).toContain("no array 'result.list'");
    fake.failNext("/v5/market/kline", { status: 200, body: JSON.stringify({ result: { list: [] } }) });
    expect((await rejection(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR }))).message).toContain("no numeric 'retCode'");
  });

  it("retries a reset connection (NETWORK) and recovers", async () => {
    const { provider } = bybit();
    fake.failNext("/v5/market/kline", "reset");
    const table = await provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR });
    expect(table.numRows()).toBe(5);
    expect(provider.transport.stats.retries).toBe(1);
  });
});
