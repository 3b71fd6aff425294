/** ohlcvWriteCheck through the store's `check` hook: reject leaves the store as it was, warn stores. */
import { describe, expect, it } from "vitest";
import { InvalidDataError, Library, isDataError } from "../../lib/store";
import { columns, useMemoryLibrary } from "../../lib/store/testing";
import { ValidationError, ohlcvWriteCheck } from "../../lib/validate";
import { asDates, cleanBars, minuteGrid, pick } from "../../lib/validate/testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store), { name: "market_data" });

const check = ohlcvWriteCheck();

describe("ohlcvWriteCheck", () => {
  it("lets clean bars through on write, append and update", async () => {
    const bars = cleanBars(minuteGrid(20));
    await lib.write("AAPL", asDates(pick(bars, [0, 1, 2, 3, 4])), { check });
    await lib.append("AAPL", asDates(pick(bars, [5, 6, 7])), { check });
    await lib.update("AAPL", asDates(pick(bars, [6, 7, 8])), { check });
    expect((await lib.read("AAPL")).data.numRows()).toBe(9);
  });

  it("reject: a write of bad bars throws INVALID_DATA naming symbol and rows, and stores nothing", async () => {
    const bars = cleanBars(minuteGrid(10));
    bars.high[4] = (bars.low[4] as number) / 2;
    bars.close[7] = NaN;
    const error = await lib.write("AAPL", asDates(bars), { check }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error).toMatchObject({ code: "INVALID_DATA", library: "market_data", symbol: "AAPL", row: 4 });
    expect((error as Error).cause).toBeInstanceOf(ValidationError);
    expect((error as Error).cause).toMatchObject({ code: "INVALID_DATA", rows: [4, 7] });
    expect((error as Error).message).toMatch(/^write check of 'AAPL' in 'market_data': 2 invalid row\(s\) \(row 4: high .* < low .*; row 7: close is NaN\); nothing was stored/);
    expect(await lib.hasSymbol("AAPL")).toBe(false);
  });

  it("reject: an append with a duplicate leaves the stored versions as they were", async () => {
    const bars = cleanBars(minuteGrid(10));
    await lib.write("AAPL", asDates(pick(bars, [0, 1, 2])), { check });
    const before = columns((await lib.read("AAPL")).data);
    await expect(lib.append("AAPL", asDates(pick(bars, [3, 4, 4, 5])), { check })).rejects.toMatchObject({ code: "INVALID_DATA", row: 1 });
    expect(await lib.listVersions("AAPL")).toHaveLength(1);
    expect(columns((await lib.read("AAPL")).data)).toEqual(before);
  });

  it("in a batch, a refused item gets a DataError and the others are written", async () => {
    const bars = cleanBars(minuteGrid(5));
    const bad = { ...bars, close: bars.close.map((c, i) => (i === 1 ? -1 : c)) };
    const results = await lib.writeBatch([{ symbol: "A", data: asDates(bars) }, { symbol: "B", data: asDates(bad) }, { symbol: "C", data: asDates(bars) }], { check });
    expect(results.map((r) => (isDataError(r) ? r.code : r.version))).toEqual([0, "INVALID_DATA", 0]);
    expect(await lib.listSymbols()).toEqual(["A", "C"]);
  });

  it("warn: the data is stored and the warning names what was found", async () => {
    const warnings: string[] = [];
    const warn = ohlcvWriteCheck({ mode: "warn", onWarning: (message) => warnings.push(message) });
    const bars = cleanBars(minuteGrid(5));
    bars.volume[2] = -1;
    await lib.write("AAPL", asDates(bars), { check: warn });
    expect(warnings).toEqual([expect.stringMatching(/^write check of 'AAPL' in 'market_data': 1 invalid row\(s\) \(row 2: volume -1 < 0\) \(stored anyway\)$/)]);
    expect((await lib.read("AAPL")).data.numRows()).toBe(5);
  });

  it("on: gaps, with a timeframe and calendar, rejects a feed with holes", async () => {
    const gaps = ohlcvWriteCheck({ timeframe: "1m", on: ["gaps", "invalid"] });
    const bars = cleanBars(minuteGrid(10));
    await expect(lib.write("BTC", asDates(pick(bars, [0, 1, 2, 6, 7])), { check: gaps })).rejects.toThrow(/1 gap\(s\), 3 bar\(s\) missing/);
    expect(await lib.hasSymbol("BTC")).toBe(false);
  });

  it("bad options are INVALID_OPTIONS when the check is made", () => {
    expect(() => ohlcvWriteCheck({ mode: "loud" as never })).toThrow(/'mode' must be "reject" or "warn", got "loud"/);
    expect(() => ohlcvWriteCheck({ on: ["gaps"] })).toThrow(/needs a 'timeframe'/);
    expect(() => ohlcvWriteCheck({ on: ["holes" as never] })).toThrow(/unknown findings "holes"/);
  });
});
