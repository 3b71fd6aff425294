import { escapeHtml } from "./tableHtml";
import { Figure, layoutOf, plainFigure } from "./figure";
import { plotHtml } from "./plotHtml";

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** The page title. @default the figure's title, else "quantlab chart" */
  title?: string;
}

/**
 * A whole HTML page showing the figure, with plotly.js inlined: it opens offline, anywhere. For saving a
 * chart from a script (`fs.writeFileSync("chart.html", figureHtml(fig))`).
 * @example fs.writeFileSync("aapl.html", figureHtml(candlestickChart(bars)));
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  const layout = layoutOf(figure);
  const t = layout.title as { text?: string } | string | undefined;
  const title = options.title ?? (typeof t === "string" ? t : t?.text) ?? "quantlab chart";
  const json = plainFigure({ data: figure.data, layout, config: { responsive: true, displaylogo: false, ...(figure.config ?? {}) } });
  const height = typeof layout.height === "number" ? layout.height : 480;
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n${plotHtml("quantlab-plot", json, height, true)}\n</body></html>\n`;
}
