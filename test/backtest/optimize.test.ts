/** Parameter sweeps: event-driven and vectorised subjects agree, worker threads give the same results. */
import * as path from "path";
import { describe, expect, it } from "vitest";
import { backtest, InvalidOptionError, optimize, parameterCombos, sliceBars, toBars } from "../../lib/backtest";
import { col, loadGoog, SmaCross } from "../../lib/backtest/testing";
import { smaCrossSignals } from "./sweepSubjects";

const grid = { fast: [5, 10, 15], slow: [10, 20, 30] };
const constraint = (p: { fast: number; slow: number }) => p.fast < p.slow;

describe("optimize", () => {
  it("sweeps the grid, keeps admissible combinations and picks the best value", async () => {
    const r = await optimize(loadGoog(), SmaCross, { grid, constraint, maximize: "Sharpe Ratio", workers: 0 });
    // (5,10) (5,20) (5,30) (10,20) (10,30) (15,20) (15,30)
    expect(r.results.numRows()).toBe(7);
    expect(col(r.results, "fast")).toEqual([5, 5, 5, 10, 10, 15, 15]);
    const values = col(r.results, "value");
    expect(r.best.value).toBe(Math.max(...values));
    // the best combination's statistics are those of a plain backtest with its parameters
    expect(r.best.stats).toEqual(backtest(loadGoog(), SmaCross, { params: r.best.params }).stats);
    expect(r.heatmap.x).toEqual([5, 10, 15]);
    expect(r.heatmap.y).toEqual([10, 20, 30]);
    expect(r.heatmap.z[0]).toEqual([col(r.results, "value")[0], NaN, NaN]); // only (5, 10) has slow = 10
  });

  it("backtesting.py test_optimize: 4 admissible combinations on GOOG[:100] with slow > 2 fast", async () => {
    const short = sliceBars(toBars(loadGoog()), 0, 100);
    const r = await optimize(short, SmaCross, { grid: { fast: [2, 4], slow: [2, 5, 7, 9] }, constraint: (p) => p.slow > 2 * p.fast, workers: 0 });
    expect(r.results.numRows()).toBe(4);
    expect(r.heatmap.title).toBe("SQN");
  });

  it("gives the same statistics from the event-driven strategy and its signal function", async () => {
    const a = await optimize(loadGoog(), SmaCross, { grid, constraint, workers: 0, finalizeTrades: true });
    const b = await optimize(loadGoog(), smaCrossSignals, { grid, constraint, workers: 0, finalizeTrades: true });
    expect(col(b.results, "value")).toEqual(col(a.results, "value"));
    expect(col(b.results, "Equity Final [$]")).toEqual(col(a.results, "Equity Final [$]"));
  });

  it("runs on worker threads with the same results", async () => {
    const module = path.join(__dirname, "sweepSubjects.ts");
    const inline = await optimize(loadGoog(), SmaCross, { grid, constraint, workers: 0 });
    const threaded = await optimize(loadGoog(), SmaCross, { grid, constraint, workers: 2, module, progress: false });
    expect(threaded.workers).toBe(2);
    expect(col(threaded.results, "value")).toEqual(col(inline.results, "value"));
    expect(col(threaded.results, "Return [%]")).toEqual(col(inline.results, "Return [%]"));
  });

  it("reports a worker that cannot load the strategy, and stops the workers", async () => {
    const module = path.join(__dirname, "sweepSubjects.ts");
    await expect(optimize(loadGoog(), SmaCross, { grid, constraint, workers: 1, module, exportName: "NoSuchStrategy" })).rejects.toThrow(
      /has no export 'NoSuchStrategy'/,
    );
  });

  it("rejects bad sweeps with named options", async () => {
    await expect(optimize(loadGoog(), SmaCross, { grid: {} })).rejects.toThrow(/'grid' needs at least one parameter/);
    await expect(optimize(loadGoog(), SmaCross, { grid: { fast: [] } })).rejects.toThrow(InvalidOptionError);
    await expect(optimize(loadGoog(), SmaCross, { grid, maximize: "Profit" as never })).rejects.toThrow(/'maximize' must be a statistic name/);
    await expect(optimize(loadGoog(), SmaCross, { grid, constraint: () => false })).rejects.toThrow(/admits no combination/);
    await expect(optimize(loadGoog(), SmaCross, { grid, constraint, workers: 2 })).rejects.toThrow(/need 'module'/);
  });
});

describe("parameterCombos", () => {
  it("is the cartesian product, first parameter slowest", () => {
    expect(parameterCombos({ a: [1, 2], b: ["x", "y"] })).toEqual([
      { a: 1, b: "x" },
      { a: 1, b: "y" },
      { a: 2, b: "x" },
      { a: 2, b: "y" },
    ]);
  });
});
