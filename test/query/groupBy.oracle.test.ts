/**
 * Issue 14 §5: groupBy aggregations against pandas 1.5 (`df.groupby(keys, sort=True, dropna=False).agg(...)`)
 * on random frames, value for value and bit for bit: quantlab's float sums and means are the same
 * compensated summation in row order as pandas' groupby, and std the same Welford update.
 * pandas has one missing value for floats, so the frames hold nulls but no NaN (quantlab's NaN is a value,
 * tested against the plain-JS reference in groupBy.property.test.ts), and a NaN pandas gives for a
 * missing result stands for quantlab's null.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AggName, Library, QueryBuilder, col } from "../../lib/store";
import { OracleColumn, OracleValue, QueryOracle, floatBits, oracleRows, useQueryOracle } from "../oracle/queryOracle";
import { Row, tableRows } from "./reference";

let lib: Library;
let pandas: QueryOracle;
useQueryOracle((env) => ({ lib, pandas } = env));

const VENUES = ["A", "B", "ab", "", "Zq"];
/**
 * Floats of many sizes and both signs, zeros, and nulls; never NaN or an infinity. Up to 1e150: past
 * that a deviation's squares overflow, where pandas gives inf and DuckDB's stddev_samp refuses the query.
 */
const floatArb = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -40, max: 40 }).map((v) => v / 8) },
  { weight: 1, arbitrary: fc.double({ min: -1e150, max: 1e150, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 0.1, 0.2, 0.3, 1e16, -1e16) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const rowArb = fc.record({
  venue: fc.oneof(fc.constantFrom(...VENUES), fc.constant(null)),
  n: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -1000, max: 1000 }) }, { weight: 1, arbitrary: fc.constant(null) }),
  k: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(null) }),
  x: floatArb,
});
type GRow = { venue: string | null; n: number | null; k: number | null; x: number | null };
/** The first row is all non-null so each column's stored type is known. */
// The store keeps a written -0 as 0, so the frames hold 0; the query's y = x * -1 makes the -0s.
const frameArb = fc
  .array(rowArb, { minLength: 1, maxLength: 60 })
  .map((rows): GRow[] => [{ venue: "A", n: 1, k: 0, x: 1.5 }, ...rows.map((r) => ({ ...r, x: Object.is(r.x, -0) ? 0 : r.x }))]);

const ALLOWED: Record<string, AggName[]> = {
  x: ["sum", "mean", "min", "max", "count", "first", "last", "std"],
  y: ["sum", "mean", "min", "max", "count", "first", "last", "std"],
  n: ["sum", "mean", "min", "max", "count", "first", "last", "std"],
  // pandas 1.5 cannot take min/max of a string column holding nulls ('<=' between str and float); the
  // plain-JS reference covers them.
  venue: ["count", "first", "last"],
};
const aggArb = fc.constantFrom(...Object.entries(ALLOWED).flatMap(([column, aggs]) => aggs.map((agg) => ({ column, agg }))));

const oracleColumns = (rows: GRow[]): OracleColumn[] => [
  { name: "venue", type: "string", values: rows.map((r) => r.venue) },
  { name: "n", type: "int", values: rows.map((r) => r.n) },
  { name: "k", type: "int", values: rows.map((r) => r.k) },
  { name: "x", type: "float", values: rows.map((r) => r.x) },
  { name: "y", type: "float", values: rows.map((r) => (r.x === null ? null : r.x * -1)) },
];

/** A value as compared: floats by their bits (so -0 and 0 differ), pandas' NaN for a missing value as null. */
function same(a: OracleValue, b: OracleValue): boolean {
  const norm = (v: OracleValue) => (typeof v === "number" && Number.isNaN(v) ? null : v);
  const [x, y] = [norm(a), norm(b)];
  if (typeof x === "number" && typeof y === "number") return floatBits(x) === floatBits(y);
  return x === y;
}

const keyOrder = (keys: string[]) => (a: Row, b: Row) => {
  for (const k of keys) {
    const [x, y] = [a[k], b[k]];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return Buffer.compare(Buffer.from(String(x)), Buffer.from(String(y))) || (x < y ? -1 : 1);
  }
  return 0;
};

function expectSameRows(got: Row[], expected: Row[], context: string): void {
  const show = () => `${context}\nquantlab: ${JSON.stringify(got.slice(0, 6))}\npandas:   ${JSON.stringify(expected.slice(0, 6))}`;
  expect(got.length, show()).toBe(expected.length);
  got.forEach((row, i) => {
    expect(Object.keys(row), show()).toEqual(Object.keys(expected[i]));
    for (const k of Object.keys(row)) {
      if (!same(row[k], expected[i][k] as OracleValue)) {
        throw new Error(`row ${i} column ${k}: quantlab ${Object.is(row[k], -0) ? "-0" : row[k]} (${typeof row[k] === "number" ? floatBits(row[k] as number) : ""}), pandas ${expected[i][k]}\n${show()}`);
      }
    }
  });
}

describe("groupBy against pandas", () => {
  it("sum, mean, std, min, max, count, first, last by one or two keys, bit for bit", async () => {
    await fc.assert(
      fc.asyncProperty(
        frameArb,
        fc.shuffledSubarray(["venue", "k", "n"], { minLength: 1, maxLength: 2 }),
        fc.array(aggArb, { minLength: 1, maxLength: 6 }),
        async (rows, keys, picked) => {
          const aggs = picked.filter((a) => !keys.includes(a.column)).map((a, i) => ({ output: `${a.column}_${a.agg}_${i}`, ...a }));
          fc.pre(aggs.length > 0);
          await lib.write("G", { venue: rows.map((r) => r.venue), n: rows.map((r) => (r.n === null ? null : BigInt(r.n))), k: rows.map((r) => (r.k === null ? null : BigInt(r.k))), x: rows.map((r) => r.x) });
          const q = new QueryBuilder()
            .apply("y", col("x").mul(-1))
            .groupBy(keys)
            .agg(Object.fromEntries(aggs.map((a) => [a.output, { column: a.column, agg: a.agg }])));
          const got = tableRows((await lib.read("G", { query: q })).data);
          const expected = oracleRows(await pandas.run("groupby", { columns: oracleColumns(rows), keys, aggs })) as Row[];
          // One key: quantlab's order (by key, null last) is compared as is; several: both sorted alike.
          if (keys.length > 1) [got, expected].forEach((r) => r.sort(keyOrder(keys)));
          expectSameRows(got, expected, `${q}`);
        },
      ),
      { numRuns: 150 },
    );
  }, 300_000);

  it("a sum of a group of nulls only is 0, as in pandas; its mean is null", async () => {
    const rows: GRow[] = [
      { venue: "A", n: 1, k: 0, x: 1.5 },
      { venue: "B", n: null, k: 0, x: null },
      { venue: "B", n: null, k: 1, x: null },
    ];
    await lib.write("G", { venue: rows.map((r) => r.venue), n: rows.map((r) => (r.n === null ? null : BigInt(r.n))), k: rows.map((r) => BigInt(r.k!)), x: rows.map((r) => r.x) });
    const aggs = [
      { output: "xs", column: "x", agg: "sum" },
      { output: "ns", column: "n", agg: "sum" },
      { output: "xm", column: "x", agg: "mean" },
    ];
    const q = new QueryBuilder().groupBy("venue").agg(Object.fromEntries(aggs.map((a) => [a.output, { column: a.column, agg: a.agg as AggName }])));
    const got = tableRows((await lib.read("G", { query: q })).data);
    expect(got).toEqual([
      { venue: "A", xs: 1.5, ns: 1, xm: 1.5 },
      { venue: "B", xs: 0, ns: 0, xm: null },
    ]);
    expectSameRows(got, oracleRows(await pandas.run("groupby", { columns: oracleColumns(rows), keys: ["venue"], aggs })) as Row[], `${q}`);
  });
});
