import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnValues, Table } from "../frame";
import { Arctic } from "../store";
import { applyActions } from "./applyActions";
import { generateBars } from "./generateBars";

const col = (t: Table, name: string) => Array.from(columnValues(t, name) as ArrayLike<number>);

describe("applyActions", () => {
  const bars = generateBars({ timeframe: "1d", start: "2022-01-01", end: "2023-01-01", calendar: "XNYS", seed: 11, startPrice: 400 });
  const t = col(bars, "timestamp");

  it("prints prices divided by the split ratio from its ex-date on, volumes multiplied", () => {
    const traded = applyActions(bars, [{ timestamp: t[100], dividend: 0, split: 4 }]);
    expect(col(traded, "close").slice(0, 100)).toEqual(col(bars, "close").slice(0, 100));
    expect(col(traded, "close").slice(100)).toEqual(col(bars, "close").slice(100).map((c) => c / 4));
    expect(col(traded, "volume").slice(100)).toEqual(col(bars, "volume").slice(100).map((v) => v * 4));
    expect(col(traded, "timestamp")).toEqual(t);
  });

  it("read back with adjust 'all' gives the series without actions times one constant (property, through the store)", async () => {
    const arctic = await Arctic.open("mem://");
    const lib = await arctic.getLibrary("eq", { createIfMissing: true });
    try {
      let k = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.integer({ min: 1, max: t.length - 1 }), { minLength: 1, maxLength: 6 }),
          fc.array(fc.oneof(fc.record({ dividend: fc.double({ min: 0.01, max: 5, noNaN: true }), split: fc.constant(1) }), fc.record({ dividend: fc.constant(0), split: fc.constantFrom(2, 3, 0.5, 1.5) })), { minLength: 6, maxLength: 6 }),
          async (rows, kinds) => {
            const actions = rows.map((row, i) => ({ timestamp: t[row], ...kinds[i] })).sort((a, b) => a.timestamp - b.timestamp);
            const symbol = `S${k++}`;
            await lib.write(`${symbol}.actions`, { timestamp: actions.map((a) => new Date(a.timestamp)), dividend: actions.map((a) => a.dividend), split: actions.map((a) => a.split) });
            await lib.write(symbol, applyActions(bars, actions));
            const adjusted = col((await lib.read(symbol, { adjust: "all" })).data, "close");
            const original = col(bars, "close");
            const scale = adjusted[adjusted.length - 1] / original[original.length - 1];
            adjusted.forEach((a, i) => expect(Math.abs(a / (original[i] * scale) - 1), `row ${i}`).toBeLessThan(1e-12));
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      await arctic.close();
    }
  });

  it("refuses a dividend not below the close it is paid from", () => {
    expect(() => applyActions(bars, [{ timestamp: t[5], dividend: 1e6, split: 1 }])).toThrow(RangeError);
  });
});
