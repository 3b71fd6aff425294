/**
 * Wide frames: many columns added in one call go into the data table in one step (issue 18 §3). These
 * check that the one-step path keeps every value, keeps row order, and leaves older versions as they were.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Arctic, Library } from "./index";
import { columns, day, useMemoryLibrary } from "./testing";

let lib: Library;
let ac: Arctic;
useMemoryLibrary((store) => ({ lib, ac } = store));

/** A frame of `width` float columns `p0..` over `rows` days starting at day `from`; the value encodes (column, row). */
function wide(width: number, rows: number, from = 1, prefix = "p"): Record<string, unknown[]> {
  const frame: Record<string, unknown[]> = { timestamp: Array.from({ length: rows }, (_, r) => new Date(day(from + r))) };
  for (let c = 0; c < width; c++) frame[prefix + c] = Array.from({ length: rows }, (_, r) => c * 1000 + from + r + 0.5);
  return frame;
}

describe("wide frames", () => {
  it("a 300-column write reads back column for column, and a rewrite with other columns keeps the first version", async () => {
    const first = wide(300, 4);
    await lib.write("W", first);
    const read = columns((await lib.read("W")).data);
    expect(Object.keys(read)).toEqual(Object.keys(first));
    for (const name of Object.keys(first)) {
      expect(read[name].map((v) => (v instanceof Date ? v.getTime() : v)), name).toEqual(first[name].map((v) => (v instanceof Date ? v.getTime() : v)));
    }
    const second = wide(40, 2, 10, "q");
    await lib.write("W", second);
    expect(Object.keys(columns((await lib.read("W")).data))).toEqual(Object.keys(second));
    const again = columns((await lib.read("W", { asOf: 0 })).data);
    expect(again.p299).toEqual(first.p299);
  });

  it("appending many new columns (dynamic schema) to stored rows: old rows read null there, nothing else moves (property)", async () => {
    const dyn = await ac.createLibrary("dyn", { dynamicSchema: true });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 16, max: 60 }), fc.integer({ min: 1, max: 5 }), async (oldRows, added, newRows) => {
        await dyn.delete("S");
        const base = wide(3, oldRows, 1, "a");
        await dyn.write("S", base);
        // A second, small append first, so the table holds rows from two inserts before it is widened.
        await dyn.append("S", wide(3, 1, oldRows + 1, "a"));
        const more = { ...wide(3, newRows, oldRows + 2, "a"), ...wide(added, newRows, oldRows + 2, "b") };
        await dyn.append("S", more);
        const read = columns((await dyn.read("S")).data);
        const total = oldRows + 1 + newRows;
        expect(read.timestamp.map(Number)).toEqual(Array.from({ length: total }, (_, r) => day(1 + r)));
        expect(read.a2).toEqual(Array.from({ length: total }, (_, r) => 2000 + 1 + r + 0.5));
        expect(read[`b${added - 1}`]).toEqual([...Array(oldRows + 1).fill(null), ...more[`b${added - 1}`]]);
        const before = columns((await dyn.read("S", { asOf: -2 })).data);
        expect(Object.keys(before), "the version before the widening keeps its columns").toEqual(["timestamp", "a0", "a1", "a2"]);
        expect(before.a1).toEqual(Array.from({ length: oldRows + 1 }, (_, r) => 1000 + 1 + r + 0.5));
      }),
      { numRuns: 8 },
    );
  });
});
