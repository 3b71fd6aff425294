/**
 * Issue 14 §4 and §5: asofJoin against pandas 1.5's merge_asof on random frames: backward, forward and
 * nearest; with and without tolerance and exact matches; by a key holding nulls (nulls match each
 * other); right rows sharing a time (backward takes the last of them, forward the first); times or
 * floats as `on`. Plus the errors for a null `on` value.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidDataError, Library, asofJoin, toTable } from "../../lib";
import { failure } from "../../lib/store/testing";
import { OracleColumn, OracleValue, QueryOracle, oracleRows, useQueryOracle } from "../oracle/queryOracle";
import { Row, tableRows } from "./reference";

let lib: Library;
let pandas: QueryOracle;
useQueryOracle((env) => ({ lib, pandas } = env));

const T0 = Date.UTC(2024, 0, 2, 14, 30);
const tickerArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("A", "B") }, { weight: 1, arbitrary: fc.constant(null) });
/** Rows at seconds 0..30 (many sharing a second), sorted by time as merge_asof needs; `value` numbers the rows. */
const sideArb = (max: number) =>
  fc.array(fc.record({ s: fc.integer({ min: 0, max: 30 }), ticker: tickerArb }), { minLength: 1, maxLength: max }).map((rs) =>
    rs
      .map((r, i) => ({ ...r, i }))
      .sort((a, b) => a.s - b.s || a.i - b.i)
      .map((r, value) => ({ s: r.s, ticker: r.ticker, value })),
  );
type Side = { s: number; ticker: string | null; value: number }[];

/** The side as columns: `on` is a time (T0 + s seconds) or a float level (s / 4). */
function sideColumns(rows: Side, on: "timestamp" | "level", valueName: string, withTicker: boolean): OracleColumn[] {
  const cols: OracleColumn[] = [
    on === "timestamp" ? { name: "timestamp", type: "timestamp", values: rows.map((r) => T0 + r.s * 1000) } : { name: "level", type: "float", values: rows.map((r) => r.s / 4) },
  ];
  if (withTicker) cols.push({ name: "ticker", type: "string", values: rows.map((r) => r.ticker) });
  cols.push({ name: valueName, type: "int", values: rows.map((r) => r.value) });
  return cols;
}

const toInput = (cols: OracleColumn[]) => toTable(cols.map((c) => [c.name, c.type === "timestamp" ? c.values.map((v) => new Date(v as number)) : c.type === "int" ? c.values.map((v) => BigInt(v as number)) : c.values]));

const missing = (v: OracleValue) => v === null || (typeof v === "number" && Number.isNaN(v));

describe("asofJoin against pandas' merge_asof", () => {
  it("every direction, tolerance and exact-match rule, by a key with nulls, with ties on the right", async () => {
    await fc.assert(
      fc.asyncProperty(
        sideArb(20),
        sideArb(20),
        fc.constantFrom("timestamp" as const, "level" as const),
        fc.constantFrom("backward" as const, "forward" as const, "nearest" as const),
        fc.constantFrom(null, 0, 2, 5),
        fc.boolean(),
        fc.boolean(),
        async (left, right, on, direction, toleranceSeconds, allowExactMatches, byTicker) => {
          // A column of nulls only would be stored as floats: each side needs one ticker to be a string column.
          fc.pre(left.some((r) => r.ticker !== null) && right.some((r) => r.ticker !== null));
          const leftCols = sideColumns(left, on, "size", true);
          const rightCols = sideColumns(right, on, "bid", byTicker);
          const tolerance = toleranceSeconds === null ? null : on === "timestamp" ? toleranceSeconds * 1000 : toleranceSeconds / 4;
          const options = { on, by: byTicker ? "ticker" : undefined, direction, tolerance: tolerance ?? undefined, allowExactMatches };
          await lib.write("L", toInput(leftCols), { validateIndex: false });
          await lib.write("R", toInput(rightCols), { validateIndex: false });
          const got = tableRows(await asofJoin({ library: lib, symbol: "L" }, { library: lib, symbol: "R" }, options));
          const expected = oracleRows(
            await pandas.run("asof", { left: leftCols, right: rightCols, on, by: byTicker ? ["ticker"] : [], direction, tolerance, allowExactMatches }),
          ) as Row[];
          const context = `${JSON.stringify(options)}\nquantlab: ${JSON.stringify(got)}\npandas:   ${JSON.stringify(expected)}`;
          expect(got.length, context).toBe(expected.length);
          got.forEach((row, i) => {
            expect(Object.keys(row), context).toEqual(Object.keys(expected[i]));
            for (const k of Object.keys(row)) {
              const [a, b] = [row[k], expected[i][k]];
              expect(missing(a) ? null : a, `row ${i} column ${k}\n${context}`).toBe(missing(b) ? null : b);
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  }, 300_000);

  it("of several right rows at one time, backward takes the last and forward the first, as merge_asof does", async () => {
    const left = toTable([["timestamp", [new Date(T0 + 1000)]], ["x", [1]]]);
    const right = toTable([["timestamp", [T0 + 1000, T0 + 1000, T0 + 1000].map((t) => new Date(t))], ["bid", [10, 11, 12]]]);
    const bid = async (direction: "backward" | "forward" | "nearest") => tableRows(await asofJoin(left, right, { direction }))[0].bid;
    expect(await bid("backward")).toBe(12);
    expect(await bid("forward")).toBe(10);
    expect(await bid("nearest")).toBe(12);
  });
});

describe("asofJoin refuses a null 'on' value, naming the side and the row", () => {
  it("a null time on the left, a NaN level on the right", async () => {
    await lib.write("LN", { t: [new Date(T0), null, new Date(T0 + 2000)], x: [1, 2, 3] }, { validateIndex: false });
    await lib.write("RN", { t: [new Date(T0)], y: [1] }, { validateIndex: false });
    const e = (await failure(() => asofJoin({ library: lib, symbol: "LN" }, { library: lib, symbol: "RN" }, { on: "t" }))) as InvalidDataError;
    expect(e).toBeInstanceOf(InvalidDataError);
    expect(e.message).toBe("asofJoin: the left side ('LN') has a null 't' at row 1; every row needs a value to be matched by");
    expect([e.symbol, e.column, e.row]).toEqual(["LN", "t", 1]);

    await lib.write("LF", { level: [1, 2] });
    await lib.write("RF", { level: [0.5, 1, NaN, 2], y: [1, 2, 3, 4] });
    const f = (await failure(() => asofJoin({ library: lib, symbol: "LF" }, { library: lib, symbol: "RF" }, { on: "level" }))) as InvalidDataError;
    expect(f.message).toBe("asofJoin: the right side ('RF') has a null or NaN 'level' at row 2; every row needs a value to be matched by");
  });

  it("a Table input with a null time is refused when it is copied in, naming the input and the row", async () => {
    const left = toTable([["timestamp", [new Date(T0), null]], ["x", [1, 2]]]);
    const e = (await failure(() => asofJoin(left, toTable([["timestamp", [new Date(T0)]], ["y", [1]]])))) as Error;
    expect(e).toBeInstanceOf(InvalidDataError);
    expect(e.message).toBe("column 'timestamp' of 'table 0': row 1 is null; every row of the index needs a time");
  });

  it("allowExactMatches must be a boolean", async () => {
    const t = toTable([["timestamp", [new Date(T0)]]]);
    const e = (await failure(() => asofJoin(t, t, { allowExactMatches: "no" as unknown as boolean }))) as Error;
    expect(e).toBeInstanceOf(InvalidDataError);
    expect(e.message).toBe('asofJoin: allowExactMatches must be true or false, got "no"');
  });
});
