import { Figure, plotlyDate } from "../figure";
import { ChartData, chartTable, column, hasColumn } from "./columns";

/** A point to mark on a price chart (a trade, an alert). */
export interface ChartMarker {
  timestamp: Date | number | string;
  price: number;
  /** Hover text. @default none */
  text?: string;
  /** @default "#1f77b4" */
  color?: string;
  /** A plotly marker symbol, e.g. "triangle-up", "triangle-down", "x". @default "circle" */
  symbol?: string;
}

/** A shaded span of time on a price chart (a gap, a session). */
export interface ChartSpan {
  x0: Date | number | string;
  x1: Date | number | string;
  /** @default "rgba(214, 39, 40, 0.25)" */
  color?: string;
}

/** Options of {@link candlestickChart}. */
export interface CandlestickChartOptions {
  /** @default none */
  title?: string;
  /** A volume panel under the prices, when the table has a `volume` column. @default true */
  volume?: boolean;
  /** Points to mark (trades, alerts). @default none */
  markers?: ChartMarker[];
  /** Time spans to shade (gaps, sessions). @default none */
  shapes?: ChartSpan[];
  /** @default 560 with volume, else 480 */
  height?: number;
  /**
   * "hide" closes up the time axis over periods without bars (nights, weekends, holidays), as trading
   * charts do; "show" keeps a linear time axis. @default "hide"
   */
  gaps?: "hide" | "show";
}

/**
 * plotly range breaks that hide the spans without bars: wherever consecutive bars are further apart than
 * 1.5 times the usual spacing (the median), the time between the end of the bar and the next bar is cut.
 * Breaks of equal length are grouped, so a year of nights is a handful of entries.
 */
export function closedSpans(x: ArrayLike<unknown>): { values: string[]; dvalue: number }[] {
  const t = Array.from(x, (v) => (v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(String(v))));
  if (t.length < 3) return [];
  const diffs = t.slice(1).map((v, i) => v - t[i]).filter((d) => d > 0);
  const step = [...diffs].sort((a, b) => a - b)[Math.floor(diffs.length / 2)];
  const groups = new Map<number, string[]>();
  for (let i = 1; i < t.length; i++) {
    const gap = t[i] - t[i - 1];
    if (!(gap > 1.5 * step)) continue;
    const dvalue = gap - step;
    const list = groups.get(dvalue) ?? [];
    list.push(plotlyDate(t[i - 1] + step));
    groups.set(dvalue, list);
  }
  return [...groups].map(([dvalue, values]) => ({ values, dvalue }));
}

function toX(t: Date | number | string): Date | string {
  return typeof t === "number" ? new Date(t) : t;
}

/**
 * A candlestick chart of OHLCV bars (columns `timestamp, open, high, low, close` and optionally
 * `volume`, case-insensitive) with a volume panel below, optional markers and shaded spans.
 * Returns the figure; `plot` displays it.
 * @throws DisplayError ("MISSING_COLUMN") naming a missing column.
 * @example plot(candlestickChart(bars, { title: "AAPL, 1 hour", markers: [{ timestamp, price, text: "buy" }] }));
 */
export function candlestickChart(data: ChartData, options: CandlestickChartOptions = {}): Figure {
  const table = chartTable(data);
  const name = "candlestickChart";
  const x = column(table, "timestamp", name);
  const withVolume = (options.volume ?? true) && hasColumn(table, "volume");
  const traces: Record<string, unknown>[] = [
    {
      type: "candlestick",
      name: "price",
      x,
      open: column(table, "open", name),
      high: column(table, "high", name),
      low: column(table, "low", name),
      close: column(table, "close", name),
      increasing: { line: { color: "#26a69a" } },
      decreasing: { line: { color: "#ef5350" } },
      yaxis: "y",
    },
  ];
  if (withVolume) traces.push({ type: "bar", name: "volume", x, y: column(table, "volume", name), yaxis: "y2", marker: { color: "rgba(100, 110, 130, 0.5)" } });
  const markers = options.markers ?? [];
  if (markers.length) {
    traces.push({
      type: "scatter",
      mode: "markers",
      name: "marks",
      x: markers.map((m) => toX(m.timestamp)),
      y: markers.map((m) => m.price),
      text: markers.map((m) => m.text ?? ""),
      hoverinfo: "x+y+text",
      marker: { size: 10, color: markers.map((m) => m.color ?? "#1f77b4"), symbol: markers.map((m) => m.symbol ?? "circle"), line: { width: 1, color: "#333" } },
      yaxis: "y",
    });
  }
  const shapes = (options.shapes ?? []).map((s) => ({
    type: "rect",
    xref: "x",
    yref: "paper",
    x0: toX(s.x0),
    x1: toX(s.x1),
    y0: 0,
    y1: 1,
    fillcolor: s.color ?? "rgba(214, 39, 40, 0.25)",
    line: { width: 0 },
    layer: "below",
  }));
  return {
    data: traces,
    layout: {
      title: options.title ? { text: options.title } : undefined,
      height: options.height ?? (withVolume ? 560 : 480),
      xaxis: { type: "date", rangeslider: { visible: false }, gridcolor: "#eee", rangebreaks: (options.gaps ?? "hide") === "hide" ? closedSpans(x) : [] },
      yaxis: { title: { text: "price" }, domain: withVolume ? [0.3, 1] : [0, 1], gridcolor: "#eee" },
      ...(withVolume ? { yaxis2: { title: { text: "volume" }, domain: [0, 0.22], gridcolor: "#eee" } } : {}),
      shapes,
      showlegend: markers.length > 0,
    },
  };
}
