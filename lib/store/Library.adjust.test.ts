import { describe, expect, it } from "vitest";
import { QueryBuilder } from "./query";
import { InvalidDataError, Library, SchemaError } from "./index";
import { columns, day, days, failure, sleep, useMemoryLibrary } from "./testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

/** Ten daily bars, 2024-01-01..10, traded around 400 before a 4-for-1 split on the 6th and 100 after. */
function ohlcv() {
  const ds = days(1, 10);
  const close = ds.map((d) => (d < 6 ? 400 + d : 100 + d / 4));
  return {
    timestamp: ds.map((d) => new Date(day(d))),
    open: close.map((c) => c - 1),
    high: close.map((c) => c + 2),
    low: close.map((c) => c - 3),
    close,
    volume: ds.map((d) => 1000 * d),
  };
}

const actions = (rows: [number, number, number][]) => ({ timestamp: rows.map((r) => new Date(day(r[0]))), dividend: rows.map((r) => r[1]), split: rows.map((r) => r[2]) });

describe("read with adjust", () => {
  it("'splits' divides prices and multiplies volume before the ex-date; the stored bars stay as written", async () => {
    const bars = ohlcv();
    await lib.write("AAPL", bars);
    await lib.write("AAPL.actions", actions([[6, 0, 4]]));
    const read = await lib.read("AAPL", { adjust: "splits" });
    const got = columns(read.data);
    bars.close.forEach((c, i) => {
      const r = i < 5 ? 4 : 1;
      expect(got.close[i], `close of row ${i}`).toBe(c / r);
      expect(got.open[i]).toBe(bars.open[i] / r);
      expect(got.volume[i]).toBe(bars.volume[i] * r);
    });
    expect(read.adjustment).toEqual({ mode: "splits", actionsSymbol: "AAPL.actions", actionsVersion: 0, splits: 1, dividends: 0 });
    expect(columns((await lib.read("AAPL")).data).close, "a plain read gives the prices as traded").toEqual(bars.close);
  });

  it("'all' also scales earlier prices by 1 - dividend / previous close, and a dateRange sees the same numbers", async () => {
    const bars = ohlcv();
    await lib.write("AAPL", bars);
    await lib.write("AAPL.actions", actions([[3, 2.5, 1], [6, 0, 4], [9, 0.5, 1]]));
    const full = columns((await lib.read("AAPL", { adjust: "all" })).data);
    // By the definition: a bar is scaled by every action after it.
    const m3 = 1 - 2.5 / bars.close[1];
    const m9 = 1 - 0.5 / bars.close[7];
    const expected = bars.close.map((c, i) => (i < 2 ? c * (m9 / 4) * m3 : i < 5 ? c * (m9 / 4) : i < 8 ? c * m9 : c));
    full.close.forEach((c, i) => expect(c as number).toBeCloseTo(expected[i], 10));
    // The dividend of the 9th needs the close of the 8th: outside this range, still applied.
    const part = await lib.read("AAPL", { adjust: "all", dateRange: [day(2), day(5)], columns: ["close", "volume"] });
    expect(part.data.columnNames()).toEqual(["timestamp", "close", "volume"]);
    expect(columns(part.data).close).toEqual(full.close.slice(1, 5));
    expect(columns((await lib.read("AAPL", { adjust: "all", rowRange: [-3, null] })).data).close).toEqual(full.close.slice(7));
  });

  it("reads the actions as of the bars: an action added later changes the latest read, not a read of the older version", async () => {
    await lib.write("X.actions", actions([[3, 1, 1]]));
    await lib.write("X", ohlcv());
    await sleep(5);
    const before = new Date();
    await sleep(5);
    await lib.write("X.actions", actions([[3, 1, 1], [6, 0, 4]])); // the split becomes known later
    await lib.append("X", { timestamp: [new Date(day(11))], open: [101], high: [104], low: [99], close: [102], volume: [1] });
    const latest = await lib.read("X", { adjust: "splits" });
    expect([latest.version, latest.adjustment?.actionsVersion, latest.adjustment?.splits]).toEqual([1, 1, 1]);
    const old = await lib.read("X", { adjust: "splits", asOf: 0 });
    expect([old.adjustment?.actionsVersion, old.adjustment?.splits], "version 0 of X goes with version 0 of its actions").toEqual([0, 0]);
    expect(columns(old.data).close).toEqual(ohlcv().close);
    expect((await lib.read("X", { adjust: "splits", asOf: before })).adjustment?.actionsVersion).toBe(0);
    await lib.snapshot("before-split", { versions: { X: 1, "X.actions": 0 } });
    const pinned = await lib.read("X", { adjust: "splits", asOf: "before-split" });
    expect([pinned.version, pinned.adjustment?.actionsVersion], "a snapshot's own actions version wins").toEqual([1, 0]);
    await lib.snapshot("bars-only", { versions: { X: 0 }, skipSymbols: ["X.actions"] });
    expect((await lib.read("X", { adjust: "splits", asOf: "bars-only" })).adjustment?.actionsVersion, "else as of the bars' version").toBe(0);
    await lib.write("Y", ohlcv());
    await lib.write("Y.actions", actions([[6, 0, 4]]));
    expect((await lib.read("Y", { adjust: "splits", asOf: 0 })).adjustment?.actionsVersion, "actions written after the bars' version are not seen by it").toBeNull();
  });

  it("returns the bars as stored when no actions are stored, and says so", async () => {
    await lib.write("B", ohlcv());
    const read = await lib.read("B", { adjust: "all" });
    expect(read.adjustment).toEqual({ mode: "all", actionsSymbol: "B.actions", actionsVersion: null, splits: 0, dividends: 0 });
    expect(columns(read.data)).toEqual(columns((await lib.read("B")).data));
  });

  it("refuses an unknown mode, a query, a row-indexed symbol and a bad action, naming what to fix", async () => {
    await lib.write("C", ohlcv());
    await lib.write("C.actions", actions([[3, 0, 0]]));
    const mode = await failure(() => lib.read("C", { adjust: "dividends" as "all" }));
    expect(mode).toBeInstanceOf(InvalidDataError);
    expect((mode as Error).message).toBe(`read 'C': 'adjust' must be "splits" or "all", got "dividends"`);
    await expect(lib.read("C", { adjust: "all", query: new QueryBuilder().resample("1w") })).rejects.toThrow("'adjust' cannot be combined with 'query'");
    const bad = (await failure(() => lib.read("C", { adjust: "splits" }))) as InvalidDataError;
    expect(bad).toBeInstanceOf(InvalidDataError);
    expect([bad.symbol, bad.column, bad.row]).toEqual(["C.actions", "split", 0]);
    expect(bad.message).toContain("'C.actions' row 0 (2024-01-03T00:00:00.000Z): 'split' is 0");
    await lib.write("rows", { close: [1, 2] });
    await expect(lib.read("rows", { adjust: "splits" })).rejects.toThrow(SchemaError);
  });
});
