/** checkLibrary over a real in-memory store: reports per symbol, errors per symbol, fixes, saved reports. */
import { describe, expect, it } from "vitest";
import type { Arctic, Library } from "../../lib/store";
import { useMemoryLibrary } from "../../lib/store/testing";
import { generateBars } from "../../lib/data";
import { checkLibrary, loadReports, validateOhlcv } from "../../lib/validate";
import { Bars, cleanBars, insertRow, minuteGrid, pick, rowOf } from "../../lib/validate/testing";

let arctic: Arctic;
let lib: Library;
let reports: Library;
const asDates = (b: Bars) => ({ ...b, timestamp: b.timestamp.map((t) => new Date(t)) });

useMemoryLibrary(async (store) => {
  ({ ac: arctic, lib } = store);
  reports = await arctic.createLibrary("reports");
  await lib.write("CLEAN", asDates(cleanBars(minuteGrid(60))));
  const holes = cleanBars(minuteGrid(60));
  insertRow(holes, 11, rowOf(holes, 10)); // an identical duplicate
  await lib.write("HOLES", asDates(pick(holes, holes.timestamp.map((_, i) => i).filter((i) => i < 30 || i > 33)))); // 4 bars missing
  await lib.write("NOTES", { text: ["a", "b"] });
}, { name: "market_data" });

describe("checkLibrary", () => {
  it("checks every symbol; a symbol that is not OHLCV gets an error, not a throw", async () => {
    const progress: string[] = [];
    const check = await checkLibrary(lib, { timeframe: "1m", onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.symbol}`) });
    expect(progress).toEqual(["1/3 CLEAN", "2/3 HOLES", "3/3 NOTES"]);
    expect(check.symbols.map((s) => s.symbol)).toEqual(["CLEAN", "HOLES", "NOTES"]);
    const [clean, holes, notes] = check.symbols;
    expect(clean.report?.ok).toBe(true);
    const direct = validateOhlcv((await lib.read("HOLES")).data, { timeframe: "1m" });
    expect(holes.report?.counts).toEqual(direct.counts);
    expect(holes.report?.counts).toMatchObject({ duplicates: 1, missingBars: 4, gaps: 1 });
    expect(notes).toMatchObject({ report: null, version: null, error: { code: "MISSING_COLUMN" } });
    expect(check.ok).toBe(false);
    expect(check.saved).toBeNull();
    expect(JSON.parse(JSON.stringify(check))).toEqual(check);
  });

  it("saves one row per symbol in reports/<library>; a later check of one symbol keeps the others' rows", async () => {
    const first = await checkLibrary(lib, { timeframe: "1m", reports });
    expect(first.saved).toEqual({ library: "reports", symbol: "market_data", version: 0 });
    const saved = await reports.read("market_data");
    expect(saved.data.columnNames()).toEqual(expect.arrayContaining(["symbol", "score", "ok", "missingBars", "error", "check"]));
    expect(saved.metadata).toMatchObject({ library: "market_data", checkedAt: first.checkedAt, options: { timeframe: "1m", calendar: "metadata", session: "RTH" } });
    expect(Array.from(saved.data.array("symbol") as string[])).toEqual(["CLEAN", "HOLES", "NOTES"]);

    await lib.write("CLEAN", asDates(pick(cleanBars(minuteGrid(60)), [0, 1, 2, 10])));
    const second = await checkLibrary(lib, { timeframe: "1m", reports, symbols: ["CLEAN"] });
    expect(second.saved?.version).toBe(1);
    const loaded = await loadReports(reports, "market_data");
    expect(loaded.map((s) => [s.symbol, s.checkedAt])).toEqual([
      ["CLEAN", second.checkedAt],
      ["HOLES", first.checkedAt],
      ["NOTES", first.checkedAt],
    ]);
    expect(loaded[0].report?.counts.missingBars).toBe(7);
    expect(loaded[1].report).toEqual(first.symbols[1].report);
    const earlier = await loadReports(reports, "market_data", { asOf: 0 });
    expect(earlier[0].report?.ok).toBe(true);
  });

  it("fix: duplicates and gaps fixed as new versions, then the final report is clean", async () => {
    const check = await checkLibrary(lib, { timeframe: "1m", fix: true, symbols: ["HOLES", "CLEAN"] });
    const holes = check.symbols[0];
    expect(holes.fixes.map((f) => [f.record?.fix, f.fromVersion, f.version])).toEqual([
      ["fixDuplicates", 0, 1],
      ["fillGaps", 1, 2],
    ]);
    expect(holes.version).toBe(2);
    expect(holes.report?.ok).toBe(true);
    expect(check.symbols[1].fixes).toEqual([]);
    expect((await lib.listVersions("CLEAN")).length).toBe(1);
    expect((await lib.read("HOLES", { asOf: 0 })).data.numRows()).toBe(57);
  });

  it("bad options throw before any symbol is read", async () => {
    await expect(checkLibrary(lib, { timeframe: "1m", calendar: "LSE" as never, reports })).rejects.toMatchObject({ code: "INVALID_OPTIONS" });
    expect(await reports.hasSymbol("market_data")).toBe(false);
  });
});

describe("checkLibrary on a library of mixed markets", () => {
  it("checks each symbol against the calendar and timeframe its metadata names, unless options name them", async () => {
    const mixed = await arctic.createLibrary("mixed");
    const days = { start: "2024-03-04", end: "2024-03-09" };
    await mixed.write("AAPL", generateBars({ timeframe: "5m", ...days, calendar: "XNYS", seed: 1 }), { metadata: { timeframe: "5m", calendar: "XNYS" } });
    await mixed.write("ES", generateBars({ timeframe: "1h", ...days, calendar: "CME", seed: 2 }), { metadata: { timeframe: "1h", calendar: "CME" } });
    await mixed.write("BTC", generateBars({ timeframe: "1m", ...days, seed: 3 }), { metadata: { source: "no calendar named" } });
    await mixed.write("ODD", generateBars({ timeframe: "1m", ...days, seed: 4 }), { metadata: { calendar: "LSE" } });

    const own = await checkLibrary(mixed, {});
    expect(own.options).toMatchObject({ timeframe: "metadata", calendar: "metadata" });
    const bySymbol = Object.fromEntries(own.symbols.map((s) => [s.symbol, s]));
    expect(bySymbol.AAPL.report).toMatchObject({ calendar: "XNYS", timeframe: "5m", ok: true });
    expect(bySymbol.ES.report).toMatchObject({ calendar: "CME", timeframe: "1h", ok: true });
    expect(bySymbol.BTC.report).toMatchObject({ calendar: "24/7", timeframe: "1m", ok: true });
    expect(bySymbol.ODD).toMatchObject({ report: null, error: { code: "INVALID_OPTIONS" } });
    expect(bySymbol.ODD.error?.message).toMatch(/^checkLibrary 'ODD': 'calendar' "LSE" is unknown/);

    // Named options win: the NYSE symbol read as a 24/7 feed has every night and weekend missing.
    const forced = await checkLibrary(mixed, { timeframe: "5m", calendar: "24/7", symbols: ["AAPL"] });
    expect(forced.options).toMatchObject({ timeframe: "5m", calendar: "24/7" });
    expect(forced.symbols[0].report?.ok).toBe(false);
    expect(forced.symbols[0].report?.counts.missingBars).toBeGreaterThan(500);
  });
});
