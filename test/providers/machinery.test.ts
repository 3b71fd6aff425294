import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { barsCsv, barsTable, CircuitBreaker, fullJitterDelay, paginate, parseRetryAfter, ProviderError, redactUrl, TokenBucket, withRetry } from "../../lib/data/providers";

/** A clock the test moves, and a sleep that moves it: waits take no real time and are recorded. */
function virtualTime(start = 0) {
  let now = start;
  const waits: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => void (now += ms),
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe("TokenBucket", () => {
  it("lets a burst of `capacity` through, then spaces requests at the refill rate", async () => {
    const clock = virtualTime();
    // Binance's documented limit: 6000 weight per minute = 100 per second; a klines call weighs 2.
    const bucket = new TokenBucket({ capacity: 6000, refillPerSecond: 100, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3000; i++) await bucket.take(2);
    expect(clock.waits).toEqual([]);
    await bucket.take(2);
    expect(clock.waits).toEqual([20]); // 2 tokens at 100/s
    expect(clock.now()).toBe(20);
  });

  it("never serves more than capacity + rate * elapsed tokens (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 10 }), async (weights, rate) => {
        const clock = virtualTime();
        const bucket = new TokenBucket({ capacity: 5, refillPerSecond: rate, now: clock.now, sleep: clock.sleep });
        let served = 0;
        for (const w of weights) {
          await bucket.take(w);
          served += w;
          expect(served).toBeLessThanOrEqual(5 + (rate * clock.now()) / 1000 + 1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("rejects a weight larger than the capacity and bad sizes", () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 1 });
    expect(() => bucket.take(4)).toThrow("TokenBucket: a weight of 4 exceeds the capacity 3");
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow("'capacity' and 'refillPerSecond' must be positive");
  });
});

describe("CircuitBreaker", () => {
  it("opens after N consecutive failures, half-opens after the cool-down, and closes on a good trial", () => {
    const clock = virtualTime(1000);
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 500, now: clock.now });
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess(); // not consecutive: the count restarts
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe("closed");
    breaker.recordFailure();
    expect([breaker.state, breaker.allowRequest(), breaker.retryInMs]).toEqual(["open", false, 500]);
    clock.advance(500);
    expect(breaker.state).toBe("half-open");
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.allowRequest(), "only one trial at a time").toBe(false);
    breaker.recordSuccess();
    expect([breaker.state, breaker.consecutiveFailures]).toEqual(["closed", 0]);
  });

  it("reopens for a whole cool-down when the half-open trial fails", () => {
    const clock = virtualTime();
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 100, now: clock.now });
    breaker.recordFailure();
    breaker.recordFailure();
    clock.advance(100);
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordFailure();
    expect([breaker.state, breaker.retryInMs]).toEqual(["open", 100]);
  });
});

describe("withRetry and fullJitterDelay", () => {
  const serverError = (retryAfterMs?: number) => new ProviderError("x: HTTP 503", { code: "SERVER_ERROR", provider: "x", status: 503, retryAfterMs });

  it("draws full-jitter delays uniformly below min(max, base * 2^(n-1)) (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const cap = Math.min(30_000, 500 * 2 ** (attempt - 1));
        const delay = fullJitterDelay(attempt, {}, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(cap);
        expect(delay).toBe(Math.floor(r * cap));
      }),
    );
  });

  it("honours Retry-After, and gives up when it is longer than maxRetryAfterMs", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw serverError(2500);
        return "ok";
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect([result, waits]).toEqual(["ok", [2500, 2500]]);
    const error = await withRetry(async () => Promise.reject(serverError(10 * 60_000)), { sleep: async () => undefined }).catch((e: ProviderError) => e);
    expect([error.code, error.attempts]).toEqual(["SERVER_ERROR", 1]);
  });

  it("does not retry a non-retryable error nor a foreign one", async () => {
    let calls = 0;
    const rejected = new ProviderError("bad symbol", { code: "REQUEST_REJECTED", provider: "x", status: 400 });
    await expect(withRetry(async () => ((calls++, Promise.reject(rejected))), { sleep: async () => undefined })).rejects.toBe(rejected);
    await expect(withRetry(async () => ((calls++, Promise.reject(new TypeError("bug")))), { sleep: async () => undefined })).rejects.toThrow("bug");
    expect(calls).toBe(2);
  });
});

describe("parseRetryAfter and redactUrl", () => {
  it("reads delta-seconds and HTTP dates (RFC 9110 10.2.3)", () => {
    const now = Date.UTC(2024, 0, 1, 12, 0, 0);
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Mon, 01 Jan 2024 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("removes credentials from URLs and keeps the rest", () => {
    expect(redactUrl("https://u:p@x.test/a?symbol=BTC&apiKey=abc&signature=s1&limit=5")).toBe("https://REDACTED@x.test/a?symbol=BTC&apiKey=REDACTED&signature=REDACTED&limit=5");
    expect(redactUrl("not a url?token=abc")).toBe("not a url?token=REDACTED");
  });
});

describe("paginate and barsTable", () => {
  const bar = (t: number, close = 1) => ({ timestamp: t, open: 1, high: 2, low: 0.5, close, volume: 3 });

  it("stops with MALFORMED when a full page does not move past the requested start", async () => {
    const stuck = async () => [bar(0), bar(1)]; // a provider ignoring startTime
    await expect(paginate({ provider: "p", start: 10, end: 100, limit: 2, direction: "forward", fetchPage: stuck })).rejects.toThrow("p: a full page ended at");
    await expect(paginate({ provider: "p", start: 0, end: 1, limit: 2, direction: "backward", fetchPage: async () => [bar(5), bar(6)] })).rejects.toThrow("p: a full page began at");
  });

  it("keeps one bar per timestamp (the one fetched last), sorted, inside [start, end)", () => {
    const table = barsTable([bar(30), bar(10, 1), bar(20), bar(10, 9), bar(40), bar(5)], 10, 40);
    expect(Array.from(table.column("timestamp") as unknown as Float64Array)).toEqual([10, 20, 30]);
    expect(table.get("close", 0)).toBe(9);
  });

  it("formats a table as the CSV a job prints: header, ISO times, full-precision numbers", () => {
    const csv = barsCsv(barsTable([bar(Date.UTC(2024, 0, 2), 0.1 + 0.2)], 0, Infinity));
    expect(csv).toBe("timestamp,open,high,low,close,volume\n2024-01-02T00:00:00.000Z,1,2,0.5,0.30000000000000004,3\n");
  });
});
