import { beforeEach, describe, expect, it } from "vitest";
import { InvalidDataError, Library, QueryBuilder, SchemaError, col } from "../../lib/store";
import { failure, storedState, useMemoryLibrary } from "../../lib/store/testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

const bars = {
  timestamp: [0, 1, 2].map((m) => new Date(Date.UTC(2024, 0, 2, 15, m))),
  close: [1, 2, 3],
  venue: ["X", "Y", "X"],
};

beforeEach(async () => {
  await lib.write("AAPL", bars);
  await lib.write("ROWS", { x: [1, 2] });
});

/** Runs a query and returns its failure, checking the store is unchanged afterwards. */
async function queryFailure(symbol: string, build: () => QueryBuilder): Promise<Error> {
  const before = await storedState(lib);
  const error = (await failure(async () => lib.read(symbol, { query: build() }))) as Error;
  expect(error, "the query should fail").toBeInstanceOf(Error);
  expect(await storedState(lib)).toEqual(before);
  return error;
}

describe("query errors name the column, value, rule or aggregation", () => {
  it("a filter on a missing column lists the columns there are", async () => {
    const e = await queryFailure("AAPL", () => new QueryBuilder().filter(col("clsoe").gt(1)));
    expect(e).toBeInstanceOf(SchemaError);
    expect(e.message).toBe("QueryBuilder: step 1 (filter) uses column 'clsoe', which 'AAPL' does not have at this step; it has 'timestamp', 'close', 'venue'");
    expect((e as SchemaError).column).toBe("clsoe");
    expect((e as SchemaError).symbol).toBe("AAPL");
  });

  it("a column dropped by an earlier step is missing at a later one", async () => {
    const e = await queryFailure("AAPL", () => new QueryBuilder().groupBy("venue").agg({ close: "sum" }).filter(col("timestamp").gt("2024-01-01")));
    expect(e.message).toMatch(/step 2 \(filter\) uses column 'timestamp'.*it has 'venue', 'close'/);
  });

  it("a string column compared with a number", async () => {
    const e = await queryFailure("AAPL", () => new QueryBuilder().filter(col("venue").gt(5)));
    expect(e).toBeInstanceOf(SchemaError);
    expect(e.message).toContain("compares column 'venue' (string) with 5 (number)");
  });

  it("a number column compared with a string, and isIn with a value of the wrong type", async () => {
    expect((await queryFailure("AAPL", () => new QueryBuilder().filter(col("close").eq("1")))).message).toContain(`column 'close' (float) with "1" (string)`);
    expect((await queryFailure("AAPL", () => new QueryBuilder().filter(col("venue").isIn(["X", 1])))).message).toContain("with 1 (number)");
  });

  it("arithmetic, abs and regex on the wrong types; a filter that is not a condition", async () => {
    expect((await queryFailure("AAPL", () => new QueryBuilder().apply("y", col("venue").mul(2)))).message).toContain("'*' needs numbers, but column 'venue' (string) is not a number");
    expect((await queryFailure("AAPL", () => new QueryBuilder().filter(col("close").matches("1")))).message).toContain("matches() needs a string, but column 'close' (float)");
    expect((await queryFailure("AAPL", () => new QueryBuilder().filter(col("close").add(1)))).message).toContain("needs a condition, but (close + 1) (float)");
  });

  it("a timestamp compared with something that is not a time", async () => {
    const e = await queryFailure("AAPL", () => new QueryBuilder().filter(col("timestamp").gt("yesterday")));
    expect(e).toBeInstanceOf(InvalidDataError);
    expect(e.message).toContain(`"yesterday", which is not a time`);
  });

  it("an unknown aggregation names it and the column, before anything runs", () => {
    const e = (() => {
      try {
        new QueryBuilder().groupBy("venue").agg({ close: "median" as never });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(e).toBeInstanceOf(InvalidDataError);
    expect(e!.message).toBe(`QueryBuilder: unknown aggregation "median" for column 'close'; use one of sum, mean, min, max, count, first, last, std`);
  });

  it("sum of a string column and an aggregation of a missing column", async () => {
    expect((await queryFailure("AAPL", () => new QueryBuilder().groupBy("venue").agg({ x: "sum" }))).message).toContain("uses column 'x'");
    const e = await queryFailure("AAPL", () => new QueryBuilder().resample("1h").agg({ venue: "mean" }));
    expect(e).toBeInstanceOf(SchemaError);
    expect(e.message).toContain("'mean' needs a number column, but 'venue' is string");
  });

  it("an unknown rule, offset, option or timezone names it", () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidDataError);
        return (error as Error).message;
      }
      throw new Error("expected a failure");
    };
    expect(message(() => new QueryBuilder().resample("7x"))).toMatch(/^QueryBuilder: resample rule "7x" is not a timeframe; use a count and a unit/);
    expect(message(() => new QueryBuilder().resample("0h"))).toContain(`rule "0h"`);
    expect(message(() => new QueryBuilder().resample("1h", { offset: "1M" }))).toContain(`offset "1M" is not a duration`);
    expect(message(() => new QueryBuilder().resample("1h", { closed: "middle" as never }))).toBe(`QueryBuilder: resample option 'closed' must be "left" or "right", got "middle"`);
    expect(message(() => new QueryBuilder().resample("1d", { timezone: "Mars/Olympus" }))).toContain(`timezone "Mars/Olympus" is not an IANA time zone`);
    expect(message(() => new QueryBuilder().resample("1w", { calendar: "XNYS" }))).toContain("rule '1w' cannot follow calendar XNYS");
    expect(message(() => new QueryBuilder().resample("1d", { calendar: "LSE" as never }))).toContain(`unknown calendar "LSE"`);
    expect(message(() => new QueryBuilder().resample("1M", { offset: "17h" }))).toContain(`rule '1M' has edges on month ends, as pandas' "M"; offset does not apply`);
    expect(message(() => new QueryBuilder().agg({ x: "sum" }))).toBe("QueryBuilder: agg() must follow groupBy() or resample()");
  });

  it("groupBy without agg, resample of a row-indexed symbol", async () => {
    expect((await queryFailure("AAPL", () => new QueryBuilder().groupBy("venue"))).message).toContain("groupBy(venue) needs .agg({...}) after it");
    const e = await queryFailure("ROWS", () => new QueryBuilder().resample("1h"));
    expect(e).toBeInstanceOf(SchemaError);
    expect(e.message).toContain("needs a 'timestamp' index column of times, but 'ROWS' has none");
  });

  it("comparing with null points to isNull()", async () => {
    expect((await queryFailure("AAPL", () => new QueryBuilder().filter(col("close").eq(null)))).message).toContain("use isNull() or notNull()");
  });
});
