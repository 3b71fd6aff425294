/**
 * Figures of backtesting.py 0.6.6's lib helpers, recorded by test/backtest/backtesting_lib_reference.py
 * (run with backtesting.py 0.6.6 from its tag, commit 9c2b8e1c's parent release, on Debian's pandas
 * 1.5.3, with `_stats.py`'s monthly/yearly period aliases 'ME'/'YE' read as 'M'/'A' since pandas 1.5
 * predates them) into test/backtest/fixtures/backtesting_lib/<case>.json. Floats are Python reprs.
 */
import * as fs from "fs";
import * as path from "path";
import { expect } from "vitest";
import type { Table } from "../../lib/frame";

export interface ReferenceCase {
  stats?: Record<string, string>;
  trades?: Record<string, string[] | null>;
  columns?: string[];
  name?: string;
  values?: string[];
  equity?: string[];
}

/** One recorded case of backtesting_lib_reference.py. */
export function reference(name: string): ReferenceCase {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "backtesting_lib", `${name}.json`), "utf8"));
}

/** Python's float repr read back exactly ('nan' included). */
export const pyFloat = (s: string): number => (s === "nan" ? NaN : s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s));

/** backtesting.py's `_trades` column names, in quantlab's spelling (indicator columns keep theirs). */
export const TRADE_COLUMN_OF: Record<string, string> = {
  Size: "size",
  EntryBar: "entryBar",
  ExitBar: "exitBar",
  EntryPrice: "entryPrice",
  ExitPrice: "exitPrice",
  SL: "sl",
  TP: "tp",
  PnL: "pnl",
  Commission: "commission",
  ReturnPct: "returnPct",
  EntryTime: "entryTime",
  ExitTime: "exitTime",
  Duration: "duration",
  Tag: "tag",
};

/** Asserts every numeric trades column (indicator columns included) equals the reference bit for bit. */
export function expectTradesEqual(trades: Table, expected: ReferenceCase): void {
  const columns = trades.columnNames();
  expect(columns).toEqual((expected.columns ?? Object.keys(expected.trades!)).map((c) => TRADE_COLUMN_OF[c] ?? c));
  for (const [name, values] of Object.entries(expected.trades!)) {
    if (!values || name === "EntryTime" || name === "ExitTime" || name === "Duration") continue;
    const actual = Array.from(trades.array(TRADE_COLUMN_OF[name] ?? name) as ArrayLike<number>, Number);
    expect(actual, name).toEqual(values.map(pyFloat));
  }
}

/**
 * Statistics built on means (of daily log returns, trade returns, drawdowns) and their spread. quantlab sums those naively where
 * numpy sums pairwise, so on some runs they differ from backtesting.py's in the last 2-4 digits
 * (relative 1e-13); everything else is compared bit for bit.
 */
const SUMMED_STATS = ["Avg. Drawdown [%]", "Avg. Trade [%]", "Profit Factor", "Expectancy [%]", "SQN", "Kelly Criterion", "Return (Ann.) [%]", "Volatility (Ann.) [%]", "Sharpe Ratio", "Sortino Ratio", "Calmar Ratio", "Alpha [%]", "Beta"];

/** Asserts the numeric statistics the reference has equal ours: bit for bit, SUMMED_STATS to 1e-11 relative. */
export function expectStatsEqual(stats: Record<string, number | undefined>, expected: ReferenceCase): void {
  const differ: string[] = [];
  for (const [name, value] of Object.entries(expected.stats!)) {
    const want = pyFloat(value);
    const got = stats[name] as number;
    const same = SUMMED_STATS.includes(name) ? Object.is(got, want) || Math.abs(got - want) <= 1e-11 * Math.abs(want) : Object.is(got, want);
    if (!same) differ.push(`${name}: ${got} vs backtesting.py ${value}`);
  }
  expect(differ).toEqual([]);
}
