import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUNDAMENTAL_FIELDS, FundamentalField, fundamentals, FUNDAMENTALS_LIBRARY, parseQuoteSummary, yahooFundamentalsProvider } from "../../lib/data/fundamentals";
import { ProviderError } from "../../lib/data/providers";
import type { Arctic } from "../../lib/store";
import { useMemoryStore } from "../../lib/store/testing";
import { FakeProviders, recordingSleep } from "./fakeProviders";
import { useFakeProviders } from "./useFakeProviders";

/*
 * Bodies in quoteSummary's documented format (see lib/data/fundamentals/yahooQuoteSummary.ts for the
 * sources): { quoteSummary: { result: [modules], error: null } }, numbers as { raw, fmt }, {} for a value
 * Yahoo does not have, strings plain. The expected values below are the `raw` numbers written here.
 */
const wrap = (raw: number, fmt = String(raw)) => ({ raw, fmt });
const DOC_MODULES = {
  price: { maxAge: 1, currency: "USD", exchangeName: "NasdaqGS", quoteType: "EQUITY", longName: "Apple Inc.", regularMarketPrice: wrap(189.98, "189.98"), marketCap: wrap(2.95e12, "2.95T") },
  summaryDetail: { maxAge: 1, trailingPE: wrap(29.5, "29.50"), forwardPE: wrap(27.1, "27.10"), dividendYield: wrap(0.0051, "0.51%"), beta: wrap(1.29, "1.29"), payoutRatio: wrap(0.1549, "15.49%"), fiftyTwoWeekHigh: wrap(199.62), fiftyTwoWeekLow: wrap(164.08), dividendRate: {}, priceToSalesTrailing12Months: "Infinity" },
  defaultKeyStatistics: { maxAge: 1, priceToBook: wrap(47.9, "47.90"), sharesOutstanding: wrap(15_552_799_744, "15.55B"), enterpriseValue: wrap(2.99e12, "2.99T"), pegRatio: {}, trailingEps: wrap(6.43), profitMargins: wrap(0.99) },
  financialData: { maxAge: 86400, profitMargins: wrap(0.2616, "26.16%"), revenueGrowth: wrap(-0.043, "-4.30%"), totalRevenue: wrap(381_623_009_280, "381.62B"), financialCurrency: "USD", recommendationKey: "buy", debtToEquity: wrap(145.8) },
  assetProfile: { sector: "Technology", industry: "Consumer Electronics", country: "United States", fullTimeEmployees: 161000 },
};
const body = (modules: object) => JSON.stringify({ quoteSummary: { result: [modules], error: null } });
const NOT_FOUND = JSON.stringify({ quoteSummary: { result: null, error: { code: "Not Found", description: "Quote not found for ticker symbol: NOPE" } } });

const T0 = Date.UTC(2024, 4, 1, 12);
const HOUR = 3_600_000;
const PATH = "/v10/finance/quoteSummary/";

let fake: FakeProviders;
let arctic: Arctic;
useMemoryStore((store) => (arctic = store));
useFakeProviders((f) => (fake = f));

function yahoo(extra: Parameters<typeof yahooFundamentalsProvider>[0] = {}) {
  const { sleep, waits } = recordingSleep();
  return { provider: yahooFundamentalsProvider({ baseUrl: fake.url, sleep, random: () => 0.5, retry: { maxAttempts: 2 }, ...extra }), waits };
}
const serve = (ticker: string, text: string, status = 200, times = 1) => fake.failNext(PATH + ticker, { status, body: text }, times);
const requests = (ticker: string) => fake.requestsTo(PATH + ticker).length;

describe("yahoo quoteSummary adapter", () => {
  it("normalises a documented-format body: raw values, plain strings, {} and absent keys as null", async () => {
    serve("AAPL", body(DOC_MODULES));
    const { provider } = yahoo();
    const f = await provider.fetchFundamentals("AAPL");
    expect(f).toMatchObject({
      marketCap: 2.95e12, trailingPE: 29.5, forwardPE: 27.1, priceToBook: 47.9, dividendYield: 0.0051, beta: 1.29,
      sharesOutstanding: 15_552_799_744, revenueGrowth: -0.043, totalRevenue: 381_623_009_280, regularMarketPrice: 189.98,
      currency: "USD", exchange: "NasdaqGS", longName: "Apple Inc.", sector: "Technology", industry: "Consumer Electronics",
      fullTimeEmployees: 161000, recommendationKey: "buy", financialCurrency: "USD",
      // financialData is the first source of profitMargins; defaultKeyStatistics' 0.99 must not win
      profitMargins: 0.2616,
      dividendRate: null, pegRatio: null, // {} in the body
      priceToSales: null, // "Infinity" (gadicc/yahoo-finance2#839)
      earningsGrowth: null, totalDebt: null, // absent keys
    });
    expect(Object.keys(f).sort()).toEqual(Object.keys(FUNDAMENTAL_FIELDS).sort());
    const [request] = fake.requestsTo(PATH + "AAPL");
    expect(request.query.modules.split(",")).toEqual(["price", "summaryDetail", "defaultKeyStatistics", "financialData", "assetProfile"]);
  });

  it("gives null for every field of a module the answer leaves out, and falls back to a second source", async () => {
    const { price, assetProfile } = DOC_MODULES;
    const priceWithoutCap = { ...price, marketCap: undefined };
    serve("AAPL", body({ price: priceWithoutCap, summaryDetail: { marketCap: wrap(1e12) }, assetProfile }));
    const f = await yahoo().provider.fetchFundamentals("AAPL");
    expect(f.marketCap).toBe(1e12);
    for (const [field, spec] of Object.entries(FUNDAMENTAL_FIELDS)) {
      if (spec.from.every(([module]) => module === "defaultKeyStatistics" || module === "financialData")) expect(f[field as FundamentalField], field).toBeNull();
    }
    expect(f.sector).toBe("Technology");
  });

  it("property: each field is the raw value placed at its first source, or null when absent/empty", () => {
    const fields = Object.keys(FUNDAMENTAL_FIELDS) as FundamentalField[];
    const value = fc.oneof(fc.constant("absent" as const), fc.constant("empty" as const), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string());
    fc.assert(
      fc.property(fc.array(value, { minLength: fields.length, maxLength: fields.length }), (values) => {
        const modules: Record<string, Record<string, unknown>> = {};
        const expected: Record<string, unknown> = {};
        fields.forEach((field, i) => {
          const spec = FUNDAMENTAL_FIELDS[field];
          const [module, key] = spec.from[0];
          const v = values[i];
          modules[module] ??= {};
          if (v === "absent") expected[field] = null;
          else if (v === "empty") {
            modules[module][key] = {};
            expected[field] = null;
          } else if (spec.type === "number") {
            const x = typeof v === "number" ? v : v.length; // a number for a number field
            modules[module][key] = wrap(x);
            expected[field] = Object.is(x, -0) ? -0 : x;
          } else {
            const x = typeof v === "string" ? v : String(v);
            modules[module][key] = x;
            expected[field] = x;
          }
        });
        expect(parseQuoteSummary({ quoteSummary: { result: [modules], error: null } }, "T", "u")).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("turns quoteSummary.error (HTTP 404 or 200) into REQUEST_REJECTED naming the ticker, without retrying", async () => {
    serve("NOPE", NOT_FOUND, 404);
    const { provider, waits } = yahoo();
    const e404 = (await provider.fetchFundamentals("NOPE").catch((e: unknown) => e)) as ProviderError;
    expect(e404).toBeInstanceOf(ProviderError);
    expect(e404.code).toBe("REQUEST_REJECTED");
    expect(e404.status).toBe(404);
    expect(e404.message).toContain("NOPE");
    expect(e404.message).toContain("Quote not found for ticker symbol");
    expect(waits).toEqual([]);
    serve("NOPE", NOT_FOUND, 200);
    const e200 = (await provider.fetchFundamentals("NOPE").catch((e: unknown) => e)) as ProviderError;
    expect(e200.code).toBe("REQUEST_REJECTED");
    expect(e200.message).toMatch(/^yahoo: quoteSummary for NOPE: Not Found: Quote not found/);
    expect(requests("NOPE")).toBe(2);
  });

  it("rejects a value of the wrong type as MALFORMED naming the ticker and module.key", async () => {
    serve("AAPL", body({ summaryDetail: { trailingPE: { raw: "high", fmt: "high" } } }));
    const e = (await yahoo().provider.fetchFundamentals("AAPL").catch((x: unknown) => x)) as ProviderError;
    expect(e.code).toBe("MALFORMED");
    expect(e.message).toContain("AAPL");
    expect(e.message).toContain("'summaryDetail.trailingPE'");
    serve("AAPL", JSON.stringify({ quoteSummary: { result: [], error: null } }));
    await expect(yahoo().provider.fetchFundamentals("AAPL")).rejects.toMatchObject({ code: "MALFORMED" });
  });

  it("sends the crumb and cookie, and keeps the crumb out of error messages", async () => {
    serve("AAPL", "{}", 500, 2);
    const e = (await yahoo({ crumb: "s3cr3tcrumb", cookie: "A3=abc" }).provider.fetchFundamentals("AAPL").catch((x: unknown) => x)) as ProviderError;
    expect(e.code).toBe("SERVER_ERROR");
    expect(e.attempts).toBe(2);
    const [request] = fake.requestsTo(PATH + "AAPL");
    expect(request.query.crumb).toBe("s3cr3tcrumb");
    expect(request.headers.cookie).toBe("A3=abc");
    expect(e.message).not.toContain("s3cr3tcrumb");
    expect(e.message).toContain("crumb=REDACTED");
  });
});

describe("fundamentals (TTL cache in the fundamentals library)", () => {
  const TTL = 6 * HOUR;

  it("fetches and writes version 0, then serves it without a request while younger than ttlMs", async () => {
    serve("AAPL", body(DOC_MODULES));
    const { provider } = yahoo();
    let clock = T0;
    const first = await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => clock });
    expect(first).toMatchObject({ ticker: "AAPL", stale: false, fromCache: false, version: 0 });
    expect(first.fetchedAt.getTime()).toBe(T0);
    expect(first.data.marketCap).toBe(2.95e12);

    const lib = await arctic.getLibrary(FUNDAMENTALS_LIBRARY);
    const stored = await lib.read("AAPL");
    expect(stored.data.numRows()).toBe(1);
    expect(stored.data.get("timestamp", 0)).toBe(T0);
    expect(stored.data.columnNames()).toEqual(["timestamp", ...Object.keys(FUNDAMENTAL_FIELDS)]);
    expect(stored.metadata).toEqual({ source: "yahoo", fetchedAt: new Date(T0).toISOString(), ttlMs: TTL });

    clock = T0 + TTL - 1;
    const hit = await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => clock });
    expect(requests("AAPL")).toBe(1);
    expect(hit).toMatchObject({ stale: false, fromCache: true, version: 0 });
    expect(hit.fetchedAt.getTime()).toBe(T0);
    expect(hit.data).toEqual(first.data); // every field, nulls included, survives the round trip
  });

  it("refetches once the version is ttlMs old, as a new version; history stays readable with asOf", async () => {
    serve("AAPL", body(DOC_MODULES));
    serve("AAPL", body({ ...DOC_MODULES, price: { ...DOC_MODULES.price, marketCap: wrap(3.1e12) } }));
    const { provider } = yahoo();
    let clock = T0;
    await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => clock });
    clock = T0 + TTL;
    const second = await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => clock });
    expect(requests("AAPL")).toBe(2);
    expect(second).toMatchObject({ fromCache: false, stale: false, version: 1 });
    expect(second.data.marketCap).toBe(3.1e12);
    const lib = await arctic.getLibrary(FUNDAMENTALS_LIBRARY);
    expect((await lib.listVersions("AAPL")).length).toBe(2);
    expect((await lib.read("AAPL", { asOf: 0 })).data.get("marketCap", 0)).toBe(2.95e12);
    expect((await lib.read("AAPL")).data.get("timestamp", 0)).toBe(T0 + TTL);
  });

  it("force fetches inside the TTL", async () => {
    serve("AAPL", body(DOC_MODULES), 200, 2);
    const { provider } = yahoo();
    await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => T0 });
    const forced = await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => T0 + 1, force: true });
    expect(requests("AAPL")).toBe(2);
    expect(forced).toMatchObject({ fromCache: false, version: 1 });
  });

  it("returns the stored version flagged stale with the error when a refresh fails, writing nothing", async () => {
    serve("AAPL", body(DOC_MODULES));
    const { provider } = yahoo();
    const first = await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => T0 });
    serve("AAPL", "{}", 503, 2); // both attempts fail
    const stale = await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => T0 + 2 * TTL });
    expect(requests("AAPL")).toBe(3);
    expect(stale).toMatchObject({ stale: true, fromCache: true, version: 0 });
    expect(stale.error).toBeInstanceOf(ProviderError);
    expect(stale.error?.code).toBe("SERVER_ERROR");
    expect(stale.fetchedAt.getTime()).toBe(T0);
    expect(stale.data).toEqual(first.data);
    const lib = await arctic.getLibrary(FUNDAMENTALS_LIBRARY);
    expect((await lib.listVersions("AAPL")).map((v) => v.version)).toEqual([0]);
  });

  it("throws the ProviderError and writes nothing when no version is stored", async () => {
    serve("NOPE", NOT_FOUND, 404);
    const error = (await fundamentals(arctic, "NOPE", { provider: yahoo().provider, now: () => T0 }).catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe("REQUEST_REJECTED");
    expect(error.message).toContain("NOPE");
    const lib = await arctic.getLibrary(FUNDAMENTALS_LIBRARY);
    expect(await lib.hasSymbol("NOPE")).toBe(false);
    expect(await lib.listSymbols()).toEqual([]);
  });

  it("a malformed refresh leaves the stored version unchanged", async () => {
    serve("AAPL", body(DOC_MODULES));
    serve("AAPL", "not json");
    const { provider } = yahoo();
    await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => T0 });
    const r = await fundamentals(arctic, "AAPL", { provider, ttlMs: TTL, now: () => T0, force: true });
    expect(r).toMatchObject({ stale: true, version: 0 });
    expect(r.error?.code).toBe("MALFORMED");
    const lib = await arctic.getLibrary(FUNDAMENTALS_LIBRARY);
    expect((await lib.listVersions("AAPL")).length).toBe(1);
    expect((await lib.read("AAPL")).data.get("marketCap", 0)).toBe(2.95e12);
  });

  it("refuses a bad ticker or ttlMs before any request or write", async () => {
    const { provider } = yahoo();
    await expect(fundamentals(arctic, "", { provider })).rejects.toMatchObject({ code: "INVALID_OPTIONS", message: expect.stringContaining("'ticker'") });
    await expect(fundamentals(arctic, "AAPL", { provider, ttlMs: -1 })).rejects.toMatchObject({ code: "INVALID_OPTIONS", message: expect.stringContaining("'ttlMs'") });
    await expect(fundamentals(arctic, "AAPL", { provider, ttlMs: NaN })).rejects.toMatchObject({ code: "INVALID_OPTIONS" });
    expect(fake.requests.length).toBe(0);
  });
});
