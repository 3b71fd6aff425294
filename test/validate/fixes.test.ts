/**
 * Fixes against a real store (in memory): each writes a new version with the fix in its metadata, the
 * version before reads back unchanged with asOf, and a fix with nothing to do writes nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Library } from "../../lib/store";
import { columns, useMemoryLibrary } from "../../lib/store/testing";
import { ValidationError, dropInvalid, fillGaps, fixDuplicates, validateOhlcv } from "../../lib/validate";
import { Bars, asDates, cleanBars, insertRow, MINUTE, minuteGrid, pick, rowOf, START } from "../../lib/validate/testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store), { name: "market_data" });

const iso = (ms: number) => new Date(ms).toISOString();

/** 30 clean bars with row 5 copied identically after it and row 12 copied with another volume. */
function withDuplicates(): Bars {
  const bars = cleanBars(minuteGrid(30));
  insertRow(bars, 13, { ...rowOf(bars, 12), volume: 99_999 });
  insertRow(bars, 6, rowOf(bars, 5));
  return bars;
}

async function versionCount(symbol: string): Promise<number> {
  return (await lib.listVersions(symbol)).length;
}

describe("a fix racing another writer", () => {
  it("another version written while a fix computes: VERSION_CHANGED, and that version stays the latest", async () => {
    const bars = withDuplicates();
    await lib.write("AAPL", asDates(bars));
    const later = cleanBars(minuteGrid(1, START + 60 * MINUTE));
    // The library as the fix sees it: right after the fix reads, someone else appends a bar.
    const racing = new Proxy(lib, {
      get(target, key) {
        if (key === "read") {
          return async (...args: Parameters<Library["read"]>) => {
            const item = await target.read(...args);
            await target.append("AAPL", asDates(later));
            return item;
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const error = await fixDuplicates(racing, "AAPL").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "VERSION_CHANGED" });
    expect((error as Error).message).toBe(
      "fixDuplicates: 'AAPL' in 'market_data' went from version 0 to version 1 while the fix was computed; nothing was written, run the fix again",
    );
    expect(await versionCount("AAPL")).toBe(2);
    expect((await lib.read("AAPL")).data.numRows()).toBe(bars.timestamp.length + 1);
  });
});

describe("fixDuplicates", () => {
  it("keep: last writes a version with one row per timestamp, the later row winning; the old version is intact", async () => {
    const bars = withDuplicates();
    await lib.write("AAPL", asDates(bars), { metadata: { source: "csv" } });
    const before = columns((await lib.read("AAPL")).data);
    const result = await fixDuplicates(lib, "AAPL", { keep: "last" });
    expect(result).toMatchObject({ library: "market_data", symbol: "AAPL", changed: true, fromVersion: 0, version: 1 });
    const fixed = await lib.read("AAPL");
    expect(fixed.version).toBe(1);
    const clean = cleanBars(minuteGrid(30));
    expect(columns(fixed.data).timestamp.map(Number)).toEqual(clean.timestamp);
    expect(columns(fixed.data).volume[12]).toBe(99_999);
    expect(validateOhlcv(fixed.data, { timeframe: "1m" }).counts.duplicates).toBe(0);
    expect(fixed.metadata).toMatchObject({
      source: "csv",
      fixes: [{ fix: "fixDuplicates", fromVersion: 0, removedRows: 2, addedRows: 0, options: { keep: "last" }, timestamps: [iso(START + 5 * MINUTE), iso(START + 12 * MINUTE)] }],
    });
    expect(columns((await lib.read("AAPL", { asOf: 0 })).data)).toEqual(before);
    expect((await lib.read("AAPL", { asOf: 0 })).metadata).toEqual({ source: "csv" });
  });

  it("keep: first keeps the earlier row of a conflict", async () => {
    await lib.write("AAPL", asDates(withDuplicates()));
    await fixDuplicates(lib, "AAPL", { keep: "first" });
    const fixed = columns((await lib.read("AAPL")).data);
    expect(fixed.volume).toEqual(cleanBars(minuteGrid(30)).volume);
  });

  it("keep: fail throws CONFLICTING_DUPLICATES naming the timestamp and rows, and writes nothing", async () => {
    await lib.write("AAPL", asDates(withDuplicates()));
    const error = await fixDuplicates(lib, "AAPL", { keep: "fail" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "CONFLICTING_DUPLICATES", symbol: "AAPL", timestamp: iso(START + 12 * MINUTE), rows: [13, 14] });
    expect((error as Error).message).toMatch(/^fixDuplicates: 'AAPL' has rows that differ at 2024-01-01T00:12:00.000Z \(rows 13, 14/);
    expect(await versionCount("AAPL")).toBe(1);
  });

  it("keep: fail drops identical copies (no conflict to decide)", async () => {
    const bars = cleanBars(minuteGrid(10));
    insertRow(bars, 4, rowOf(bars, 3));
    await lib.write("AAPL", asDates(bars));
    const result = await fixDuplicates(lib, "AAPL", { keep: "fail" });
    expect(result.record?.removedRows).toBe(1);
    expect((await lib.read("AAPL")).data.numRows()).toBe(10);
  });

  it("nothing to fix: no version is written", async () => {
    await lib.write("AAPL", asDates(cleanBars(minuteGrid(10))));
    expect(await fixDuplicates(lib, "AAPL")).toEqual({ library: "market_data", symbol: "AAPL", changed: false, fromVersion: 0, version: 0, record: null });
    expect(await versionCount("AAPL")).toBe(1);
  });

  it("property: after keep: first, the symbol is the clean series again (planted copies at random rows)", async () => {
    const clean = cleanBars(minuteGrid(40));
    let symbol = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { minLength: 1, maxLength: 8 }), async (rows) => {
        const bars = pick(clean, clean.timestamp.map((_, i) => i));
        for (const r of [...rows].sort((a, b) => b - a)) insertRow(bars, r + 1, { ...rowOf(bars, r), close: (bars.close[r] as number) * 1.01 });
        const name = `S${symbol++}`;
        await lib.write(name, asDates(bars));
        const result = await fixDuplicates(lib, name, { keep: "first" });
        expect(result.record?.removedRows).toBe(rows.length);
        expect(columns((await lib.read(name)).data).close).toEqual(clean.close);
      }),
      { numRuns: 10 },
    );
  });

  it("unsorted duplicates far apart are found too; row order is otherwise kept", async () => {
    const bars = pick(cleanBars(minuteGrid(10)), [0, 1, 2, 3, 7, 4, 5, 6, 7, 8, 9]);
    bars.volume[8] = 1; // the later row of 7 differs, so keep: last has a choice to make
    await lib.write("X", asDates(bars), { validateIndex: false });
    await fixDuplicates(lib, "X", { keep: "last" });
    expect(columns((await lib.read("X")).data).timestamp.map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => START + i * MINUTE));
  });
});

describe("dropInvalid", () => {
  it("removes exactly the invalid rows, records why, keeps the old version", async () => {
    const bars = cleanBars(minuteGrid(20));
    bars.close[3] = NaN;
    bars.volume[8] = -1;
    bars.high[15] = (bars.low[15] as number) * 0.5;
    await lib.write("AAPL", asDates(bars));
    const result = await dropInvalid(lib, "AAPL");
    expect(result).toMatchObject({ changed: true, fromVersion: 0, version: 1 });
    expect(result.record).toMatchObject({ fix: "dropInvalid", removedRows: 3, timestamps: [3, 8, 15].map((i) => iso(START + i * MINUTE)) });
    expect(result.record?.summary).toMatch(/NEGATIVE_VOLUME 1/);
    const after = (await lib.read("AAPL")).data;
    expect(columns(after).timestamp.map(Number)).toEqual(bars.timestamp.filter((_, i) => ![3, 8, 15].includes(i)));
    expect(validateOhlcv(after, { timeframe: "1m" }).counts.invalid).toBe(0);
    expect((await lib.read("AAPL", { asOf: 0 })).data.numRows()).toBe(20);
    expect(await dropInvalid(lib, "AAPL")).toMatchObject({ changed: false, version: 1 });
    expect(await versionCount("AAPL")).toBe(2);
  });
});

describe("fillGaps", () => {
  it("fills each gap with flat zero-volume bars marked synthetic, on a static-schema library", async () => {
    const n = 30;
    const removed = [4, 5, 6, 20];
    const clean = cleanBars(minuteGrid(n));
    const kept = clean.timestamp.map((_, i) => i).filter((i) => !removed.includes(i));
    await lib.write("BTC", asDates(pick(clean, kept)), { metadata: { source: "ws" } });
    const result = await fillGaps(lib, "BTC", { timeframe: "1m" });
    expect(result.record).toMatchObject({ fix: "fillGaps", addedRows: 4, removedRows: 0, options: { timeframe: "1m", calendar: "24/7", session: "RTH" } });
    const filled = columns((await lib.read("BTC")).data);
    expect(filled.timestamp.map(Number)).toEqual(clean.timestamp);
    expect(filled.synthetic).toEqual(clean.timestamp.map((_, i) => removed.includes(i)));
    for (const i of removed) {
      const previous = removed.includes(i - 1) ? filled.close[i - 1] : clean.close[i - 1];
      expect([filled.open[i], filled.high[i], filled.low[i], filled.close[i], filled.volume[i]]).toEqual([previous, previous, previous, previous, 0]);
    }
    const report = validateOhlcv((await lib.read("BTC")).data, { timeframe: "1m" });
    expect(report.counts.gaps).toBe(0);
    expect(report.ok).toBe(true);
    const old = await lib.read("BTC", { asOf: 0 });
    expect(old.data.columnNames()).not.toContain("synthetic");
    expect(old.data.numRows()).toBe(n - removed.length);
    expect((await lib.readMetadata("BTC")).metadata).toMatchObject({ source: "ws", fixes: [{ fix: "fillGaps", fromVersion: 0 }] });
    expect(await fillGaps(lib, "BTC", { timeframe: "1m" })).toMatchObject({ changed: false, version: 1 });
  });

  it("fills only inside XNYS sessions: nothing on the weekend, nothing after the early close", async () => {
    // 2024-07-03 closes at 13:00 New York (17:00Z); 07-04 is a holiday; 07-05 opens 13:30Z
    const times = [Date.parse("2024-07-03T16:57:00Z"), Date.parse("2024-07-05T13:32:00Z")];
    await lib.write("SPY", asDates(cleanBars(times)));
    await fillGaps(lib, "SPY", { timeframe: "1m", calendar: "XNYS" });
    const filled = columns((await lib.read("SPY")).data);
    expect(filled.timestamp.map((t) => new Date(t as number).toISOString())).toEqual([
      "2024-07-03T16:57:00.000Z",
      "2024-07-03T16:58:00.000Z",
      "2024-07-03T16:59:00.000Z",
      "2024-07-05T13:30:00.000Z",
      "2024-07-05T13:31:00.000Z",
      "2024-07-05T13:32:00.000Z",
    ]);
    expect(filled.synthetic).toEqual([false, true, true, true, true, false]);
  });

  it("daily bars: a missing trading day is filled at the same time of day; the holiday is not", async () => {
    const days = ["2024-07-01", "2024-07-05", "2024-07-08"].map((d) => Date.parse(d + "T00:00:00Z"));
    await lib.write("SPY", asDates(cleanBars(days)));
    const result = await fillGaps(lib, "SPY", { timeframe: "1d", calendar: "XNYS" });
    expect(result.record?.addedRows).toBe(2);
    const filled = columns((await lib.read("SPY")).data);
    expect(filled.timestamp.map((t) => new Date(t as number).toISOString().slice(0, 10))).toEqual(["2024-07-01", "2024-07-02", "2024-07-03", "2024-07-05", "2024-07-08"]);
    expect(filled.synthetic).toEqual([false, true, true, false, false]);
  });

  it("chained fixes accumulate in metadata.fixes", async () => {
    const bars = withDuplicates();
    const kept = bars.timestamp.map((_, i) => i).filter((i) => i !== 20);
    await lib.write("AAPL", asDates(pick(bars, kept)), { metadata: "raw feed" });
    await fixDuplicates(lib, "AAPL");
    await fillGaps(lib, "AAPL", { timeframe: "1m" });
    const { metadata, version } = await lib.readMetadata("AAPL");
    expect(version).toBe(2);
    expect(metadata).toMatchObject({ original: "raw feed", fixes: [{ fix: "fixDuplicates", fromVersion: 0 }, { fix: "fillGaps", fromVersion: 1, addedRows: 1 }] });
  });

  it("refuses unsorted or duplicated bars with UNSORTED_DATA and writes nothing", async () => {
    await lib.write("AAPL", asDates(withDuplicates()));
    const error = await fillGaps(lib, "AAPL", { timeframe: "1m" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UNSORTED_DATA" });
    expect((error as Error).message).toMatch(/run fixDuplicates/);
    expect(await versionCount("AAPL")).toBe(1);
  });

  it("a bad timeframe is INVALID_OPTIONS before anything is read", async () => {
    await expect(fillGaps(lib, "NOPE", { timeframe: "often" })).rejects.toMatchObject({ code: "INVALID_OPTIONS" });
  });
});
