import { Figure } from "../figure";
import { ChartData, chartTable, column, hasColumn } from "./columns";

/** Options of {@link equityChart}. */
export interface EquityChartOptions {
  /** @default none */
  title?: string;
  /** A second line on the equity panel (e.g. buy and hold, scaled to the same start), by column name. @default none */
  benchmark?: string;
  /** @default 560 */
  height?: number;
}

/** Drawdown as a fraction at or below 0: equity over its running peak, minus 1. */
export function drawdownOf(equity: ArrayLike<number>): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const v = equity[i];
    if (v > peak) peak = v;
    out[i] = Number.isFinite(v) && peak > 0 ? v / peak - 1 : NaN;
  }
  return out;
}

/**
 * Equity above, drawdown (in percent, filled) below, on a shared time axis. Takes a table with
 * `timestamp` and `equity` columns; a `drawdown` column (a fraction, either sign) is used when present,
 * else the drawdown is computed from the equity's running peak.
 * @throws DisplayError ("MISSING_COLUMN") naming a missing column.
 * @example plot(equityChart(result.equity, { title: "SmaCross(10, 20) on GOOG" }));
 */
export function equityChart(data: ChartData, options: EquityChartOptions = {}): Figure {
  const table = chartTable(data);
  const x = column(table, "timestamp", "equityChart");
  const equity = column(table, "equity", "equityChart") as ArrayLike<number>;
  const given = hasColumn(table, "drawdown") ? (column(table, "drawdown", "equityChart") as ArrayLike<number>) : null;
  const drawdown = given ? Float64Array.from(given, (v) => -Math.abs(v)) : drawdownOf(equity);
  const traces: Record<string, unknown>[] = [{ type: "scatter", mode: "lines", name: "equity", x, y: equity, line: { color: "#1f77b4" } }];
  if (options.benchmark) traces.push({ type: "scatter", mode: "lines", name: options.benchmark, x, y: column(table, options.benchmark, "equityChart"), line: { color: "#999", dash: "dot" } });
  traces.push({
    type: "scatter",
    mode: "lines",
    name: "drawdown",
    x,
    y: Float64Array.from(drawdown, (v) => v * 100),
    fill: "tozeroy",
    line: { color: "#d62728", width: 1 },
    yaxis: "y2",
  });
  return {
    data: traces,
    layout: {
      title: options.title ? { text: options.title } : undefined,
      height: options.height ?? 560,
      xaxis: { type: "date", gridcolor: "#eee" },
      yaxis: { title: { text: "equity" }, domain: [0.34, 1], gridcolor: "#eee" },
      yaxis2: { title: { text: "drawdown %" }, domain: [0, 0.26], gridcolor: "#eee", ticksuffix: "%" },
    },
  };
}
