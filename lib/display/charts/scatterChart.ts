import { DisplayError } from "../DisplayError";
import { Figure } from "../figure";
import { ChartData, chartTable, column } from "./columns";

/** Options of {@link scatterChart}. */
export interface ScatterChartOptions {
  /** The x column, e.g. one asset's returns. */
  x: string;
  /** The y column or columns, one set of markers each. */
  y: string | string[];
  /** A column whose values colour the markers (e.g. time or volume), with a colour bar. @default one colour per y column */
  color?: string;
  /** @default none */
  title?: string;
  /** @default the x column's name */
  xTitle?: string;
  /** @default the y column's name when there is one */
  yTitle?: string;
}

/**
 * Markers of y against x, e.g. one asset's returns against another's. Rows where x or y is missing are
 * not drawn (plotly skips them).
 * @throws DisplayError ("MISSING_COLUMN") naming a missing column; ("INVALID_OPTION") without a y column.
 * @example plot(scatterChart(returns, { x: "SPY", y: "AAPL", title: "AAPL vs SPY daily returns" }));
 */
export function scatterChart(data: ChartData, options: ScatterChartOptions): Figure {
  const table = chartTable(data);
  const ys = typeof options.y === "string" ? [options.y] : options.y;
  if (!ys || ys.length === 0) throw new DisplayError("scatterChart: name the y column, e.g. { x: \"SPY\", y: \"AAPL\" }", { code: "INVALID_OPTION" });
  const x = column(table, options.x, "scatterChart");
  const color = options.color === undefined ? undefined : column(table, options.color, "scatterChart");
  const traces = ys.map((name) => ({
    type: "scatter",
    mode: "markers",
    name,
    x,
    y: column(table, name, "scatterChart"),
    marker: color ? { size: 5, color, colorscale: "Viridis", showscale: true, colorbar: { title: { text: options.color } } } : { size: 5, opacity: 0.7 },
  }));
  const xIsTime = options.x.toLowerCase() === "timestamp";
  return {
    data: traces,
    layout: {
      title: options.title ? { text: options.title } : undefined,
      hovermode: "closest",
      xaxis: { title: { text: options.xTitle ?? options.x }, type: xIsTime ? "date" : "-", gridcolor: "#eee" },
      yaxis: { title: { text: options.yTitle ?? (ys.length === 1 ? ys[0] : undefined) }, gridcolor: "#eee" },
    },
  };
}
