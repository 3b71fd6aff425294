import { describe, expect, it } from "vitest";
import { ProviderError, yahooProvider } from "../../lib/data/providers";
import { DAY, FakeProviders, recordingSleep, referenceBar, yahooSessions } from "./fakeProviders";
import { useFakeProviders } from "./useFakeProviders";

const T0 = Date.UTC(2024, 0, 1); // a Monday
const LISTING = { from: T0, to: T0 + 120 * DAY };

let fake: FakeProviders;
useFakeProviders((f) => (fake = f), { AAPL: LISTING });

function yahoo(extra: Parameters<typeof yahooProvider>[0] = {}) {
  const { sleep, waits } = recordingSleep();
  return { provider: yahooProvider({ baseUrl: fake.url, sleep, random: () => 0.5, ...extra }), waits };
}

describe("yahoo chart adapter", () => {
  it("labels sessions by date at 00:00 UTC and drops the days Yahoo reports as nulls", async () => {
    const { provider } = yahoo();
    const start = T0 + 3 * DAY;
    const end = T0 + 40 * DAY;
    const table = await provider.fetchBars("AAPL", { interval: "1d", start, end });
    const sessions = yahooSessions(LISTING, start, end);
    const expected = sessions.filter((s) => !s.nulls).map((s) => s.date);
    expect(sessions.some((s) => s.nulls), "the range should hold a null day").toBe(true);
    expect(Array.from(table.column("timestamp") as unknown as Float64Array)).toEqual(expected);
    expect(table.get("open", 0)).toBe(referenceBar(expected[0]).open);
    const [request] = fake.requestsTo("/v8/finance/chart/AAPL");
    expect(request.query).toMatchObject({ interval: "1d", period1: String((start - DAY) / 1000), period2: String((end + DAY) / 1000) });
  });

  it("turns chart.error (HTTP 404) into REQUEST_REJECTED quoting Yahoo's description", async () => {
    const { provider } = yahoo();
    const error = (await provider.fetchBars("NOPE", { interval: "1d", start: T0, end: T0 + 10 * DAY }).catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect([error.code, error.status, error.attempts]).toEqual(["REQUEST_REJECTED", 404, 1]);
    expect(error.message).toContain("Not Found: No data found, symbol may be delisted");
  });

  it("reports parallel arrays of different lengths as MALFORMED naming the field", async () => {
    const { provider } = yahoo();
    const body = { chart: { result: [{ meta: { gmtoffset: -18000 }, timestamp: [1704205800, 1704292200], indicators: { quote: [{ open: [1, 2], high: [1, 2], low: [1], close: [1, 2], volume: [1, 2] }] } }], error: null } };
    fake.failNext("/v8/finance/chart/", { status: 200, body: JSON.stringify(body) });
    await expect(provider.fetchBars("AAPL", { interval: "1d", start: T0, end: T0 + 10 * DAY })).rejects.toThrow("yahoo: AAPL 'indicators.quote[0].low' is not an array of 2 values");
  });

  it("returns an empty table for a range without sessions (Yahoo omits timestamp)", async () => {
    const { provider } = yahoo();
    const table = await provider.fetchBars("AAPL", { interval: "1d", start: T0 + 5 * DAY, end: T0 + 7 * DAY }); // a weekend
    expect(table.numRows()).toBe(0);
    expect(table.columnNames()).toEqual(["timestamp", "open", "high", "low", "close", "volume"]);
  });

  it("counts the current session's bar as closed once its regular hours end (meta.currentTradingPeriod)", async () => {
    const thursday = T0 + 3 * DAY; // 2024-01-04; the fake reports Wednesday as nulls
    fake.listings.set("MSFT", { from: T0, to: thursday + DAY });
    expect(yahooSessions({ from: T0, to: thursday + DAY }, T0, thursday + DAY).map((s) => s.nulls)).toEqual([false, false, true, false]);
    const fetchAt = async (now: number) => {
      const { provider } = yahoo({ now: () => now });
      const table = await provider.fetchBars("MSFT", { interval: "1d", start: T0 });
      return Array.from(table.column("timestamp") as unknown as Float64Array);
    };
    expect(await fetchAt(thursday + 20 * 3_600_000), "at 15:00 New York the session is still open").toEqual([T0, T0 + DAY]);
    expect(await fetchAt(thursday + 21 * 3_600_000), "at 16:00 New York it has closed").toEqual([T0, T0 + DAY, thursday]);
  });

  it("serves only daily and longer bars", async () => {
    const { provider } = yahoo();
    await expect(provider.fetchBars("AAPL", { interval: "1h", start: T0, end: T0 + DAY })).rejects.toThrow("yahoo: serves daily and longer bars here");
  });
});
