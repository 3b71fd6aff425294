import { columnValues, TimestampArray } from "../../frame";
import { DisplayError } from "../DisplayError";
import { Figure } from "../figure";
import { ChartData, chartTable, column } from "./columns";

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  /** The x column. @default "timestamp" */
  x?: string;
  /** The column or columns to draw, one line each. @default every numeric column except `x` */
  y?: string | string[];
  /** @default none */
  title?: string;
  /** @default none */
  yTitle?: string;
  /** Each series divided by its first finite value, so series of different scale compare. @default false */
  normalize?: boolean;
}

function numericColumns(names: string[], table: ReturnType<typeof chartTable>, x: string): string[] {
  return names.filter((n) => {
    const values = columnValues(table, n);
    return n.toLowerCase() !== x.toLowerCase() && values instanceof Float64Array && !(values instanceof TimestampArray);
  });
}

/**
 * Lines of one or several series against a shared x (time by default).
 * @throws DisplayError ("MISSING_COLUMN") naming a missing column; ("INVALID_OPTION") when no column is left to draw.
 * @example plot(lineChart(closes, { y: ["AAPL", "MSFT"], normalize: true, title: "Closes" }));
 */
export function lineChart(data: ChartData, options: LineChartOptions = {}): Figure {
  const table = chartTable(data);
  const xName = options.x ?? "timestamp";
  const x = column(table, xName, "lineChart");
  const ys = options.y === undefined ? numericColumns(table.columnNames(), table, xName) : typeof options.y === "string" ? [options.y] : options.y;
  if (ys.length === 0) throw new DisplayError("lineChart: no column to draw; name them with { y: [...] }", { code: "INVALID_OPTION" });
  const traces = ys.map((name) => {
    let y = column(table, name, "lineChart") as ArrayLike<number>;
    if (options.normalize) {
      let base = NaN;
      for (let i = 0; i < y.length && !Number.isFinite(base); i++) if (Number.isFinite(y[i]) && y[i] !== 0) base = y[i];
      const source = y;
      y = Float64Array.from(source, (v) => v / base);
    }
    return { type: "scatter", mode: "lines", name, x, y };
  });
  return {
    data: traces,
    layout: {
      title: options.title ? { text: options.title } : undefined,
      xaxis: { type: xName.toLowerCase() === "timestamp" ? "date" : "-", gridcolor: "#eee" },
      yaxis: { title: options.yTitle ? { text: options.yTitle } : undefined, gridcolor: "#eee" },
    },
  };
}
