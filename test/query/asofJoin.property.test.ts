import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic, Library, QueryBuilder, SchemaError, asofJoin, col, concat, toTable } from "../../lib";
import { failure } from "../../lib/store/testing";
import { Row, expectRows, tableRows } from "./reference";

let ac: Arctic;
let lib: Library;
let other: Library;
beforeAll(async () => {
  ac = await Arctic.open("mem://");
  lib = await ac.createLibrary("q");
  other = await ac.createLibrary("other");
});
afterAll(async () => {
  await ac.close();
});

const T0 = Date.UTC(2024, 0, 2, 14, 30);
const TICKERS = ["A", "B"];

/** Trades at any seconds; quotes at distinct seconds per ticker (so "the last quote at or before" is unique). */
const tradesArb = fc.array(fc.record({ s: fc.integer({ min: 0, max: 60 }), ticker: fc.constantFrom(...TICKERS), size: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 25 }).map((rs) =>
  rs.sort((a, b) => a.s - b.s).map((r): Row => ({ timestamp: T0 + r.s * 1000, ticker: r.ticker, size: r.size })),
);
const quotesArb = fc
  .array(fc.record({ s: fc.integer({ min: 0, max: 60 }), ticker: fc.constantFrom(...TICKERS), bid: fc.integer({ min: 90, max: 110 }) }), { minLength: 1, maxLength: 25 })
  .map((rs) => {
    const seen = new Set<string>();
    return rs
      .filter((r) => !seen.has(r.ticker + r.s) && seen.add(r.ticker + r.s))
      .sort((a, b) => a.s - b.s)
      .map((r): Row => ({ timestamp: T0 + r.s * 1000, ticker: r.ticker, bid: r.bid }));
  });

const columns = (rows: Row[]) => {
  const out: Record<string, unknown[]> = {};
  for (const k of Object.keys(rows[0])) out[k] = rows.map((r) => (k === "timestamp" ? new Date(r[k] as number) : r[k]));
  return out;
};

/** pandas.merge_asof's definition, row by row: the right row of the same ticker at or before (backward), at or after (forward) or closest (nearest, earlier on a tie), within the tolerance. */
function naiveAsof(trades: Row[], quotes: Row[], direction: string, toleranceMs: number | null): Row[] {
  return trades.map((t) => {
    const same = quotes.filter((q) => q.ticker === t.ticker);
    const back = same.filter((q) => (q.timestamp as number) <= (t.timestamp as number)).pop();
    const fwd = same.find((q) => (q.timestamp as number) >= (t.timestamp as number));
    const dist = (q: Row | undefined) => (q ? Math.abs((q.timestamp as number) - (t.timestamp as number)) : Infinity);
    let pick = direction === "backward" ? back : direction === "forward" ? fwd : dist(back) <= dist(fwd) ? back : fwd;
    if (pick && toleranceMs !== null && dist(pick) > toleranceMs) pick = undefined;
    return { ...t, bid: pick ? pick.bid : null };
  });
}

describe("asofJoin against a naive reference", () => {
  it("backward, forward and nearest, with and without tolerance, by ticker", async () => {
    await fc.assert(
      fc.asyncProperty(
        tradesArb,
        quotesArb,
        fc.constantFrom("backward" as const, "forward" as const, "nearest" as const),
        fc.constantFrom(null, 0, 3000, 10_000),
        async (trades, quotes, direction, tolerance) => {
          await lib.write("TRADES", columns(trades));
          await lib.write("QUOTES", columns(quotes));
          const got = await asofJoin({ library: lib, symbol: "TRADES" }, { library: lib, symbol: "QUOTES" }, { by: "ticker", direction, tolerance: tolerance ?? undefined });
          expectRows(tableRows(got), naiveAsof(trades, quotes, direction, tolerance), `${direction} ${tolerance}\n`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("Tables, symbols of another library and queries as inputs give the same join", async () => {
    await fc.assert(
      fc.asyncProperty(tradesArb, quotesArb, async (trades, quotes) => {
        await lib.write("TRADES", columns(trades));
        await other.write("QUOTES", columns(quotes));
        const quotesA = quotes.filter((q) => q.ticker === "A");
        const tradesA = trades.filter((t) => t.ticker === "A");
        fc.pre(quotesA.length > 0 && tradesA.length > 0);
        const expected = naiveAsof(tradesA, quotesA, "backward", null).map((r) => ({
          timestamp: r.timestamp,
          ticker: r.ticker,
          size: r.size,
          // Without 'by', the right ticker is an ordinary column and gets the suffix.
          ticker_right: r.bid === null ? null : "A",
          bid: r.bid,
        }));
        const left = toTable(Object.entries(columns(tradesA)));
        const q = new QueryBuilder().filter(col("ticker").eq("A"));
        const viaTable = await asofJoin(left, { library: other, symbol: "QUOTES", query: q });
        expectRows(tableRows(viaTable), expected);
        const viaRefs = await asofJoin({ library: lib, symbol: "TRADES", query: q }, { library: other, symbol: "QUOTES", query: q });
        expectRows(tableRows(viaRefs), expected);
      }),
      { numRuns: 20 },
    );
  });

  it("a missing 'on' column names the side and the column", async () => {
    await lib.write("NOTIME", { x: [1, 2] });
    await lib.write("TRADES", columns([{ timestamp: T0, ticker: "A", size: 1 }]));
    const e = (await failure(() => asofJoin({ library: lib, symbol: "TRADES" }, { library: lib, symbol: "NOTIME" }))) as Error;
    expect(e).toBeInstanceOf(SchemaError);
    expect(e.message).toBe("asofJoin: the right side has no column 'timestamp'; it has 'x'");
  });
});

describe("asofJoin output names", () => {
  it("suffixes right columns the left has, and refuses a suffix that still clashes", async () => {
    await lib.write("L", { timestamp: [new Date(T0)], x: [1], x_right: [2] });
    await lib.write("R", { timestamp: [new Date(T0)], x: [3] });
    const ok = await asofJoin({ library: lib, symbol: "L" }, { library: lib, symbol: "R" }, { suffix: "_r" });
    expect(tableRows(ok)).toEqual([{ timestamp: T0, x: 1, x_right: 2, x_r: 3 }]);
    const e = (await failure(() => asofJoin({ library: lib, symbol: "L" }, { library: lib, symbol: "R" }))) as Error;
    expect(e).toBeInstanceOf(SchemaError);
    expect(e.message).toBe("asofJoin: the result would have two columns named 'x_right'; pass another suffix");
  });
});

describe("concat", () => {
  it("stacks inputs in order with outer or inner columns, ints and floats combining", async () => {
    await lib.write("A1", { timestamp: [new Date(T0)], close: [1.5], venue: ["X"] });
    await lib.write("A2", { timestamp: [new Date(T0 + 1000), new Date(T0 + 2000)], close: new Int32Array([2, 3]), size: [7, 8] });
    const outer = await concat([{ library: lib, symbol: "A1" }, { library: lib, symbol: "A2" }]);
    expect(tableRows(outer)).toEqual([
      { timestamp: T0, close: 1.5, venue: "X", size: null },
      { timestamp: T0 + 1000, close: 2, venue: null, size: 7 },
      { timestamp: T0 + 2000, close: 3, venue: null, size: 8 },
    ]);
    const inner = await concat([{ library: lib, symbol: "A2" }, toTable([["close", [9]], ["timestamp", [new Date(T0)]]])], { join: "inner" });
    expect(tableRows(inner)).toEqual([
      { timestamp: T0 + 1000, close: 2 },
      { timestamp: T0 + 2000, close: 3 },
      { timestamp: T0, close: 9 },
    ]);
  });

  it("refuses a column whose types differ, naming both inputs", async () => {
    await lib.write("S1", { v: ["x"] });
    await lib.write("S2", { v: [1] });
    const e = (await failure(() => concat([{ library: lib, symbol: "S1" }, { library: lib, symbol: "S2" }]))) as Error;
    expect(e).toBeInstanceOf(SchemaError);
    expect(e.message).toBe("concat: column 'v' is string in 'S1' but float in 'S2'");
  });
});
