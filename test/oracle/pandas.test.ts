/** The pandas oracle itself: it runs Debian's pandas 1.5 and carries every float64 bit both ways. */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bitsOf, firstBitDifference, PandasOracle } from "./pandas";


let pandas: PandasOracle;
beforeAll(async () => {
  pandas = await PandasOracle.open();
});
afterAll(() => pandas.close());

describe("PandasOracle", () => {
  it("answers from pandas 1.5 (what Debian ships)", () => {
    expect(pandas.pandasVersion).toMatch(/^1\.5\./);
  });

  it("returns any float64 with its exact bits: NaN, -0, infinities, subnormals", async () => {
    const special = [NaN, -0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE, 0.1 + 0.2];
    expect(firstBitDifference((await pandas.call("identity", { x: special })).value, special)).toBeNull();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double(), { maxLength: 50 }), async (x) => {
        const back = (await pandas.call("identity", { x })).value;
        expect(firstBitDifference(back, x)).toBeNull();
      }),
      { numRuns: 30 },
    );
  });

  it("tells -0 from 0 and names the first differing bits", () => {
    expect(bitsOf(-0)).toBe("8000000000000000");
    expect(firstBitDifference([1, -0], [1, 0])).toBe("index 1: 0 (0x8000000000000000), pandas 0 (0x0000000000000000)");
    expect(firstBitDifference([NaN], [NaN])).toBeNull();
  });

  it("computes: pandas' rolling mean of 1, 2, 4 over 2 is NaN, 1.5, 3", async () => {
    expect(Array.from((await pandas.call("rolling.mean", { x: [1, 2, 4] }, { window: 2 })).value)).toEqual([NaN, 1.5, 3]);
  });

  it("names the operation when pandas fails, and keeps serving", async () => {
    await expect(pandas.call("no.such.op", { x: [1] })).rejects.toThrow(/unknown op 'no\.such\.op'/);
    await expect(pandas.call("rolling.mean", { x: [1] }, { window: -1 })).rejects.toThrow(/rolling\.mean .*window/);
    expect(Array.from((await pandas.call("diff", { x: [1, 3] })).value)).toEqual([NaN, 2]);
  });
});
