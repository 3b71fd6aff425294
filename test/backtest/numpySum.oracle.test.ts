/**
 * numpySum against numpy itself (Debian's python3-numpy via /usr/bin/python3, test/backtest/numpy_sum.py):
 * pairwise summation gives the same float64 bits for arrays of every length around its block sizes.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import fc from "fast-check";
import { expect, it } from "vitest";
import { numpySum } from "../../lib/backtest/pyMath";

it("numpySum equals numpy's np.sum bit for bit (lengths 0..600, values of mixed magnitude)", () => {
  const arrays = fc.sample(
    fc.integer({ min: 0, max: 600 }).chain((n) => fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: n, maxLength: n })),
    { numRuns: 80, seed: 13 },
  );
  arrays.push(Array.from({ length: 257 }, (_, i) => 0.1 * (i + 1)), Array.from({ length: 1031 }, (_, i) => 1 / (i + 1)));
  const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "numpy_sum.py")], { input: JSON.stringify(arrays.map((a) => a.map(String))), encoding: "utf8" });
  const expected = (JSON.parse(out) as string[]).map(Number);
  const got = arrays.map((a) => numpySum(a));
  const differ = got.flatMap((g, i) => (Object.is(g, expected[i]) ? [] : [`length ${arrays[i].length}: ${g} vs numpy ${expected[i]}`]));
  expect(differ).toEqual([]);
  // Naive summation differs on the structured cases, so the test can tell the two apart.
  const naive = arrays.slice(-2).map((a) => a.reduce((s, v) => s + v, 0));
  expect(naive).not.toEqual(expected.slice(-2));
});
