import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binanceProvider, ProviderError } from "../../lib/data/providers";
import { TimestampArray } from "../../lib/frame";
import { barTimes, FakeProviders, HOUR, MINUTE, recordingSleep, referenceBar } from "./fakeProviders";
import { useFakeProviders } from "./useFakeProviders";

const T0 = Date.UTC(2024, 0, 1);

let fake: FakeProviders;
useFakeProviders((f) => (fake = f), { BTCUSDT: { from: T0, to: T0 + 30 * 86_400_000 } });

function binance(extra: Parameters<typeof binanceProvider>[0] = {}) {
  const { sleep, waits } = recordingSleep();
  return { provider: binanceProvider({ baseUrl: fake.url, sleep, random: () => 0.5, env: {}, ...extra }), waits };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "the call should have failed").toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("binance klines adapter", () => {
  it("pages forward through [start, end) with startTime right after the last bar received", async () => {
    const { provider } = binance();
    const start = T0 + 7 * MINUTE;
    const end = start + 2500 * MINUTE;
    const table = await provider.fetchBars("BTCUSDT", { interval: "1m", start, end });
    expect(table.numRows()).toBe(2500);
    const sent = fake.requestsTo("/api/v3/klines").map((r) => r.query);
    // 1000 + 1000 + 500: the short third page ends the range.
    expect(sent.map((q) => Number(q.startTime))).toEqual([start, start + 1000 * MINUTE - MINUTE + 1, start + 2000 * MINUTE - MINUTE + 1]);
    expect(sent.every((q) => q.endTime === String(end - 1) && q.limit === "1000" && q.interval === "1m" && q.symbol === "BTCUSDT")).toBe(true);
    const ts = Array.from(table.array("timestamp") as Float64Array);
    expect(ts[0]).toBe(start);
    expect(ts[2499]).toBe(end - MINUTE);
    const i = 1234;
    const expected = referenceBar(ts[i]);
    expect([table.get("open", i), table.get("high", i), table.get("low", i), table.get("close", i), table.get("volume", i)]).toEqual([
      expected.open,
      expected.high,
      expected.low,
      expected.close,
      expected.volume,
    ]);
    expect(table.column("open")).toBeInstanceOf(Float64Array);
    expect(table.column("timestamp")).toBeInstanceOf(TimestampArray);
  });

  it("returns exactly the listed bars of any range, each once, sorted (property)", async () => {
    const { provider } = binance({ limit: 7 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -30, max: 200 }), fc.integer({ min: 0, max: 120 }), async (offset, minutes) => {
        const start = T0 + offset * MINUTE + 13_000; // not on a bar boundary
        const end = start + minutes * MINUTE;
        const table = await provider.fetchBars("BTCUSDT", { interval: "1m", start, end });
        const expected = barTimes({ from: T0, to: T0 + 30 * 86_400_000 }, MINUTE, start, end - 1);
        expect(Array.from(table.array("timestamp") as Float64Array)).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it("turns a documented error body into REQUEST_REJECTED without retrying", async () => {
    const { provider } = binance();
    const error = await rejection(provider.fetchBars("NOPEUSDT", { interval: "1h", start: T0, end: T0 + 10 * HOUR }));
    expect(error.code).toBe("REQUEST_REJECTED");
    expect(error.status).toBe(400);
    expect(error.message).toContain("Invalid symbol.");
    expect(error.attempts).toBe(1);
    expect(fake.requests).toHaveLength(1);
  });

  it("waits the Retry-After of a 429 and counts the backoff", async () => {
    const { provider, waits } = binance();
    fake.failNext("/api/v3/klines", { status: 429, headers: { "Retry-After": "3" }, body: '{"code":-1003,"msg":"Too many requests."}' }, 2);
    const table = await provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR });
    expect(table.numRows()).toBe(5);
    expect(waits).toEqual([3000, 3000]);
    expect(provider.transport.stats).toMatchObject({ requests: 3, retries: 2, backoffMs: 6000 });
  });

  it("gives up on a 418 ban at once (BANNED, Retry-After reported)", async () => {
    const { provider, waits } = binance();
    fake.failNext("/api/v3/klines", { status: 418, headers: { "Retry-After": "120" }, body: '{"code":-1003,"msg":"Way too much request weight used; IP banned"}' });
    const error = await rejection(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR }));
    expect([error.code, error.status, error.retryAfterMs, error.attempts]).toEqual(["BANNED", 418, 120_000, 1]);
    expect(waits).toEqual([]);
  });

  it("retries 5xx with full-jitter exponential backoff, then succeeds", async () => {
    const { provider, waits } = binance({ retry: { baseDelayMs: 100 } });
    fake.failNext("/api/v3/klines", { status: 502, body: "<html>Bad Gateway</html>" }, 3);
    const table = await provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR });
    expect(table.numRows()).toBe(5);
    // random() = 0.5 of caps 100, 200, 400 (doubling from baseDelayMs).
    expect(waits).toEqual([50, 100, 200]);
  });

  it("fails with the last 5xx after maxAttempts, naming the attempts", async () => {
    const { provider } = binance({ retry: { maxAttempts: 2 } });
    fake.failNext("/api/v3/klines", { status: 503, body: '{"code":-1001,"msg":"Internal error"}' }, 2);
    const error = await rejection(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR }));
    expect([error.code, error.status, error.attempts]).toEqual(["SERVER_ERROR", 503, 2]);
    expect(error.message).toContain("Internal error");
  });

  it("reports malformed bodies clearly: not JSON, not an array, a non-numeric price", async () => {
    const { provider } = binance();
    fake.failNext("/api/v3/klines", { status: 200, body: "<html>maintenance</html>" });
    let error = await rejection(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR }));
    expect(error.code).toBe("MALFORMED");
    expect(error.message).toMatch(/not JSON.*maintenance/);
    fake.failNext("/api/v3/klines", { status: 200, body: '{"data":[]}' });
    error = await rejection(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR }));
    expect(error.message).toContain("not an array");
    fake.failNext("/api/v3/klines", { status: 200, body: JSON.stringify([[T0, "1.0", "abc", "0.5", "1.0", "3", T0 + HOUR - 1]]) });
    error = await rejection(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 5 * HOUR }));
    expect(error.message).toBe(`binance: BTCUSDT row 0 field 'high' is not a number: "abc"`);
    expect(error.attempts).toBe(1);
  });

  it("times out a request that gets no answer, and retries it", async () => {
    const { provider } = binance({ timeoutMs: 200 });
    fake.failNext("/api/v3/klines", "hang");
    const table = await provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 3 * HOUR });
    expect(table.numRows()).toBe(3);
    expect(provider.transport.stats.retries).toBe(1);
    fake.failNext("/api/v3/klines", "hang", 2);
    const error = await rejection(binance({ timeoutMs: 100, retry: { maxAttempts: 2 } }).provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 3 * HOUR }));
    expect([error.code, error.attempts]).toEqual(["TIMEOUT", 2]);
  });

  it("sends BINANCE_API_KEY as X-MBX-APIKEY and never puts it in errors", async () => {
    const key = "k3y-SECRET-0123456789";
    const { provider } = binance({ env: { BINANCE_API_KEY: key }, retry: { maxAttempts: 1 } });
    await provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 2 * HOUR });
    expect(fake.requests[0].headers["x-mbx-apikey"]).toBe(key);
    expect(fake.requests[0].path + JSON.stringify(fake.requests[0].query)).not.toContain(key);
    fake.failNext("/api/v3/klines", { status: 500, body: "oops" });
    const error = await rejection(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 2 * HOUR }));
    expect(JSON.stringify({ message: error.message, url: error.url, stack: error.stack })).not.toContain(key);
  });

  it("lowers its token bucket to the weight Binance says is left (X-MBX-USED-WEIGHT-1M)", async () => {
    let clock = T0 + 90 * 86_400_000;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      clock += ms;
    };
    const provider = binanceProvider({ baseUrl: fake.url, env: {}, sleep, now: () => clock, limit: 10 });
    fake.binanceUsedWeight = 5999; // other processes on this IP used nearly all of this minute's 6000
    await provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, end: T0 + 25 * HOUR });
    // Three pages of weight 2 at 100 tokens per second. Page 1 comes from the full bucket; its answer leaves
    // 1 token, so page 2 waits 10 ms for the second; page 2 spends both and its answer cannot raise the
    // bucket above 0, so page 3 waits 20 ms.
    expect(fake.requestsTo("/api/v3/klines")).toHaveLength(3);
    expect(waits).toEqual([10, 20]);
  });

  it("keeps only closed bars: the bar still open at `now` is left out", async () => {
    const now = T0 + 5 * HOUR + 20 * MINUTE;
    const { provider } = binance({ now: () => now });
    const table = await provider.fetchBars("BTCUSDT", { interval: "1h", start: T0 });
    expect(Array.from(table.array("timestamp") as Float64Array)).toEqual([0, 1, 2, 3, 4].map((h) => T0 + h * HOUR));
    const open = await provider.fetchBars("BTCUSDT", { interval: "1h", start: T0, closedOnly: false });
    expect(open.numRows()).toBe(6);
  });

  it("rejects bad options with INVALID_OPTIONS before sending anything", async () => {
    const { provider } = binance();
    await expect(provider.fetchBars("BTCUSDT", { interval: "7m", start: T0, end: T0 + HOUR })).rejects.toThrow("binance: 'interval' must be one of 1m, 3m");
    await expect(provider.fetchBars("BTCUSDT", { interval: "1h", start: "yesterday", end: T0 })).rejects.toThrow(`binance: 'start' must be a Date`);
    await expect(provider.fetchBars("BTCUSDT", { interval: "1h", start: T0 + HOUR, end: T0 })).rejects.toThrow("is after 'end'");
    expect(() => binanceProvider({ limit: 1001 })).toThrow("binance: 'limit' must be an integer in 1..1000, got 1001");
    expect(fake.requests).toHaveLength(0);
  });
});
