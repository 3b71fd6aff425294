import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic, Library, QueryBuilder, col } from "../../lib/store";
import { conditionArb, frameArb, toColumns } from "./arbitraries";
import { Row, evaluate, expectRows, refFilter, tableRows } from "./reference";

let ac: Arctic;
let lib: Library;
beforeAll(async () => {
  ac = await Arctic.open("mem://");
  lib = await ac.createLibrary("q");
});
afterAll(async () => {
  await ac.close();
});

describe("filter and apply against the plain-JS reference", () => {
  it("filter keeps exactly the rows where the condition is true (three-valued logic, NaN as DuckDB orders it)", async () => {
    await fc.assert(
      fc.asyncProperty(frameArb(), conditionArb, async (rows, cond) => {
        await lib.write("F", toColumns(rows));
        const q = new QueryBuilder().filter(cond);
        const got = tableRows((await lib.read("F", { query: q })).data);
        expectRows(got, refFilter(rows, cond.node), `${cond}: `);
      }),
      { numRuns: 60 },
    );
  });

  it("derived columns after a filter match the row-by-row computation", async () => {
    await fc.assert(
      fc.asyncProperty(frameArb(), fc.integer({ min: -2, max: 2 }), async (rows, k) => {
        await lib.write("F", toColumns(rows));
        const mid = col("x").add(col("n")).mul(k).abs();
        const q = new QueryBuilder().filter(col("n").notNull()).apply("mid", mid).apply("x", col("x").div(4));
        const got = tableRows((await lib.read("F", { query: q })).data);
        const expected = rows
          .filter((r) => r.n !== null)
          .map((r): Row => ({ ...r, x: r.x === null ? null : (r.x as number) / 4, mid: evaluate(mid.node, r) }));
        expectRows(got, expected);
      }),
      { numRuns: 30 },
    );
  });

  it("head, tail and rowRange after a filter count the filtered rows", async () => {
    await fc.assert(
      fc.asyncProperty(frameArb(), fc.integer({ min: -5, max: 8 }), fc.integer({ min: -5, max: 8 }), async (rows, a, b) => {
        await lib.write("F", toColumns(rows));
        const kept = rows.filter((r) => r.venue !== "A");
        const base = new QueryBuilder().filter(col("venue").ne("A").or(col("venue").isNull()));
        const read = async (q: QueryBuilder) => tableRows((await lib.read("F", { query: q })).data);
        const n = kept.length;
        const clamp = (v: number) => Math.min(Math.max(v < 0 ? n + v : v, 0), n);
        expectRows(await read(base.head(a)), a >= 0 ? kept.slice(0, a) : kept.slice(0, Math.max(n + a, 0)), `head(${a}) `);
        expectRows(await read(base.tail(a)), a >= 0 ? kept.slice(Math.max(n - a, 0)) : kept.slice(Math.min(-a, n)), `tail(${a}) `);
        expectRows(await read(base.rowRange([a, b])), kept.slice(clamp(a), Math.max(clamp(a), clamp(b))), `rowRange(${a}, ${b}) `);
      }),
      { numRuns: 30 },
    );
  });

  it("reads in stored order after an update splits the version into pieces", async () => {
    const t = (m: number) => new Date(Date.UTC(2024, 0, 1, 0, m));
    await lib.write("U", { timestamp: [0, 1, 2, 3, 4, 5].map(t), x: [0, 1, 2, 3, 4, 5] });
    await lib.update("U", { timestamp: [t(2), t(3)], x: [20, 30] });
    const got = (await lib.read("U", { query: new QueryBuilder().filter(col("x").ge(1)) })).data;
    expect(Array.from(got.array("x") as Float64Array)).toEqual([1, 20, 30, 4, 5]);
    const tail = (await lib.read("U", { query: new QueryBuilder().filter(col("x").ge(1)).tail(3) })).data;
    expect(Array.from(tail.array("x") as Float64Array)).toEqual([30, 4, 5]);
  });
});
