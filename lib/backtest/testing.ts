/** Shared test strategies and data for the backtest tests (lib/backtest/*.test.ts and test/backtest). Imported only by tests. */
import * as path from "path";
import { readBarsCsv, Strategy } from "./index";
import type { Table } from "../frame";

export const FIXTURES = path.join(__dirname, "..", "..", "notebooks", "data");

let goog: Table | null = null;
/** backtesting.py's GOOG.csv (daily, 2004-08-19 .. 2013-03-01). */
export function loadGoog(): Table {
  return (goog ??= readBarsCsv(path.join(FIXTURES, "GOOG.csv")));
}

/** backtesting.py's test strategy, shipped with the library. */
export { SmaCross } from "./index";

/**
 * A strategy that runs one step per call of next() (backtesting.py's test "coroutines": the code
 * between two yields runs on one bar), then does nothing.
 */
export function scripted(steps: ((s: Strategy<any>) => void)[]): new () => Strategy<any> {
  return class Scripted extends Strategy<any> {
    step = 0;
    next(): void {
      const fn = steps[this.step++];
      if (fn) fn(this);
    }
  };
}

/** A strategy calling fn(strategy, barIndex) on every bar. */
export function onEveryBar(fn: (s: Strategy<any>, bar: number) => void): new () => Strategy<any> {
  return class EveryBar extends Strategy<any> {
    next(): void {
      fn(this, this.data.length - 1);
    }
  };
}

/** Bars with every price of a bar equal (open = high = low = close), no timestamps unless given. */
export function flatBars(prices: number[], timestamp?: number[]): Record<string, Float64Array | number[]> {
  const p = Float64Array.from(prices);
  return { ...(timestamp ? { timestamp } : {}), open: p, high: p, low: p, close: p };
}

/** Relative closeness for floating figures. */
export function relClose(actual: number, expected: number, rtol = 1e-9): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= rtol * Math.max(1, Math.abs(expected));
}

/** A column of a Table as a plain array of numbers. */
export function col(table: Table, name: string): number[] {
  return Array.from(table.array(name) as ArrayLike<number>, Number);
}
