import { describe as suite, expect, it } from "vitest";
import { TimestampArray } from "../TimestampArray";
import { toTable } from "../toTable";
import { cumsum, describe, diff, ewm, ffill, fillna, FrameError, melt, pctChange, pivot, rolling, shift } from "./index";

function failure(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

const D = Date.UTC(2024, 0, 2);
const bars = () =>
  toTable([
    ["timestamp", TimestampArray.from([D, D + 60_000, D + 120_000, D + 180_000])],
    ["close", Float64Array.of(10, 11, NaN, 12.1)],
    ["volume", [100, null, 300, 400]],
    ["venue", ["X", null, null, "Y"]],
  ]);

suite("series verbs on a table column and on an array agree", () => {
  it("rolling, ewm, shift, diff, pctChange, cumsum take (table, column, options) or (values, options)", () => {
    const t = bars();
    const close = Float64Array.of(10, 11, NaN, 12.1);
    expect(rolling(t, "close", { window: 2, minPeriods: 1 }).mean()).toEqual(rolling(close, { window: 2, minPeriods: 1 }).mean());
    expect(ewm(t, "close", { span: 3 }).mean()).toEqual(ewm(close, { span: 3 }).mean());
    expect(Array.from(shift(t, "close"))).toEqual([NaN, 10, 11, NaN]);
    expect(Array.from(diff(t, "volume"))).toEqual([NaN, NaN, NaN, 100]);
    expect(Array.from(cumsum(t, "volume"))).toEqual([100, NaN, 400, 800]);
    expect(pctChange(t, "close")[2]).toBe(0);
  });

  it("a column name is found regardless of case, as charts find theirs", () => {
    expect(rolling(bars(), "Close", { window: 1 }).max()[1]).toBe(11);
  });

  it("the result goes back into the table with assign, typed", () => {
    const t = bars();
    const t2 = t.assign({ sma2: rolling(t, "close", { window: 2 }).mean() });
    expect(t2.column("sma2")).toBeInstanceOf(Float64Array);
    expect(t2.numRows()).toBe(4);
  });
});

suite("named errors", () => {
  it.each([
    ["a missing column", () => rolling(bars(), "open", { window: 2 }), "MISSING_COLUMN", /'open'.*'close'/],
    ["a string column", () => shift(bars(), "venue"), "NOT_NUMERIC", /'venue'.*row 0/],
    ["window 0", () => rolling(Float64Array.of(1), { window: 0 }), "INVALID_OPTION", /window/],
    ["minPeriods above window", () => rolling(Float64Array.of(1), { window: 2, minPeriods: 3 }), "INVALID_OPTION", /minPeriods/],
    ["ewm without a decay", () => ewm(Float64Array.of(1), {}), "INVALID_OPTION", /span, alpha or com/],
    ["ewm with two decays", () => ewm(Float64Array.of(1), { span: 2, alpha: 0.5 }), "INVALID_OPTION", /span and alpha/],
    ["alpha above 1", () => ewm(Float64Array.of(1), { alpha: 2 }), "INVALID_OPTION", /alpha/],
    ["a table without a column name", () => shift(bars() as never), "INVALID_OPTION", /name the column/],
    ["a fractional period", () => diff(Float64Array.of(1), { periods: 0.5 }), "INVALID_OPTION", /periods/],
    ["a percentile of 50", () => describe(bars(), { percentiles: [50] }), "INVALID_OPTION", /between 0 and 1/],
    ["fillna of a string into a named number column", () => fillna(bars(), { value: "x", columns: ["close"] }), "INVALID_OPTION", /'close'/],
  ])("%s: FrameError %s", (_what, fn, code, message) => {
    const error = failure(fn);
    expect(error).toBeInstanceOf(FrameError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });
});

suite("ffill and fillna", () => {
  it("ffill fills every kind of column, keeps typed arrays and leaves the input alone", () => {
    const t = bars();
    const f = ffill(t);
    expect(Array.from(f.column("close") as Float64Array)).toEqual([10, 11, 11, 12.1]);
    expect(f.column("close")).toBeInstanceOf(Float64Array);
    expect(f.array("volume")).toEqual([100, 100, 300, 400]);
    expect(f.array("venue")).toEqual(["X", "X", "X", "Y"]);
    expect(f.column("timestamp")).toBe(t.column("timestamp"));
    expect(Number.isNaN((t.column("close") as Float64Array)[2])).toBe(true);
  });

  it("ffill's limit stops a long gap", () => {
    const f = ffill(toTable([["x", [1, null, null, null]]]), { limit: 2 });
    expect(f.array("x")).toEqual([1, 1, 1, null]);
  });

  it("fillna puts one value into the columns of its type, or one value per column", () => {
    expect(fillna(bars(), { value: 0 }).array("venue")).toEqual(["X", null, null, "Y"]);
    expect(fillna(bars(), { value: 0 }).array("volume")).toEqual([100, 0, 300, 400]);
    const f = fillna(bars(), { value: { venue: "?", close: -1 } });
    expect(f.array("venue")).toEqual(["X", "?", "?", "Y"]);
    expect(Array.from(f.column("close") as Float64Array)).toEqual([10, 11, -1, 12.1]);
  });
});

suite("describe", () => {
  it("describes the numeric columns, not timestamps or strings", () => {
    const d = describe(bars());
    expect(d.columnNames()).toEqual(["stat", "close", "volume"]);
    expect(d.array("stat")).toEqual(["count", "mean", "std", "min", "25%", "50%", "75%", "max"]);
    expect(d.array("volume").slice(0, 1)).toEqual([3]);
  });
});

suite("pivot and melt", () => {
  const long = () =>
    toTable([
      ["timestamp", TimestampArray.from([D + 60_000, D, D, D + 60_000])],
      ["symbol", ["MSFT", "MSFT", "AAPL", "AAPL"]],
      ["close", Float64Array.of(2, 1, 10, 11)],
    ]);

  it("pivot: one row per time (ascending), one column per symbol (sorted), NaN where a pair is missing", () => {
    const wide = pivot(long(), { index: "timestamp", columns: "symbol", values: "close" });
    expect(wide.columnNames()).toEqual(["timestamp", "AAPL", "MSFT"]);
    expect(wide.column("timestamp")).toBeInstanceOf(TimestampArray);
    expect(Array.from(wide.column("timestamp") as Float64Array)).toEqual([D, D + 60_000]);
    expect(Array.from(wide.column("AAPL") as Float64Array)).toEqual([10, 11]);
    const partial = pivot(long().slice(0, 3), { index: "timestamp", columns: "symbol", values: "close" });
    expect(Array.from(partial.column("AAPL") as Float64Array)).toEqual([10, NaN]);
  });

  it("pivot and melt keep the timestamp index a TimestampArray even after arquero made it a plain array", () => {
    const plain = toTable([["timestamp", [D, D]], ["symbol", ["A", "B"]], ["close", [1, 2]]]);
    const wide = pivot(plain, { index: "timestamp", columns: "symbol", values: "close" });
    expect(wide.column("timestamp")).toBeInstanceOf(TimestampArray);
    expect(melt(wide, { idVars: ["timestamp"] }).column("timestamp")).toBeInstanceOf(TimestampArray);
  });

  it("pivot refuses a repeated pair, naming the row", () => {
    const t = toTable([["t", [1, 1]], ["s", ["A", "A"]], ["v", [1, 2]]]);
    expect(failure(() => pivot(t, { index: "t", columns: "s", values: "v" }))).toMatchObject({ code: "INVALID_OPTION", row: 1 });
  });

  it("melt stacks columns after each other and is undone by pivot", () => {
    const wide = pivot(long(), { index: "timestamp", columns: "symbol", values: "close" });
    const back = melt(wide, { idVars: ["timestamp"], varName: "symbol", valueName: "close" });
    expect(back.columnNames()).toEqual(["timestamp", "symbol", "close"]);
    expect(back.array("symbol")).toEqual(["AAPL", "AAPL", "MSFT", "MSFT"]);
    expect(Array.from(back.column("close") as Float64Array)).toEqual([10, 11, 1, 2]);
    expect(back.column("timestamp")).toBeInstanceOf(TimestampArray);
    const again = pivot(back, { index: "timestamp", columns: "symbol", values: "close" });
    expect(again.objects()).toEqual(wide.objects());
  });
});
