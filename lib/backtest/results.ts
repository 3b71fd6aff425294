import { TimestampArray, tagColumnKind, toTable, type Table } from "../frame";
import { drawdown, drawdownPeriods } from "./stats/drawdown";
import { tradeColumns, tradeRecordsOf, type TradeColumns } from "./stats/tradeColumns";
import type { TradeRecord } from "./stats/types";

/**
 * The equity curve as a Table: `timestamp` (or `bar` for row-indexed data), `equity`, `drawdown`
 * (a fraction below the running peak) and `drawdownDuration` (at the bar ending a drawdown: its
 * length in ms or bars; NaN elsewhere), as backtesting.py's `_equity_curve`.
 */
export function equityTable(equity: Float64Array, timestamp: Float64Array | null): Table {
  const dd = drawdown(equity);
  const time = timestamp ?? Float64Array.from({ length: equity.length }, (_, i) => i);
  const { duration } = drawdownPeriods(dd, time);
  return toTable([
    timestamp ? ["timestamp", TimestampArray.from(timestamp)] : ["bar", time],
    ["equity", equity],
    ["drawdown", dd],
    ["drawdownDuration", timestamp ? tagColumnKind(duration, "duration") : duration],
  ]);
}

/** Columns of the trades Table, in order. */
export const TRADE_COLUMNS = [
  "size",
  "entryBar",
  "exitBar",
  "entryPrice",
  "exitPrice",
  "sl",
  "tp",
  "pnl",
  "commission",
  "returnPct",
  "entryTime",
  "exitTime",
  "duration",
  "tag",
] as const satisfies readonly (keyof TradeRecord)[];

/**
 * Closed trades as a Table with backtesting.py's `_trades` columns in camelCase: size (negative =
 * short), entryBar, exitBar, entryPrice, exitPrice, sl, tp, pnl (cash, net of commissions),
 * commission, returnPct (fraction), entryTime, exitTime (epoch ms, or bars), duration, tag.
 */
export function tradesTable(trades: readonly TradeRecord[] | TradeColumns, timed: boolean, indicators: readonly IndicatorLines[] = []): Table {
  const c = tradeColumns(trades);
  return tradesTableWith(c, timed, c.length ? indicatorValueColumns(c, indicators) : []);
}

/**
 * The trades Table of {@link tradesTable} with given indicator-value columns, after `leading` columns
 * (a portfolio's `symbol`). @internal
 */
export function tradesTableWith(c: TradeColumns, timed: boolean, indicatorColumns: readonly [string, Float64Array][], leading: [string, ArrayLike<unknown>][] = []): Table {
  const columns: [string, ArrayLike<unknown>][] = TRADE_COLUMNS.map((name) => {
    if (name === "tag") return [name, c.tag ?? Array.from({ length: c.length }, () => null)];
    const values = c[name] ?? new Float64Array(c.length).fill(NaN);
    if (timed && (name === "entryTime" || name === "exitTime")) return [name, TimestampArray.from(values)];
    if (name === "entryBar" || name === "exitBar") return [name, tagColumnKind(values, "int")];
    return [name, timed && name === "duration" ? tagColumnKind(values, "duration") : values];
  });
  for (const [name, values] of indicatorColumns) {
    const at = columns.findIndex(([existing]) => existing === name);
    if (at >= 0) columns[at] = [name, values]; // a repeated name replaces the column in place, as in pandas
    else columns.push([name, values]);
  }
  return toTable([...leading, ...columns]);
}

/** An indicator as the trades table reads it: its name and one row per line. */
export interface IndicatorLines {
  name: string;
  rows: readonly Float64Array[];
}

/**
 * backtesting.py's indicator columns of the trades table: for each indicator, in declaration order,
 * `Entry_<name>` and `Exit_<name>` hold its value at each trade's entry and exit bar; an indicator
 * of several lines gets `Entry_<name>_0`, `Exit_<name>_0`, `Entry_<name>_1`, ... per line.
 */
export function indicatorValueColumns(trades: TradeColumns, indicators: readonly IndicatorLines[]): [string, Float64Array][] {
  const out: [string, Float64Array][] = [];
  for (const { name, rows } of indicators) {
    rows.forEach((values, line) => {
      const suffix = rows.length > 1 ? `_${line}` : "";
      out.push([`Entry_${name}${suffix}`, Float64Array.from(trades.entryBar, (bar) => values[bar])]);
      out.push([`Exit_${name}${suffix}`, Float64Array.from(trades.exitBar, (bar) => values[bar])]);
    });
  }
  return out;
}

export { tradeRecordsOf };

/** Reads the trades Table back into records (for statistics over a subset of trades). */
export function tradeRecords(table: Table): TradeRecord[] {
  const n = table.numRows();
  const col = (name: string) => table.array(name) as ArrayLike<unknown>;
  const cols = Object.fromEntries(TRADE_COLUMNS.map((name) => [name, col(name)]));
  const out: TradeRecord[] = [];
  for (let i = 0; i < n; i++) {
    const record: Record<string, unknown> = {};
    for (const name of TRADE_COLUMNS) {
      const v = cols[name][i];
      record[name] = name === "tag" ? (v ?? null) : v instanceof Date ? v.getTime() : Number(v);
    }
    out.push(record as unknown as TradeRecord);
  }
  return out;
}
