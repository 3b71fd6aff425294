/**
 * Backtest statistics and results show as a cell's result in a notebook (see lib/display's
 * registerDisplay): the statistics as backtesting.py prints them, a result with its trades below.
 */
import { displayKind, recordBundle, registerDisplay, tableBundle, type RecordEntry } from "../display";
import type { Table } from "../frame";
import type { BacktestResult } from "./backtest";
import { statsTable } from "./statsTable";
import type { Stats } from "./stats/types";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Statistics of a backtest: an object with backtesting.py's figures under their names. */
export function isStats(value: unknown): value is Stats {
  if (!isRecord(value)) return false;
  return ["Start", "End", "Duration", "Equity Final [$]", "Return [%]", "# Trades"].every((k) => typeof value[k] === "number");
}

/** What backtest() returns. */
export function isBacktestResult(value: unknown): value is BacktestResult {
  if (!isRecord(value) || !isStats(value.stats) || !Array.isArray(value.warnings)) return false;
  const trades = value.trades as Partial<Table> | undefined;
  return typeof trades?.numRows === "function";
}

/** The statistics as label/value lines, formatted as statsTable formats them (dates, "N days hh:mm:ss"). */
function statEntries(stats: Stats): RecordEntry[] {
  const table = statsTable(stats);
  const names = table.array("statistic") as string[];
  const values = table.array("value") as string[];
  return names.map((name, i) => [name, values[i]]);
}

registerDisplay(displayKind("backtest stats", isStats, (stats) => recordBundle("Backtest statistics", statEntries(stats))));

registerDisplay(
  displayKind("backtest result", isBacktestResult, (result) => {
    const name = (result.strategy as object | undefined)?.constructor?.name ?? "strategy";
    const params = Object.keys(result.params ?? {}).length ? ` ${JSON.stringify(result.params)}` : "";
    const entries = statEntries(result.stats);
    for (const warning of result.warnings) entries.push(["warning", warning]);
    return recordBundle(`Backtest of ${name}${params}`, entries, [tableBundle(result.trades, { title: `trades (${result.trades.numRows()})` })]);
  }),
);
