import { DisplayError } from "../DisplayError";
import { Figure } from "../figure";
import { ChartData, chartTable, column } from "./columns";

/** Options of {@link histogramChart}. */
export interface HistogramChartOptions {
  /** The column or columns to count, one set of bars each (overlaid, half transparent). */
  columns: string | string[];
  /** Number of equal-width bins between the smallest and the largest finite value of all columns. @default 10 (pandas' `hist`) */
  bins?: number;
  /** Bar heights as a probability density (areas sum to 1) instead of counts. @default false */
  density?: boolean;
  /** @default none */
  title?: string;
  /** @default the column name when there is one column */
  xTitle?: string;
}

/** Counts of `values` in `bins` equal bins from lo to hi, the last one closed on both sides (numpy's rule). */
function binCounts(values: ArrayLike<unknown>, lo: number, hi: number, bins: number): Float64Array {
  const counts = new Float64Array(bins);
  const width = hi - lo;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    const k = width > 0 ? Math.min(Math.floor(((v - lo) / width) * bins), bins - 1) : 0;
    counts[k]++;
  }
  return counts;
}

/**
 * A histogram of one or several numeric columns, e.g. of daily returns. Values are binned here, not in
 * the browser, so a chart of millions of values stays small; missing and infinite values are left out.
 * @throws DisplayError ("MISSING_COLUMN") naming a missing column; ("INVALID_OPTION") for bins below 1
 *   or a column without a finite number.
 * @example plot(histogramChart(t.assign({ ret: pctChange(t, "close") }), { columns: "ret", bins: 50 }));
 */
export function histogramChart(data: ChartData, options: HistogramChartOptions): Figure {
  const table = chartTable(data);
  const names = typeof options.columns === "string" ? [options.columns] : options.columns;
  if (!names || names.length === 0) throw new DisplayError("histogramChart: name the columns to count, e.g. { columns: \"ret\" }", { code: "INVALID_OPTION" });
  const bins = options.bins ?? 10;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new DisplayError(`histogramChart: 'bins' must be a whole number >= 1, got ${String(bins)}`, { code: "INVALID_OPTION" });
  const series = names.map((name) => ({ name, values: column(table, name, "histogramChart") }));
  let lo = Infinity;
  let hi = -Infinity;
  for (const { name, values } of series) {
    let any = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "number" && Number.isFinite(v)) {
        any = true;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!any) throw new DisplayError(`histogramChart: column '${name}' has no finite number to count`, { code: "INVALID_OPTION" });
  }
  const width = hi > lo ? (hi - lo) / bins : 1;
  const centres = Array.from({ length: bins }, (_, k) => (hi > lo ? lo + (k + 0.5) * width : lo));
  const traces = series.map(({ name, values }) => {
    const counts = binCounts(values, lo, hi, bins);
    let total = 0;
    for (const c of counts) total += c;
    const y = options.density ? Array.from(counts, (c) => c / total / width) : Array.from(counts);
    return { type: "bar", name, x: centres, y, width: width, opacity: series.length > 1 ? 0.55 : 1 };
  });
  return {
    data: traces,
    layout: {
      title: options.title ? { text: options.title } : undefined,
      barmode: "overlay",
      bargap: 0,
      xaxis: { title: { text: options.xTitle ?? (names.length === 1 ? names[0] : undefined) }, gridcolor: "#eee" },
      yaxis: { title: { text: options.density ? "density" : "count" }, gridcolor: "#eee" },
    },
  };
}
