/**
 * The statistics' sums, means and variances against pandas itself (Debian's python3-pandas 1.5.3 via
 * /usr/bin/python3, test/backtest/pandas_means.py): NaN-padded series such as the drawdown peaks, and
 * series long enough for numpy's pairwise summation to differ from adding in order, give the same
 * float64 bits.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import fc from "fast-check";
import { expect, it } from "vitest";
import { geometricMean, mean, sum, variance } from "../../lib/backtest/stats/means";

function pandas(arrays: number[][]): number[][] {
  const out = execFileSync("/usr/bin/python3", [path.join(__dirname, "pandas_means.py")], { input: JSON.stringify(arrays.map((a) => a.map(String))), encoding: "utf8" });
  return (JSON.parse(out) as string[][]).map((row) => row.map(Number));
}

it("sum, mean and variance (ddof 1 and 0) equal pandas' bit for bit; the geometric mean to one unit in the last place of 1 + r", () => {
  const value = fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -0.5, max: 0.5, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(NaN) },
    { weight: 1, arbitrary: fc.double({ min: -1e4, max: 1e4, noNaN: true }) },
  );
  const arrays = fc.sample(
    fc.integer({ min: 0, max: 700 }).chain((n) => fc.array(value, { minLength: n, maxLength: n })),
    { numRuns: 120, seed: 29 },
  );
  // a drawdown-peaks-like series: mostly NaN, a value at the end of each period
  arrays.push(Array.from({ length: 2148 }, (_, i) => (i % 37 === 36 ? 0.01 + ((i * 7919) % 97) / 500 : NaN)));
  arrays.push(Array.from({ length: 300 }, (_, i) => 0.001 * Math.sin(i)));
  const expected = pandas(arrays);
  const differ: string[] = [];
  arrays.forEach((a, k) => {
    const got = [sum(a), mean(a), variance(a, 1), variance(a, 0)];
    ["sum", "mean", "var(ddof=1)", "var(ddof=0)"].forEach((name, j) => {
      if (!Object.is(got[j], expected[k][j])) differ.push(`array ${k} (length ${a.length}) ${name}: ${got[j]} vs pandas ${expected[k][j]}`);
    });
    // JavaScript's Math.log and Math.exp (fdlibm) and glibc's may round differently by one unit in the last
    // place, which exp(...) - 1 keeps as an absolute error of up to 2^-52 (1 + r is near 1).
    const gmean = geometricMean(a);
    if (!Object.is(gmean, expected[k][4]) && !(Math.abs(gmean - expected[k][4]) <= 2 ** -52 * 2)) differ.push(`array ${k} (length ${a.length}) geometric mean: ${gmean} vs pandas ${expected[k][4]}`);
  });
  expect(differ).toEqual([]);
});
