import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidDataError, InvalidNameError, Library } from "./index";
import { columns, day, failure, useMemoryLibrary } from "./testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

const series = { timestamp: [new Date(day(1)), new Date(day(2)), new Date(day(3))], close: [10, 20, 30] };

describe("metadata a call returns is the caller's own copy", () => {
  it("changing the object given to write, or returned by write/read/readMetadata/getDescription, changes no later read", async () => {
    const given = { source: "feed", tags: ["a"], nested: { apiKey: "k1" } };
    const written = await lib.write("AAPL", series, { metadata: given });
    given.source = "changed after write";
    given.tags.push("x");
    (written.metadata as typeof given).nested.apiKey = "changed on the returned item";
    const read = await lib.read("AAPL");
    expect(read.metadata).toEqual({ source: "feed", tags: ["a"], nested: { apiKey: "k1" } });
    (read.metadata as typeof given).tags.push("y");
    ((await lib.readMetadata("AAPL")).metadata as typeof given).nested.apiKey = "changed on readMetadata";
    ((await lib.getDescription("AAPL")).metadata as typeof given).source = "changed on describe";
    const appended = await lib.append("AAPL", { timestamp: [new Date(day(4))], close: [40] }, { metadata: { n: 1 } });
    (appended.metadata as { n: number }).n = 2;
    expect((await lib.read("AAPL")).metadata).toEqual({ n: 1 });
    expect((await lib.read("AAPL", { asOf: 0 })).metadata).toEqual({ source: "feed", tags: ["a"], nested: { apiKey: "k1" } });
    expect((await lib.head("AAPL", 1)).metadata).toEqual({ n: 1 });
  });
});

describe("bad read bounds are refused with InvalidDataError naming the symbol", () => {
  it.each([
    ["NaN start", [NaN, 2]],
    ["a fraction", [0, 1.5]],
    ["a string", ["1", 2]],
    ["Infinity", [0, Infinity]],
    ["a bigint", [0n, 2]],
    ["three bounds", [0, 1, 2]],
    ["not an array", 3],
  ])("rowRange with %s", async (_what, rowRange) => {
    await lib.write("AAPL", series);
    const error = await failure(() => lib.read("AAPL", { rowRange: rowRange as never }));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as InvalidDataError).symbol).toBe("AAPL");
    expect((error as Error).message).toContain("rowRange");
  });

  it.each([NaN, 1.5, Infinity, "2", null])("head and tail with n = %s", async (n) => {
    await lib.write("AAPL", series);
    for (const call of [() => lib.head("AAPL", n as never), () => lib.tail("AAPL", n as never)]) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(InvalidDataError);
      expect((error as Error).message).toMatch(/(head|tail)\('AAPL', n\)/);
    }
  });

  it("whole-number bounds still read what they did (property: rowRange is a slice of the rows)", async () => {
    await lib.write("AAPL", series);
    await fc.assert(
      fc.asyncProperty(fc.option(fc.integer({ min: -5, max: 5 })), fc.option(fc.integer({ min: -5, max: 5 })), async (a, b) => {
        const got = columns((await lib.read("AAPL", { rowRange: [a, b] })).data).close;
        expect(got).toEqual(series.close.slice(a ?? 0, b ?? undefined));
      }),
      { numRuns: 40 },
    );
  });
});

describe("deleteDataInRange", () => {
  it("an inverted range is refused and makes no version", async () => {
    await lib.write("AAPL", series);
    const error = await failure(() => lib.deleteDataInRange("AAPL", [new Date(day(3)), new Date(day(1))]));
    expect(error).toBeInstanceOf(InvalidDataError);
    expect((error as Error).message).toContain("starts after it ends");
    expect((await lib.listVersions("AAPL")).map((v) => v.version)).toEqual([0]);
    await lib.deleteDataInRange("AAPL", [new Date(day(2)), new Date(day(2))]);
    expect(columns((await lib.read("AAPL")).data).close, "a one-instant range still deletes").toEqual([10, 30]);
  });
});

describe("columns that could not read back are refused when written", () => {
  it.each([
    ["column arrays", () => JSON.parse('{"__proto__": [1, 2], "v": [3, 4]}')],
    ["row objects", () => [JSON.parse('{"__proto__": 1, "v": 3}')]],
  ])("a column named __proto__ (%s) is an InvalidNameError; nothing is stored", async (_how, data) => {
    const error = await failure(() => lib.write("P", data()));
    expect(error).toBeInstanceOf(InvalidNameError);
    expect((error as Error).message).toContain("__proto__");
    expect(await lib.listSymbols()).toEqual([]);
  });

  it("a column named like another Object.prototype member reads back", async () => {
    await lib.write("P", { constructor: [1, 2], toString: [3, 4], hasOwnProperty: ["a", "b"] });
    expect(columns((await lib.read("P")).data)).toEqual({ constructor: [1, 2], toString: [3, 4], hasOwnProperty: ["a", "b"] });
  });

  it.each([
    ["a lone high surrogate", "a\uD800b"],
    ["a lone low surrogate", "\uDC00"],
    ["a high surrogate at the end", "x\uDBFF"],
    ["a reversed pair", "\uDC00\uD800"],
  ])("a string with %s is refused naming the column and row, small or staged through Parquet", async (_what, bad) => {
    for (const n of [3, 5000]) {
      const s = Array.from({ length: n }, (_, i) => (i === n - 2 ? bad : `v${i}`));
      const error = await failure(() => lib.write("S", { s }));
      expect(error, `${n} rows`).toBeInstanceOf(InvalidDataError);
      expect((error as InvalidDataError).column).toBe("s");
      expect((error as InvalidDataError).row).toBe(n - 2);
    }
    await lib.write("S", { s: ["ok"] });
    const append = await failure(() => lib.append("S", { s: [bad] }));
    expect(append).toBeInstanceOf(InvalidDataError);
    expect(columns((await lib.read("S")).data).s).toEqual(["ok"]);
  });

  it("every well-formed string reads back exactly (property), paired surrogates included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: "grapheme" }), { maxLength: 20 }), async (s) => {
        await lib.write("S", { s });
        expect(columns((await lib.read("S")).data).s).toEqual(s);
      }),
      { numRuns: 30 },
    );
  });
});
