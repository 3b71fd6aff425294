/**
 * The collector job scripts under the real job runner: a child process per run (tsx), the fake providers on
 * loopback (base URLs through the job's env), a store in a temp folder.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobRegistry } from "../../lib/jobs";
import { Arctic } from "../../lib/store";
import { barTimes, DAY, FakeProviders, HOUR, startFakeProviders, yahooSessions } from "./fakeProviders";

const PROJECT = path.resolve(__dirname, "..", "..");
const T0 = Date.UTC(2024, 0, 1);

let fake: FakeProviders;
let storeDir: string;
let arctic: Arctic;
let jobs: JobRegistry;
beforeEach(async () => {
  fake = await startFakeProviders();
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-collectors-"));
  arctic = await Arctic.open("duckdb://" + storeDir);
  jobs = await JobRegistry.open(arctic, { root: PROJECT });
});
afterEach(async () => {
  await arctic.close();
  await fake.close();
  fs.rmSync(storeDir, { recursive: true, force: true });
});

describe("collector jobs", () => {
  it("crypto_klines appends only new bars run after run and fails over to Bybit when Binance bans", async () => {
    const listing = { from: T0, to: T0 + 24 * HOUR };
    fake.listings.set("BTCUSDT", listing);
    await jobs.add({
      name: "btc_1h",
      script: "jobs/collectors/crypto_klines.ts",
      library: "crypto",
      symbol: "BTCUSDT",
      mode: "append",
      args: ["--interval", "1h", "--start", new Date(T0).toISOString()],
      env: { BINANCE_BASE_URL: fake.url, BYBIT_BASE_URL: fake.url },
      timeoutMs: 60_000,
    });
    const first = await jobs.run("btc_1h");
    expect([first.status, first.rows, first.version], first.error ?? first.stderrTail).toEqual(["success", 24, 0]);
    expect(first.stderrTail).toContain('"source":"binance"');

    listing.to = T0 + 40 * HOUR;
    fake.failNext("/api/v3/klines", { status: 418, headers: { "Retry-After": "600" }, body: '{"code":-1003,"msg":"IP banned"}' });
    const second = await jobs.run("btc_1h");
    expect([second.status, second.rows, second.version], second.error ?? second.stderrTail).toEqual(["success", 16, 1]);
    expect(second.stderrTail).toContain('"source":"bybit"');
    expect(second.stderrTail).toContain('"failedOver":[{"provider":"binance","code":"BANNED","status":418,"attempts":1}]');
    expect(Number(fake.requestsTo("/v5/market/kline")[0].query.start), "Bybit asked only after the stored last bar").toBe(T0 + 23 * HOUR + 1);

    const third = await jobs.run("btc_1h");
    expect([third.status, third.rows, third.version], third.error ?? third.stderrTail).toEqual(["success", 0, null]);

    const lib = await arctic.getLibrary("crypto");
    const stored = (await lib.read("BTCUSDT")).data;
    expect(Array.from(stored.column("timestamp") as unknown as Float64Array)).toEqual(barTimes(listing, HOUR, T0, T0 + 40 * HOUR - 1));
    // Each version says where its bars came from (written by the script to QUANTLAB_METADATA).
    expect((await lib.readMetadata("BTCUSDT", { asOf: 0 })).metadata).toMatchObject({ source: "binance", interval: "1h", failedOver: [], job: "btc_1h" });
    expect((await lib.readMetadata("BTCUSDT", { asOf: 1 })).metadata).toMatchObject({ source: "bybit", failedOver: ["binance"], job: "btc_1h" });
  });

  it("a run whose providers all fail exits 1, stores nothing and says why on stderr", async () => {
    await jobs.add({
      name: "aapl_daily",
      script: "jobs/collectors/yahoo_daily.ts",
      library: "equities",
      symbol: "AAPL",
      mode: "append",
      args: ["--start", new Date(T0).toISOString(), "--end", new Date(T0 + 20 * DAY).toISOString()],
      env: { YAHOO_BASE_URL: fake.url },
      timeoutMs: 60_000,
    });
    const run = await jobs.run("aapl_daily");
    expect([run.status, run.exitCode, run.version]).toEqual(["failed", 1, null]);
    expect(run.stderrTail).toContain("No data found, symbol may be delisted");
    expect(await arctic.hasLibrary("equities")).toBe(false);
    fake.listings.set("AAPL", { from: T0, to: T0 + 60 * DAY });
    const ok = await jobs.run("aapl_daily");
    const sessions = yahooSessions({ from: T0, to: T0 + 60 * DAY }, T0, T0 + 20 * DAY);
    expect([ok.status, ok.rows], ok.error ?? ok.stderrTail).toEqual(["success", sessions.filter((s) => !s.nulls).length]);
    expect(sessions.length - ok.rows, "the null days are left out").toBeGreaterThan(0);
  });

  it("yahoo_daily stores the splits and dividends in SYM.actions before the runner stores the bars", async () => {
    const fixture = fs.readFileSync(path.join(__dirname, "fixtures", "yahooChartActions.json"), "utf8");
    // The run's range ends in the past, so the script also asks for later splits: both answers are the fixture.
    fake.failNext("/v8/finance/chart/QLAB", { status: 200, body: fixture }, 2);
    await jobs.add({
      name: "qlab_daily",
      script: "jobs/collectors/yahoo_daily.ts",
      library: "equities",
      symbol: "QLAB",
      mode: "append",
      args: ["--start", "2024-01-01T00:00:00Z", "--end", "2024-02-24T00:00:00Z"],
      env: { YAHOO_BASE_URL: fake.url },
      timeoutMs: 60_000,
    });
    const run = await jobs.run("qlab_daily");
    expect([run.status, run.rows, run.version], run.error ?? run.stderrTail).toEqual(["success", 37, 0]);
    expect(run.stderrTail).toContain('"actions":4,"actionsVersion":0');
    const lib = await arctic.getLibrary("equities");
    expect(Array.from((await lib.read("QLAB.actions")).data.array("split") as ArrayLike<number>)).toEqual([1, 1, 4, 1]);
    const adjusted = await lib.read("QLAB", { adjust: "all" });
    expect(adjusted.adjustment, "the bars' version sees the actions written before it").toMatchObject({ actionsVersion: 0, splits: 1, dividends: 3 });
    const adjclose = JSON.parse(fixture).chart.result[0].indicators.adjclose[0].adjclose as number[];
    const closes = Array.from(adjusted.data.array("close") as ArrayLike<number>);
    expect(Math.max(...closes.map((c, i) => Math.abs(c - adjclose[i]) / adjclose[i]))).toBeLessThan(1e-10);
  });
});
