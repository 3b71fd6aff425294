import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OHLCV_COLUMNS, findColumn, ohlcvColumnNames } from "./ohlcv";

describe("findColumn", () => {
  it("prefers the exact name, else the first name equal regardless of case", () => {
    expect(findColumn(["Close", "close"], "close")).toBe("close");
    expect(findColumn(["CLOSE", "Close"], "close")).toBe("CLOSE");
    expect(findColumn(["open"], "close")).toBeUndefined();
  });

  it("finds a column under any casing of its name, and only then", () => {
    fc.assert(
      fc.property(fc.constantFrom(...OHLCV_COLUMNS), fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), (column, upper, others) => {
        const spelled = [...column].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join("");
        const names = [...others.filter((o) => o.toLowerCase() !== column), spelled];
        expect(findColumn(names, column)).toBe(spelled);
        expect(findColumn(others.filter((o) => o.toLowerCase() !== column), column)).toBeUndefined();
      }),
    );
  });
});

describe("ohlcvColumnNames", () => {
  it("maps each OHLCV column to its name in the table", () => {
    expect(ohlcvColumnNames(["Date", "Open", "High", "Low", "Close", "timestamp"])).toEqual({
      timestamp: "timestamp",
      open: "Open",
      high: "High",
      low: "Low",
      close: "Close",
      volume: undefined,
    });
  });
});
