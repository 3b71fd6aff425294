import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AggName, Arctic, Library, QueryBuilder, col } from "../../lib/store";
import { frameArb, toColumns } from "./arbitraries";
import { RefAgg, Row, expectRows, refFilter, refGroupBy, tableRows } from "./reference";

let ac: Arctic;
let lib: Library;
beforeAll(async () => {
  ac = await Arctic.open("mem://");
  lib = await ac.createLibrary("q");
});
afterAll(async () => {
  await ac.close();
});

/** Aggregations each column type allows (sum/mean/std need numbers). */
const ALLOWED: Record<string, AggName[]> = {
  x: ["sum", "mean", "min", "max", "count", "first", "last", "std"],
  n: ["sum", "mean", "min", "max", "count", "first", "last", "std"],
  venue: ["min", "max", "count", "first", "last"],
  flag: ["min", "max", "count", "first", "last"],
};
const aggArb = fc.constantFrom(...Object.entries(ALLOWED).flatMap(([column, aggs]) => aggs.map((agg) => ({ column, agg }))));

/** Sorts rows by the key columns' JSON text (multi-key null ordering is not part of the contract). */
const byKeys = (rows: Row[], keys: string[]) => [...rows].sort((a, b) => (JSON.stringify(keys.map((k) => a[k])) < JSON.stringify(keys.map((k) => b[k])) ? -1 : 1));

describe("groupBy against the plain-JS reference", () => {
  it("one or several keys, several aggregations per column, named outputs", async () => {
    await fc.assert(
      fc.asyncProperty(
        frameArb(50),
        fc.shuffledSubarray(["venue", "n", "flag"], { minLength: 1, maxLength: 2 }),
        fc.array(aggArb, { minLength: 1, maxLength: 5 }),
        async (rows, keys, picked) => {
          await lib.write("G", toColumns(rows));
          const aggs: RefAgg[] = picked.filter((a) => !keys.includes(a.column)).map((a, i) => ({ output: `${a.column}_${a.agg}_${i}`, ...a }));
          fc.pre(aggs.length > 0);
          const spec = Object.fromEntries(aggs.map((a) => [a.output, { column: a.column, agg: a.agg }]));
          const q = new QueryBuilder().groupBy(keys).agg(spec);
          const got = tableRows((await lib.read("G", { query: q })).data);
          const expected = refGroupBy(rows, keys, aggs);
          if (keys.length === 1) expectRows(got, expected, `${q}\n`);
          else expectRows(byKeys(got, keys), byKeys(expected, keys), `${q}\n`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("the shorthand forms name outputs after the column, or <column>_<agg> for several", async () => {
    await fc.assert(
      fc.asyncProperty(frameArb(30), async (rows) => {
        await lib.write("G", toColumns(rows));
        const q = new QueryBuilder().filter(col("x").ge(0)).groupBy("venue").agg({ x: ["min", "max"], n: "count" });
        const got = tableRows((await lib.read("G", { query: q })).data);
        const expected = refGroupBy(refFilter(rows, col("x").ge(0).node), ["venue"], [
          { output: "x_min", column: "x", agg: "min" },
          { output: "x_max", column: "x", agg: "max" },
          { output: "n", column: "n", agg: "count" },
        ]);
        expectRows(got, expected);
      }),
      { numRuns: 20 },
    );
  });

  it("the architecture example: groupBy two columns with sum and min/max", async () => {
    await lib.write("TRADES", { venue: ["X", "Y", "X", "X"], side: ["buy", "buy", "sell", "buy"], size: [1, 2, 3, 4], price: [10, 11, 12, 9] });
    const q = new QueryBuilder().groupBy(["venue", "side"]).agg({ size: "sum", price: ["min", "max"] });
    const t = (await lib.read("TRADES", { query: q })).data;
    expect(t.columnNames()).toEqual(["venue", "side", "size", "price_min", "price_max"]);
    // By hand: X/buy rows 0 and 3 (size 1+4, price 10 and 9); X/sell row 2; Y/buy row 1.
    expect(t.objects()).toEqual([
      { venue: "X", side: "buy", size: 5, price_min: 9, price_max: 10 },
      { venue: "X", side: "sell", size: 3, price_min: 12, price_max: 12 },
      { venue: "Y", side: "buy", size: 2, price_min: 11, price_max: 11 },
    ]);
  });
});
