import { beforeEach, describe, expect, it } from "vitest";
import { InvalidDataError, Library, QueryBuilder, col } from "../../lib/store";
import { columns, failure, useMemoryLibrary } from "../../lib/store/testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

const t = (m: number) => new Date(Date.UTC(2024, 0, 2, 15, m));
const ms = (m: number) => t(m).getTime();

beforeEach(async () => {
  await lib.write("B", { timestamp: [0, 1, 2, 3, 4, 5].map(t), close: [1, 2, 3, 4, 5, 6], venue: ["X", "Y", "X", "Y", "X", "Y"] });
});

describe("lib.read(symbol, { query })", () => {
  it("returns the version read, with the query's result as data", async () => {
    await lib.append("B", { timestamp: [t(6)], close: [7], venue: ["X"] });
    const item = await lib.read("B", { query: new QueryBuilder().filter(col("venue").eq("X")), asOf: 0 });
    expect(item.version).toBe(0);
    expect(item.symbol).toBe("B");
    expect(columns(item.data).close).toEqual([1, 3, 5]);
  });

  it("columns, dateRange and rowRange of the read apply before the query's steps", async () => {
    const q = new QueryBuilder().filter(col("close").ge(2)).head(2);
    const item = await lib.read("B", { query: q, columns: ["close"], dateRange: [t(1), t(4)], rowRange: [1, 4] });
    // dateRange keeps minutes 1..4 (close 2..5), rowRange [1, 4) of those keeps close 3, 4, 5, the query keeps the first two.
    expect(columns(item.data)).toEqual({ timestamp: [ms(2), ms(3)], close: [3, 4] });
  });

  it("a query starting with head or tail reads only those rows", async () => {
    expect(columns((await lib.read("B", { query: new QueryBuilder().tail(2).filter(col("venue").eq("Y")) })).data).close).toEqual([6]);
    expect(columns((await lib.read("B", { query: new QueryBuilder().head(-4) })).data).close).toEqual([1, 2]);
    expect(columns((await lib.read("B", { query: new QueryBuilder().tail(-4) })).data).close).toEqual([5, 6]);
    expect(columns((await lib.read("B", { query: new QueryBuilder().rowRange([-3, -1]) })).data).close).toEqual([4, 5]);
  });

  it("dateRange as a step, with ISO strings and open ends", async () => {
    const q = new QueryBuilder().dateRange(["2024-01-02T15:04:00Z", null]);
    expect(columns((await lib.read("B", { query: q })).data).close).toEqual([5, 6]);
    const q2 = new QueryBuilder().filter(col("timestamp").lt("2024-01-02T15:02:00Z"));
    expect(columns((await lib.read("B", { query: q2 })).data).close).toEqual([1, 2]);
  });

  it("steps apply in order: a filter after a resample sees the bars", async () => {
    const q = new QueryBuilder().resample("2min").agg({ close: "last", n: { column: "close", agg: "count" } }).filter(col("close").gt(2)).apply("double", col("close").mul(2));
    expect(columns((await lib.read("B", { query: q })).data)).toEqual({ timestamp: [ms(2), ms(4)], close: [4, 6], n: [2, 2], double: [8, 12] });
  });

  it("a query that is not a QueryBuilder is refused", async () => {
    const e = (await failure(() => lib.read("B", { query: { steps: [] } as never }))) as Error;
    expect(e).toBeInstanceOf(InvalidDataError);
    expect(e.message).toBe("read: 'query' for 'B' must be a QueryBuilder, got object");
  });

  it("readBatch passes a query through", async () => {
    const [r] = await lib.readBatch([{ symbol: "B", query: new QueryBuilder().groupBy("venue").agg({ close: "sum" }) }]);
    expect(columns((r as { data: Parameters<typeof columns>[0] }).data)).toEqual({ venue: ["X", "Y"], close: [9, 12] });
  });
});

describe("queryTable", () => {
  it("runs a query over an in-memory table, unsorted rows included", async () => {
    const { queryTable } = await import("../../lib/store");
    const rows = [
      { timestamp: t(3), close: 4 },
      { timestamp: t(0), close: 1 },
      { timestamp: t(2), close: 3 },
    ];
    const out = await queryTable(rows, new QueryBuilder().resample("2min").agg({ close: "sum" }));
    expect(columns(out)).toEqual({ timestamp: [ms(0), ms(2)], close: [1, 7] });
  });
});
