import { describe, expect, it } from "vitest";
import { collect, ProviderOptionsByName } from "../../lib/data/providers";
import { Library } from "../../lib/store";
import { useMemoryLibrary } from "../../lib/store/testing";
import { collectCheck, repairGaps, validateOhlcv } from "../../lib/validate";
import { barTimes, FakeProviders, HOUR, recordingSleep, referenceBar } from "./fakeProviders";
import { useFakeProviders } from "./useFakeProviders";

const T0 = Date.UTC(2024, 0, 1);

let fake: FakeProviders;
let lib: Library;
useMemoryLibrary((store) => ({ lib } = store), { name: "crypto" });
useFakeProviders((f) => (fake = f), { BTCUSDT: { from: T0, to: T0 + 100 * HOUR } });

function providerOptions(): ProviderOptionsByName {
  const { sleep } = recordingSleep();
  const common = { baseUrl: fake.url, sleep, random: () => 0.5, retry: { maxAttempts: 2 } };
  return { binance: { ...common, env: {} }, bybit: common, yahoo: common };
}
const stamps = (t: { column(name: string): unknown }) => Array.from(t.column("timestamp") as Float64Array);

/** A Binance klines answer for [from, from + n hours) whose bar `bad` has its high below its low. */
function klinesWithBadBar(from: number, n: number, bad: number): string {
  return JSON.stringify(
    Array.from({ length: n }, (_, i) => {
      const t = from + i * HOUR;
      const b = referenceBar(t);
      const [high, low] = i === bad ? [b.low - 1, b.high] : [b.high, b.low];
      return [t, String(b.open), String(high), String(low), String(b.close), String(b.volume), t + HOUR - 1, "0", 1, "0", "0", "0"];
    }),
  );
}

describe("collect validates each batch before storing it", () => {
  it("stores a batch without invalid rows with its quality score and findings in the result and the version's metadata", async () => {
    // The fake's reference bars swing in a saw-tooth: validateOhlcv finds outlier returns, which do not
    // make a batch bad by default (on: invalid, duplicates, outOfOrder) but are reported and scored.
    const r = await collect(lib, "BTCUSDT", { interval: "1h", start: T0, end: T0 + 48 * HOUR, providerOptions: providerOptions(), validate: collectCheck({ timeframe: "1h" }) });
    const report = validateOhlcv((await lib.read("BTCUSDT")).data, { timeframe: "1h" });
    expect([r.action, r.version, r.quality?.ok, r.quality?.score]).toEqual(["write", 0, true, report.score]);
    expect(report.counts.outliers).toBeGreaterThan(0);
    expect(r.quality?.findings).toEqual([`${report.counts.outliers} outlier return(s) (rows ${report.outliers.slice(0, 5).map((o) => o.row).join(", ")})`]);
    expect((await lib.readMetadata("BTCUSDT")).metadata).toMatchObject({ quality: r.quality });
    // Counting outliers as bad refuses the same batch.
    const strict = await collect(lib, "BTCUSDT", { interval: "1h", start: T0, end: T0 + 48 * HOUR, incremental: false, providerOptions: providerOptions(), validate: collectCheck({ timeframe: "1h", on: ["invalid", "outliers"] }) });
    expect([strict.action, strict.quality?.ok]).toEqual(["refused", false]);
  });

  it("refuses a batch with an invalid row: nothing stored, the findings name the row", async () => {
    await collect(lib, "BTCUSDT", { interval: "1h", start: T0, end: T0 + 10 * HOUR, providerOptions: providerOptions() });
    fake.failNext("/api/v3/klines", { status: 200, body: klinesWithBadBar(T0 + 10 * HOUR, 6, 2) });
    const r = await collect(lib, "BTCUSDT", { interval: "1h", end: T0 + 16 * HOUR, providerOptions: providerOptions(), validate: collectCheck() });
    expect([r.action, r.version, r.quality?.ok]).toEqual(["refused", null, false]);
    expect(r.quality?.score).toBeCloseTo(5 / 6, 12);
    expect(r.quality?.findings[0]).toMatch(/^1 invalid row\(s\) \(row 2: high .* < low/);
    expect((await lib.listVersions("BTCUSDT")).length).toBe(1);
    expect(await lib.hasSymbol("BTCUSDT.quarantine")).toBe(false);
  });

  it("quarantines a bad batch beside the symbol, with the findings, and the next good run fills the range", async () => {
    await collect(lib, "BTCUSDT", { interval: "1h", start: T0, end: T0 + 10 * HOUR, providerOptions: providerOptions() });
    fake.failNext("/api/v3/klines", { status: 200, body: klinesWithBadBar(T0 + 10 * HOUR, 6, 0) });
    const options = { interval: "1h", providerOptions: providerOptions(), validate: collectCheck(), onInvalid: "quarantine" as const };
    const r = await collect(lib, "BTCUSDT", { ...options, end: T0 + 16 * HOUR });
    expect([r.action, r.version]).toEqual(["quarantined", 0]);
    expect(stamps((await lib.read("BTCUSDT.quarantine")).data)).toEqual(barTimes({ from: T0, to: T0 + 16 * HOUR }, HOUR, T0 + 10 * HOUR, T0 + 16 * HOUR - 1));
    expect((await lib.readMetadata("BTCUSDT.quarantine")).metadata).toMatchObject({ source: "binance", rows: 6, quality: { ok: false } });
    expect(stamps((await lib.read("BTCUSDT")).data).length, "the symbol is as it was").toBe(10);
    const next = await collect(lib, "BTCUSDT", { ...options, end: T0 + 16 * HOUR });
    expect([next.action, next.rows, next.quality?.ok]).toEqual(["append", 6, true]);
  });
});

describe("repairGaps", () => {
  it("fetches each gap validateOhlcv finds and fills it with update, one version per gap", async () => {
    await collect(lib, "BTCUSDT", { interval: "1h", start: T0, end: T0 + 60 * HOUR, providerOptions: providerOptions() });
    await lib.deleteDataInRange("BTCUSDT", [T0 + 10 * HOUR, T0 + 12 * HOUR]); // version 1: 3 bars gone
    await lib.deleteDataInRange("BTCUSDT", [T0 + 40 * HOUR, T0 + 40 * HOUR]); // version 2: 1 bar gone
    fake.failNext("/api/v3/klines", { status: 502, body: "down" }, 2); // the first gap's fetch fails over to Bybit
    const repairs = await repairGaps(lib, "BTCUSDT", { interval: "1h", providerOptions: providerOptions() });
    expect(repairs.map((r) => [r.previous, r.next, r.missing, r.rows, r.version, r.source, r.error])).toEqual([
      [new Date(T0 + 9 * HOUR).toISOString(), new Date(T0 + 13 * HOUR).toISOString(), 3, 3, 3, "bybit", null],
      [new Date(T0 + 39 * HOUR).toISOString(), new Date(T0 + 41 * HOUR).toISOString(), 1, 1, 4, "binance", null],
    ]);
    const stored = (await lib.read("BTCUSDT")).data;
    expect(stamps(stored)).toEqual(barTimes({ from: T0, to: T0 + 60 * HOUR }, HOUR, T0, T0 + 60 * HOUR - 1));
    expect(stored.get("close", 11)).toBe(referenceBar(T0 + 11 * HOUR).close);
    expect((await lib.readMetadata("BTCUSDT", { asOf: 3 })).metadata).toMatchObject({ repair: { missing: 3, rows: 3, source: "bybit" } });
    expect(await repairGaps(lib, "BTCUSDT", { interval: "1h", providerOptions: providerOptions() }), "nothing left to repair").toEqual([]);
  });

  it("reports a gap whose fetch fails and still repairs the others", async () => {
    await collect(lib, "BTCUSDT", { interval: "1h", start: T0, end: T0 + 30 * HOUR, providerOptions: providerOptions() });
    await lib.deleteDataInRange("BTCUSDT", [T0 + 5 * HOUR, T0 + 5 * HOUR]);
    await lib.deleteDataInRange("BTCUSDT", [T0 + 20 * HOUR, T0 + 20 * HOUR]);
    fake.failNext("/api/v3/klines", { status: 400, body: JSON.stringify({ code: -1121, msg: "Invalid symbol." }) });
    const repairs = await repairGaps(lib, "BTCUSDT", { interval: "1h", providers: ["binance"], providerOptions: providerOptions() });
    expect(repairs.map((r) => [r.version, r.error === null])).toEqual([[null, false], [3, true]]);
    expect(repairs[0].error).toContain("Invalid symbol.");
  });
});
