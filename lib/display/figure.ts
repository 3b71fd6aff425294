import { TimestampArray, formatTimestampUs } from "../frame";

/**
 * A plotly figure: traces, layout and config exactly as plotly.js takes them
 * (https://plotly.com/javascript/reference/). Arrays may be typed arrays; a TimestampArray or Dates
 * become date strings in UTC.
 */
export interface Figure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/**
 * A date as plotly reads it, in UTC and in its shortest exact form: `2024-01-02` at midnight,
 * `2024-01-02 09:30` on the minute, else with seconds and the fraction (`09:30:00.123`, microseconds kept
 * when present). Every chart output stores each date twice, so the saved notebook stays small.
 */
export function plotlyDate(ms: number): string {
  const full = formatTimestampUs(Math.round(ms * 1000)).replace("T", " ").replace(/Z$/, "");
  return full.replace(/\.0+$/, "").replace(/ 00:00:00$/, "").replace(/ (\d\d:\d\d):00$/, " $1");
}

/**
 * The figure as plain JSON values: typed arrays become arrays, timestamps become date strings, non-finite
 * numbers become null (plotly's gap), Dates become date strings.
 */
export function plainFigure(value: unknown): unknown {
  if (value instanceof TimestampArray) return Array.from(value, (ms) => (Number.isFinite(ms) ? plotlyDate(ms) : null));
  if (value instanceof Date) return plotlyDate(value.getTime());
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const typed = value as unknown as ArrayLike<number | bigint>;
    return Array.from(typed, (v) => (typeof v === "bigint" ? Number(v) : Number.isFinite(v) ? v : null));
  }
  if (Array.isArray(value)) return value.map(plainFigure);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plainFigure(v);
    return out;
  }
  return value;
}

/** Layout every quantlab chart starts from; a figure's own layout wins key by key. */
export const BASE_LAYOUT: Record<string, unknown> = {
  template: { layout: { font: { family: "Helvetica, Arial, sans-serif", size: 12 } } },
  height: 480,
  margin: { l: 60, r: 30, t: 50, b: 40 },
  hovermode: "x unified",
  legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 1, xanchor: "right" },
  paper_bgcolor: "white",
  plot_bgcolor: "white",
  xaxis: { gridcolor: "#eee" },
  yaxis: { gridcolor: "#eee" },
};

/**
 * The figure's layout over {@link BASE_LAYOUT}: the figure's keys win; a title given as text or
 * `{ text }` sits top left, clear of the legend at top right.
 */
export function layoutOf(figure: Figure): Record<string, unknown> {
  const layout: Record<string, unknown> = { ...BASE_LAYOUT, ...(figure.layout ?? {}) };
  const title = layout.title;
  if (typeof title === "string") layout.title = { text: title, x: 0.01, xanchor: "left" };
  else if (title && typeof title === "object") layout.title = { x: 0.01, xanchor: "left", ...(title as object) };
  return layout;
}
