import { describe, expect, it } from "vitest";
import { Arctic, Library, QueryBuilder, ResampleOptions, col } from "../../lib/store";
import { useMemoryLibrary } from "../../lib/store/testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
async function sums(symbol: string, rule: string, options: ResampleOptions = {}) {
  const t = (await lib.read(symbol, { query: new QueryBuilder().resample(rule, options).agg({ v: "sum" }) })).data;
  return t.objects().map((r) => [iso((r as { timestamp: number }).timestamp), (r as { v: number }).v]);
}

describe("resample: worked examples from pandas' documentation", () => {
  // pandas.Series.resample docstring: 9 one-minute rows from 2000-01-01 00:00 holding 0..8, resampled to 3min.
  const minutes = { timestamp: Array.from({ length: 9 }, (_, i) => new Date(Date.UTC(2000, 0, 1, 0, i))), v: Array.from({ length: 9 }, (_, i) => i) };

  it("3min buckets, closed and labelled left / labelled right / closed and labelled right", async () => {
    await lib.write("S", minutes);
    expect(await sums("S", "3min")).toEqual([["2000-01-01T00:00:00Z", 3], ["2000-01-01T00:03:00Z", 12], ["2000-01-01T00:06:00Z", 21]]);
    expect(await sums("S", "3min", { label: "right" })).toEqual([["2000-01-01T00:03:00Z", 3], ["2000-01-01T00:06:00Z", 12], ["2000-01-01T00:09:00Z", 21]]);
    expect(await sums("S", "3min", { label: "right", closed: "right" })).toEqual([
      ["2000-01-01T00:00:00Z", 0],
      ["2000-01-01T00:03:00Z", 6],
      ["2000-01-01T00:06:00Z", 15],
      ["2000-01-01T00:09:00Z", 15],
    ]);
  });

  // pandas' origin/offset example: rows every 7 minutes from 2000-10-01 23:30 to 2000-10-02 00:26 holding 0, 3, ..., 24, in 17min buckets.
  const sevens = { timestamp: Array.from({ length: 9 }, (_, i) => new Date(Date.UTC(2000, 9, 1, 23, 30 + 7 * i))), v: Array.from({ length: 9 }, (_, i) => 3 * i) };

  it("17min buckets from each origin, and an offset", async () => {
    await lib.write("T", sevens);
    const day = (hm: string) => (hm < "12" ? `2000-10-02T${hm}:00Z` : `2000-10-01T${hm}:00Z`);
    const rows = (pairs: [string, number][]) => pairs.map(([hm, v]) => [day(hm), v]);
    expect(await sums("T", "17min", { origin: "start_day" })).toEqual(rows([["23:14", 0], ["23:31", 9], ["23:48", 21], ["00:05", 54], ["00:22", 24]]));
    expect(await sums("T", "17min", { origin: "epoch" })).toEqual(rows([["23:18", 0], ["23:35", 18], ["23:52", 27], ["00:09", 39], ["00:26", 24]]));
    expect(await sums("T", "17min", { origin: "2000-01-01" })).toEqual(rows([["23:24", 3], ["23:41", 15], ["23:58", 45], ["00:15", 45]]));
    expect(await sums("T", "17min", { origin: "start" })).toEqual(rows([["23:30", 9], ["23:47", 21], ["00:04", 54], ["00:21", 24]]));
    expect(await sums("T", "17min", { origin: "start_day", offset: "23h30min" })).toEqual(rows([["23:30", 9], ["23:47", 21], ["00:04", 54], ["00:21", 24]]));
    // pandas closes and labels right by default with origin "end"; here both are given.
    expect(await sums("T", "17min", { origin: "end", closed: "right", label: "right" })).toEqual(rows([["23:35", 0], ["23:52", 18], ["00:09", 27], ["00:26", 63]]));
  });
});

describe("resample: edge cases", () => {
  it("New York days are 23 hours on 2024-03-10 and 25 hours on 2024-11-03", async () => {
    const hours = (from: number, n: number) => Array.from({ length: n }, (_, i) => new Date(from + i * 3_600_000));
    // 24 + 23 + 24 and 24 + 25 + 24 hours from midnight New York.
    const ts = [...hours(Date.UTC(2024, 2, 9, 5), 71), ...hours(Date.UTC(2024, 10, 2, 4), 73)];
    await lib.write("H", { timestamp: ts, v: ts.map(() => 1) });
    const got = await sums("H", "1d", { timezone: "America/New_York" });
    // Midnight in New York is 05:00Z in EST and 04:00Z in EDT; one row per hour counts each day's hours.
    expect(got).toEqual([
      ["2024-03-09T05:00:00Z", 24],
      ["2024-03-10T05:00:00Z", 23],
      ["2024-03-11T04:00:00Z", 24],
      ["2024-11-02T04:00:00Z", 24],
      ["2024-11-03T04:00:00Z", 25],
      ["2024-11-04T05:00:00Z", 24],
    ]);
  });

  it("empty buckets are dropped by default and kept on request (sum 0, other aggregations null)", async () => {
    const ts = [0, 1, 5].map((h) => new Date(Date.UTC(2024, 0, 1, h)));
    await lib.write("E", { timestamp: ts, v: [1, 2, 3] });
    expect((await sums("E", "1h")).map((r) => r[1])).toEqual([1, 2, 3]);
    const kept = (await lib.read("E", { query: new QueryBuilder().resample("1h", { emptyBuckets: "keep" }).agg({ v: "sum", last: { column: "v", agg: "last" } }) })).data;
    expect(Array.from(kept.array("v") as ArrayLike<number>)).toEqual([1, 2, 0, 0, 0, 3]);
    expect(Array.from(kept.array("last") as ArrayLike<number | null>)).toEqual([1, 2, null, null, null, 3]);
  });

  it("OHLCV defaults: open first, high max, low min, close last, volume sum, other columns last", async () => {
    const ts = [0, 20, 40, 60].map((m) => new Date(Date.UTC(2024, 0, 2, 14, m)));
    await lib.write("O", { timestamp: ts, open: [1, 2, 3, 4], high: [5, 9, 6, 7], low: [0.5, 1, 0.2, 3], close: [2, 3, 4, 5], volume: [10, 20, 30, 40], vwap: [1.1, 2.2, 3.3, 4.4] });
    const t = (await lib.read("O", { query: new QueryBuilder().resample("1h") })).data;
    expect(t.objects()).toEqual([
      { timestamp: Date.UTC(2024, 0, 2, 14), open: 1, high: 9, low: 0.2, close: 4, volume: 60, vwap: 3.3 },
      { timestamp: Date.UTC(2024, 0, 2, 15), open: 4, high: 7, low: 3, close: 5, volume: 40, vwap: 4.4 },
    ]);
  });

  it("a calendar day bar per XNYS session: Good Friday 2024 (March 29) has none, the early close on 2024-11-29 ends at 13:00", async () => {
    const minutes = (from: number, n: number) => Array.from({ length: n }, (_, i) => new Date(from + i * 60_000));
    // 13:00-22:00Z each day from Thursday 2024-03-28 to Monday 2024-04-01, and 2024-11-29.
    const ts = [28, 29, 30, 31].flatMap((d) => minutes(Date.UTC(2024, 2, d, 13), 9 * 60)).concat(minutes(Date.UTC(2024, 3, 1, 13), 9 * 60), minutes(Date.UTC(2024, 10, 29, 13), 9 * 60));
    await lib.write("C", { timestamp: ts, v: ts.map(() => 1) });
    const got = await sums("C", "1d", { calendar: "XNYS" });
    // Sessions 09:30-16:00 New York (13:30-20:00Z in EDT = 390 minutes); 2024-11-29 closes at 13:00 EST (14:30-18:00Z = 210 minutes).
    expect(got).toEqual([
      ["2024-03-28T00:00:00Z", 390],
      ["2024-04-01T00:00:00Z", 390],
      ["2024-11-29T00:00:00Z", 210],
    ]);
  });

  it("an unsorted symbol: calendar sessions come from its smallest and largest time", async () => {
    const ts = [new Date(Date.UTC(2024, 0, 3, 15)), new Date(Date.UTC(2024, 0, 2, 15)), new Date(Date.UTC(2024, 0, 3, 16))];
    await lib.write("U", { timestamp: ts, v: [1, 2, 4] }, { validateIndex: false });
    // XNYS sessions of 2 and 3 January 2024 (both 14:30-21:00Z).
    expect(await sums("U", "1d", { calendar: "XNYS" })).toEqual([["2024-01-02T00:00:00Z", 2], ["2024-01-03T00:00:00Z", 5]]);
  });

  it("weeks end on Sunday (pandas' W): closed and labelled right by default, so a week is Monday to Sunday labelled by its Sunday", async () => {
    // 2024-01-07 is a Sunday, 2024-01-08 a Monday.
    await lib.write("W", { timestamp: [new Date(Date.UTC(2024, 0, 7, 12)), new Date(Date.UTC(2024, 0, 8, 1))], v: [1, 2] });
    expect(await sums("W", "1w")).toEqual([["2024-01-07T00:00:00Z", 1], ["2024-01-14T00:00:00Z", 2]]);
    // Closed left, the Sunday starts a week: [Sun 7, Sun 14).
    expect(await sums("W", "1w", { closed: "left", label: "left" })).toEqual([["2024-01-07T00:00:00Z", 3]]);
  });

  it("months: 'M' ends on month ends (labelled by the last day), 'MS' starts on the 1st", async () => {
    await lib.write("M", { timestamp: [new Date(Date.UTC(2024, 0, 31, 12)), new Date(Date.UTC(2024, 1, 1))], v: [1, 2] });
    expect(await sums("M", "1M")).toEqual([["2024-01-31T00:00:00Z", 1], ["2024-02-29T00:00:00Z", 2]]);
    expect(await sums("M", "1MS")).toEqual([["2024-01-01T00:00:00Z", 1], ["2024-02-01T00:00:00Z", 2]]);
  });

  it("the default origin is pandas' start_day: 2-day buckets start on the first row's day, not on the epoch's parity", async () => {
    // 2024-01-01 is an odd number of days (19723) after 1970-01-01.
    await lib.write("D2", { timestamp: [new Date(Date.UTC(2024, 0, 1, 12)), new Date(Date.UTC(2024, 0, 2, 12))], v: [1, 2] });
    expect(await sums("D2", "2d")).toEqual([["2024-01-01T00:00:00Z", 3]]);
    expect(await sums("D2", "2d", { origin: "epoch" })).toEqual([["2023-12-31T00:00:00Z", 1], ["2024-01-02T00:00:00Z", 2]]);
  });

  it("issue 14's frame: three rows around the repeated hour of 2024-11-03 share one New York day labelled 05:30Z (pandas raises on it: its first edge is ambiguous)", async () => {
    await lib.write("A", { timestamp: ["2024-11-03T05:45:00Z", "2024-11-03T06:15:00Z", "2024-11-03T06:45:00Z"].map((t) => new Date(t)), v: [1, 2, 4] });
    expect(await sums("A", "1d", { timezone: "America/New_York", offset: "1h30min" })).toEqual([["2024-11-03T05:30:00Z", 7]]);
  });

  it("no rows left before a zone, week or month resample gives no bucket", async () => {
    await lib.write("Z", { timestamp: [new Date(Date.UTC(2024, 0, 2))], v: [1] });
    for (const [rule, o] of [["1d", { timezone: "America/New_York" }], ["1w", {}], ["3M", { timezone: "Asia/Kolkata" }], ["1h", { timezone: "Asia/Kolkata", emptyBuckets: "keep" }]] as const) {
      const q = new QueryBuilder().filter(col("v").gt(5)).resample(rule, o as ResampleOptions).agg({ v: "sum" });
      expect((await lib.read("Z", { query: q })).data.numRows(), rule).toBe(0);
    }
  });

  it("week and month rules refuse an offset or origin (pandas ignores them there)", () => {
    expect(() => new QueryBuilder().resample("1w", { offset: "1h" })).toThrow(/'1w' has edges on Sundays, as pandas' "W"; offset does not apply/);
    expect(() => new QueryBuilder().resample("3M", { origin: "epoch" })).toThrow(/'3M' has edges on month ends, as pandas' "3M"; origin does not apply/);
  });
});

void Arctic;
