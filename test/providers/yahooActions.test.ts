/**
 * Corporate actions from Yahoo's chart API, end to end on a loopback server: the answer is a recorded-shape
 * fixture (fixtures/yahooChartActions.json, built by yahooChartActions.gen.mjs): a made-up symbol QLAB with a
 * 4:1 split and three dividends, reported the way Yahoo reports history (split-adjusted prices and amounts)
 * with Yahoo's adjclose. collect stores the bars as traded and the actions beside them; an adjusted read
 * must give back Yahoo's split-adjusted close and its adjclose.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { collect, ProviderOptionsByName, yahooProvider } from "../../lib/data/providers";
import { Library } from "../../lib/store";
import { useMemoryLibrary } from "../../lib/store/testing";
import { DAY, FakeProviders, recordingSleep } from "./fakeProviders";
import { useFakeProviders } from "./useFakeProviders";

const FIXTURE = fs.readFileSync(path.join(__dirname, "fixtures", "yahooChartActions.json"), "utf8");
const yahooBody = () => JSON.parse(FIXTURE) as { chart: { result: [{ timestamp: number[]; events: { splits?: unknown; dividends: Record<string, { amount: number }> }; indicators: { quote: [Record<string, number[]>]; adjclose: [{ adjclose: number[] }] } }] } };
const START = Date.UTC(2024, 0, 1);
const END = Date.UTC(2024, 1, 24);
const SPLIT = Date.UTC(2024, 1, 5);

let fake: FakeProviders;
let lib: Library;
useMemoryLibrary((store) => ({ lib } = store), { name: "equities" });
useFakeProviders((f) => (fake = f));

function providerOptions(now = END + 12 * 3_600_000): ProviderOptionsByName {
  const { sleep } = recordingSleep();
  return { yahoo: { baseUrl: fake.url, sleep, random: () => 0.5, now: () => now } };
}
const array = (t: { array(name: string): unknown }, name: string) => Array.from(t.array(name) as ArrayLike<number>);
const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("yahoo corporate actions", () => {
  it("stores the bars as traded and the split and dividends in QLAB.actions; adjusted reads give Yahoo's close and adjclose", async () => {
    const body = yahooBody();
    fake.failNext("/v8/finance/chart/QLAB", { status: 200, body: FIXTURE });
    const result = await collect(lib, "QLAB", { providers: ["yahoo"], interval: "1d", start: START, end: END, providerOptions: providerOptions() });
    expect([result.action, result.rows, result.actions, result.actionsVersion]).toEqual(["write", 37, 4, 0]);
    expect(fake.requestsTo("/v8/finance/chart/QLAB").map((r) => r.query.events), "one request, with events").toEqual(["div,splits"]);

    const actions = (await lib.read("QLAB.actions")).data;
    expect(array(actions, "timestamp").map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(["2024-01-10", "2024-01-31", "2024-02-05", "2024-02-14"]);
    expect(array(actions, "dividend"), "amounts as paid: Yahoo's 0.24 before the 4:1 split was 0.96").toEqual([0.96, 0.96, 0, 0.25]);
    expect(array(actions, "split")).toEqual([1, 1, 4, 1]);

    const quote = body.chart.result[0].indicators.quote[0];
    const stamps = array((await lib.read("QLAB")).data, "timestamp");
    const raw = (await lib.read("QLAB")).data;
    const before = stamps.filter((t) => t < SPLIT).length;
    expect(array(raw, "close").slice(0, before), "traded prices before the split: 4 times Yahoo's").toEqual(quote.close.slice(0, before).map((c) => c * 4));
    expect(array(raw, "close").slice(before)).toEqual(quote.close.slice(before));
    expect(array(raw, "volume").slice(0, before)).toEqual(quote.volume.slice(0, before).map((v) => v / 4));

    const splits = await lib.read("QLAB", { adjust: "splits" });
    expect(splits.adjustment).toMatchObject({ actionsVersion: 0, splits: 1, dividends: 0 });
    for (const field of ["open", "high", "low", "close"]) {
      array(splits.data, field).forEach((v, i) => expect(relativeError(v, quote[field][i]), `${field} row ${i}`).toBeLessThan(1e-12));
    }
    expect(array(splits.data, "volume")).toEqual(quote.volume);

    const all = await lib.read("QLAB", { adjust: "all" });
    expect(all.adjustment).toMatchObject({ splits: 1, dividends: 3 });
    const adjclose = body.chart.result[0].indicators.adjclose[0].adjclose;
    const errors = array(all.data, "close").map((v, i) => relativeError(v, adjclose[i]));
    expect(Math.max(...errors), "adjusted close against Yahoo's adjclose").toBeLessThan(1e-10);
    expect(adjclose.slice(0, 5).some((a, i) => a !== quote.close[i]), "the fixture's dividends do move adjclose").toBe(true);
  });

  it("writes a new actions version only when the actions change, and an older bars version keeps its actions", async () => {
    fake.failNext("/v8/finance/chart/QLAB", { status: 200, body: FIXTURE }, 2);
    await collect(lib, "QLAB", { providers: ["yahoo"], interval: "1d", start: START, end: END, providerOptions: providerOptions() });
    const again = await collect(lib, "QLAB", { providers: ["yahoo"], interval: "1d", start: START, end: END, incremental: false, providerOptions: providerOptions() });
    expect([again.version, again.actionsVersion], "same actions: no new version of QLAB.actions").toEqual([1, null]);

    // Yahoo corrects the last dividend (0.25 -> 0.26): a new actions version, history as read before unchanged.
    const corrected = yahooBody();
    const dividends = corrected.chart.result[0].events.dividends;
    dividends[Object.keys(dividends)[2]].amount = 0.26;
    fake.failNext("/v8/finance/chart/QLAB", { status: 200, body: JSON.stringify(corrected) });
    const third = await collect(lib, "QLAB", { providers: ["yahoo"], interval: "1d", start: START, end: END, incremental: false, providerOptions: providerOptions() });
    expect([third.version, third.actionsVersion]).toEqual([2, 1]);
    expect(array((await lib.read("QLAB.actions")).data, "dividend")).toEqual([0.96, 0.96, 0, 0.26]);
    const old = await lib.read("QLAB", { adjust: "all", asOf: 1 });
    const latest = await lib.read("QLAB", { adjust: "all" });
    expect([old.adjustment?.actionsVersion, latest.adjustment?.actionsVersion]).toEqual([0, 1]);
    expect(array(latest.data, "close")[0]).toBeLessThan(array(old.data, "close")[0]);
  });

  it("asks for the splits after a range that ends in the past, to undo Yahoo's adjustment for them too", async () => {
    // Backfilling January in February: Yahoo's January prices are already divided by the February split,
    // which the January answer does not list.
    const january = yahooBody();
    delete january.chart.result[0].events.splits;
    fake.failNext("/v8/finance/chart/QLAB", { status: 200, body: JSON.stringify(january) });
    fake.failNext("/v8/finance/chart/QLAB", { status: 200, body: FIXTURE });
    const { sleep } = recordingSleep();
    const yahoo = yahooProvider({ baseUrl: fake.url, sleep, now: () => END + DAY });
    const { bars, actions } = await yahoo.fetchBarsWithActions("QLAB", { interval: "1d", start: START, end: Date.UTC(2024, 1, 1) });
    const [first, second] = fake.requestsTo("/v8/finance/chart/QLAB");
    expect(second.query).toMatchObject({ interval: "1mo", events: "splits", period1: String(Date.UTC(2024, 1, 1) / 1000) });
    expect(first.query.events).toBe("div,splits");
    const quote = yahooBody().chart.result[0].indicators.quote[0];
    expect(array(bars, "close")).toEqual(quote.close.slice(0, bars.numRows()).map((c) => c * 4));
    expect(array(actions, "dividend"), "January's two dividends, as paid; the split is after the range").toEqual([0.96, 0.96]);
  });
});
