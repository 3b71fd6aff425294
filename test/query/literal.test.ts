import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidDataError, Library } from "../../lib/store";
import { sqlLiteral } from "../../lib/store/query/literal";
import { useMemoryLibrary } from "../../lib/store/testing";

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

/** What DuckDB reads back from a literal, through the store's SQL (the literal is the whole statement's value). */
async function roundTrip(literal: string, cast = ""): Promise<unknown> {
  const t = await lib.sql(`select ${cast ? `CAST(${literal} AS ${cast})` : literal} as v`);
  return (t.array("v") as ArrayLike<unknown>)[0];
}

// Strings DuckDB can hold: no NUL, no lone surrogates (the store refuses those in names, too).
const storable = fc.string({ unit: "grapheme", maxLength: 30 }).filter((s) => !s.includes("\u0000"));

describe("sqlLiteral: the one place user values become SQL text", () => {
  it("strings (quotes, backslashes, braces, unicode, comment markers) read back exactly", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(storable, fc.constantFrom("'", "''", "\\'", "'; drop table x; --", "{AAPL}", "/* x */", "é\u{1F600}")), async (s) => {
        expect(await roundTrip(sqlLiteral(s))).toBe(s);
      }),
      { numRuns: 100 },
    );
  });

  it("doubles read back bit for bit (NaN, infinities, -0, subnormals, integers past 2^31)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 5e-324, 2 ** 53 - 1, -(2 ** 40))), async (x) => {
        expect(Object.is(await roundTrip(sqlLiteral(x), "DOUBLE"), x)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("64-bit integers, booleans, null and Dates", async () => {
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), async (b) => {
        expect(await roundTrip(sqlLiteral(b), "VARCHAR")).toBe(b.toString());
      }),
      { numRuns: 50 },
    );
    expect(await roundTrip(sqlLiteral(true))).toBe(true);
    expect(await roundTrip(sqlLiteral(false))).toBe(false);
    expect(await roundTrip(sqlLiteral(null), "DOUBLE")).toBe(null);
    const d = new Date(Date.UTC(2024, 1, 29, 13, 30, 0, 123));
    expect(await roundTrip(sqlLiteral(d))).toBe(d.getTime());
  });

  it("refuses what cannot be a literal, quoting the value", () => {
    expect(() => sqlLiteral("a\u0000b")).toThrow(InvalidDataError);
    expect(() => sqlLiteral("a\u0000b")).toThrow(/"a\\u0000b" holds a NUL/);
    expect(() => sqlLiteral(2n ** 63n)).toThrow("QueryBuilder: the value 9223372036854775808n does not fit a 64-bit integer");
    expect(() => sqlLiteral(new Date(NaN))).toThrow(/invalid/);
    expect(() => sqlLiteral({} as never)).toThrow(/cannot use a value of type Object as a value/);
  });
});
