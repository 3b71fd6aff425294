/**
 * Sweeps on reused worker threads, randomised grid search (maxTries) and progress: worker results are
 * bit-identical to one thread, samples are reproducible and without replacement, progress counts up.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidOptionError, optimize, parameterCombos, sampleCombos, stopSweepWorkers, toBars, type SweepProgress } from "../../lib/backtest";
import { progressLine } from "../../lib/backtest/sweepProgress";
import { sweepWorkersStarted, workerEntry } from "../../lib/backtest/sweepWorkers";
import type { Table } from "../../lib/frame";
import { loadGoog, SmaCross } from "../../lib/backtest/testing";
import { smaCrossSignals } from "./sweepSubjects";

const MODULE = path.join(__dirname, "sweepSubjects.ts");
const goog = toBars(loadGoog());

afterAll(() => stopSweepWorkers());

/** Every column of a results Table as float64 bits (strings kept), so NaN and -0 compare exactly. */
function bits(table: Table): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const view = new DataView(new ArrayBuffer(8));
  for (const name of table.columnNames()) {
    out[name] = Array.from(table.array(name) as ArrayLike<unknown>, (v) => {
      if (typeof v !== "number") return String(v);
      view.setFloat64(0, v);
      return view.getBigUint64(0).toString(16);
    });
  }
  return out;
}

describe("optimize on worker threads", () => {
  it("gives exactly the single-thread results for random grids, samples and worker counts", async () => {
    const values = (lo: number, hi: number) => fc.uniqueArray(fc.integer({ min: lo, max: hi }), { minLength: 1, maxLength: 6 }).map((a) => a.sort((x, y) => x - y));
    await fc.assert(
      fc.asyncProperty(
        values(2, 20),
        values(10, 80),
        fc.option(fc.oneof(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.integer({ min: 2, max: 40 })), { nil: undefined }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 2 }),
        fc.constantFrom("SQN", "Sharpe Ratio", "Equity Final [$]", "Win Rate [%]") as fc.Arbitrary<"SQN">,
        fc.boolean(),
        async (fast, slow, maxTries, seed, workers, maximize, eventDriven) => {
          const options = { grid: { fast, slow }, maxTries, seed, maximize, commission: 0.002, progress: false as const };
          const subject = eventDriven ? SmaCross : smaCrossSignals;
          const one = await optimize(goog, subject, { ...options, workers: 0 });
          const many = await optimize(goog, subject, { ...options, workers, module: MODULE });
          expect(many.workers).toBe(Math.min(workers, one.results.numRows() - 1));
          expect(bits(many.results)).toEqual(bits(one.results));
          expect(many.best.params).toEqual(one.best.params);
          expect(Object.is(many.best.value, one.best.value)).toBe(true);
          expect(many.best.stats).toEqual(one.best.stats);
          expect(many.heatmap).toEqual(one.heatmap);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("runs workers from a precompiled JavaScript bundle, not TypeScript through tsx", async () => {
    const entry = await workerEntry(MODULE);
    expect(entry.eval).toBe(false);
    expect(entry.source).toMatch(/\.js$/);
    expect(fs.readFileSync(entry.source, "utf8")).not.toMatch(/tsx/);
  });

  it("starts its workers once and reuses them for later sweeps of the same module", async () => {
    await stopSweepWorkers();
    const grid = { fast: [5, 10, 15], slow: [20, 30, 40, 50] };
    const before = sweepWorkersStarted();
    await optimize(goog, smaCrossSignals, { grid, workers: 2, module: MODULE, progress: false });
    expect(sweepWorkersStarted() - before).toBe(2);
    await optimize(goog, smaCrossSignals, { grid, workers: 2, module: MODULE, progress: false });
    await optimize(goog, SmaCross, { grid, workers: 1, module: MODULE, progress: false });
    expect(sweepWorkersStarted() - before).toBe(2);
    await stopSweepWorkers();
    await optimize(goog, smaCrossSignals, { grid, workers: 1, module: MODULE, progress: false });
    expect(sweepWorkersStarted() - before).toBe(3);
  });

  it("runs the edited module after its file changed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-sweep-module-"));
    const file = path.join(dir, "flipped.ts");
    const lib = JSON.stringify(path.join(__dirname, "..", "..", "lib", "backtest"));
    const write = (sign: number, at: number) => {
      fs.writeFileSync(file, `import { smaCrossSignals } from ${lib};\nexport function flipped(bars: any, p: any) {\n  const out = smaCrossSignals(bars, p);\n  return { ...out, target: Array.from(out.target, (t) => ${sign} * t) };\n}\n`);
      fs.utimesSync(file, at, at);
    };
    const inline = (sign: number) =>
      Object.defineProperty((bars: Parameters<typeof smaCrossSignals>[0], p: { fast: number; slow: number }) => {
        const out = smaCrossSignals(bars, p);
        return { ...out, target: Array.from(out.target, (t) => sign * t) };
      }, "name", { value: "flipped" });
    const grid = { fast: [5, 10], slow: [20, 30, 40] };
    try {
      for (const [sign, at] of [[1, 1_000_000], [-1, 2_000_000]]) {
        write(sign, at);
        const many = await optimize(goog, inline(sign), { grid, workers: 1, module: file, progress: false });
        const one = await optimize(goog, inline(sign), { grid, workers: 0, progress: false });
        expect(many.workers).toBe(1);
        expect(bits(many.results)).toEqual(bits(one.results));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("still works after a sweep whose worker failed", async () => {
    const grid = { fast: [5, 10], slow: [20, 30] };
    await expect(optimize(goog, SmaCross, { grid, workers: 1, module: MODULE, exportName: "Missing", progress: false })).rejects.toThrow(/has no export 'Missing'/);
    const r = await optimize(goog, SmaCross, { grid, workers: 1, module: MODULE, progress: false });
    expect(r.workers).toBe(1);
    expect(r.results.numRows()).toBe(4);
  });
});

describe("optimize with maxTries (randomised grid search)", () => {
  const grid = { fast: [4, 6, 8, 10, 12, 14, 16, 18], slow: [20, 25, 30, 40, 50, 60] };
  const constraint = (p: { fast: number; slow: number }) => p.slow >= 2 * p.fast;
  const admissible = parameterCombos(grid, constraint);
  const key = (p: { fast: number; slow: number }) => `${p.fast}/${p.slow}`;
  const run = (maxTries: number, seed?: number) => optimize(goog, smaCrossSignals, { grid, constraint, maxTries, seed, workers: 0, progress: false });

  it("runs a reproducible sample without replacement, in grid order, by count or fraction", async () => {
    for (const [maxTries, expected] of [
      [10, 10],
      [0.25, Math.round(0.25 * admissible.length)],
      [1, admissible.length],
      [1000, admissible.length],
    ]) {
      const a = await run(maxTries, 7);
      const b = await run(maxTries, 7);
      const params = (r: typeof a) => Array.from(r.results.array("fast") as ArrayLike<number>, (f, i) => ({ fast: f, slow: (r.results.array("slow") as ArrayLike<number>)[i] }));
      expect(a.seed).toBe(7);
      expect(a.results.numRows()).toBe(expected);
      expect(bits(b.results)).toEqual(bits(a.results));
      const keys = params(a).map(key);
      expect(new Set(keys).size).toBe(keys.length); // no combination twice
      const order = keys.map((k) => admissible.map(key).indexOf(k));
      expect(order.every((i) => i >= 0)).toBe(true); // only admissible combinations
      expect(order).toEqual([...order].sort((x, y) => x - y)); // in grid order
      expect(a.best.value).toBe(Math.max(...Array.from(a.results.array("value") as ArrayLike<number>).filter((v) => !Number.isNaN(v))));
    }
  });

  it("draws other samples with other seeds, and reports the random seed it chose", async () => {
    const samples = new Set<string>();
    for (let seed = 0; seed < 8; seed++) samples.add(Array.from((await run(5, seed)).results.array("fast") as ArrayLike<number>).join(","));
    expect(samples.size).toBeGreaterThan(1);
    const unseeded = await run(5);
    expect(Number.isInteger(unseeded.seed)).toBe(true);
    expect(bits((await run(5, unseeded.seed)).results)).toEqual(bits(unseeded.results));
  });

  it("sampleCombos: k distinct items of the list, each about equally likely", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 2, max: 80 }), fc.integer({ min: 0, max: 0xffffffff }), (n, k, seed) => {
        const items = Array.from({ length: n }, (_, i) => ({ i }));
        const s = sampleCombos(items, k, seed);
        expect(s.length).toBe(Math.min(n, k));
        const idx = s.map((x) => x.i);
        expect(new Set(idx).size).toBe(idx.length);
        expect(idx).toEqual([...idx].sort((a, b) => a - b));
        expect(s.every((x) => items.includes(x))).toBe(true);
        expect(sampleCombos(items, k, seed)).toEqual(s);
      }),
      { numRuns: 300 },
    );
    // 3 of 10 over 4000 seeds: each item about 1200 times (binomial sd about 29)
    const counts = new Array(10).fill(0);
    const items = Array.from({ length: 10 }, (_, i) => i);
    for (let seed = 0; seed < 4000; seed++) for (const i of sampleCombos(items, 3, seed)) counts[i]++;
    for (const c of counts) expect(Math.abs(c - 1200)).toBeLessThan(150);
  });

  it("rejects a maxTries or seed it cannot use, naming the option", async () => {
    for (const bad of [0, -3, 2.5, NaN, Infinity]) {
      const error = await run(bad, 1).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.option).toBe("maxTries");
      expect(error.message).toMatch(/'maxTries' must be a fraction in \(0, 1\] or a whole number/);
    }
    const error = await run(5, -1).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.option).toBe("seed");
  });
});

describe("optimize progress", () => {
  const grid = { fast: [5, 8, 10, 12, 15], slow: [20, 30, 40, 50] };

  for (const workers of [0, 2]) {
    it(`calls onProgress once per combination with done counting up to total (workers: ${workers})`, async () => {
      const calls: SweepProgress<{ fast: number; slow: number }>[] = [];
      const r = await optimize(goog, smaCrossSignals, { grid, workers, module: MODULE, progress: false, onProgress: (p) => calls.push(p) });
      const total = r.results.numRows();
      expect(calls.length).toBe(total);
      expect(calls.map((c) => c.done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(calls.every((c) => c.total === total)).toBe(true);
      // the best so far never gets worse, and ends as the sweep's best
      const bestValues = calls.filter((c) => c.best).map((c) => c.best!.value);
      for (let i = 1; i < bestValues.length; i++) expect(bestValues[i]).toBeGreaterThanOrEqual(bestValues[i - 1]);
      expect(calls[total - 1].best).toEqual({ params: r.best.params, value: r.best.value });
    });
  }

  it("draws a progress line that ends with the count and the best value", () => {
    let text = "";
    const line = progressLine({ total: 3, show: true, title: "SQN", stream: { write: (t: string) => (text += t) } });
    line.update(1, null);
    line.update(2, { params: { fast: 5 }, value: 1.5 });
    line.update(3, { params: { fast: 10 }, value: 2.25 });
    line.end();
    line.end();
    const last = text.split("\r").pop()!;
    expect(last).toMatch(/^optimize \[#{24}\] 3\/3 100% .* best SQN 2\.250 at fast=10 *\n$/);
    let quiet = "";
    const auto = progressLine({ total: 3, show: "auto", title: "SQN", stream: { write: (t: string) => (quiet += t) } });
    auto.update(3, null);
    auto.end();
    expect(quiet).toBe(""); // a sweep shorter than 2 s shows nothing
  });
});
