import { randomBytes } from "crypto";
import { DisplayError } from "./DisplayError";
import { emitDisplay, tslabKernel } from "./emit";
import { Figure, layoutOf, plainFigure } from "./figure";
import { plotHtml } from "./plotHtml";

/** Options of {@link plot}. */
export interface PlotOptions {
  /**
   * Inline plotly.js (about 4.8 MB) in this chart's HTML, for a notebook that must show its charts
   * without the Jupyter server that `npm start` runs. By default a chart loads plotly.js from that server
   * (once per page) when the page does not have it, so charts draw after a page reload and in a saved
   * notebook reopened later, and a saved notebook stays small; reports (`npm run report`) inline
   * plotly.js once per page themselves. @default false
   */
  embed?: boolean;
}

function describe(figure: Figure): string {
  const layout = figure.layout ?? {};
  const title = layout.title;
  const name = typeof title === "string" ? title : (title as { text?: string } | undefined)?.text;
  const kinds = figure.data.map((t) => String(t.type ?? "scatter"));
  return `Figure${name ? `: ${name}` : ""} (${figure.data.length} trace${figure.data.length === 1 ? "" : "s"}: ${kinds.join(", ")})`;
}

/**
 * Displays a plotly figure. In a notebook this is one output holding the plotly JSON (for JupyterLab's
 * plotly renderer), an HTML rendering (classic Notebook, nbconvert HTML reports) that loads plotly.js
 * from the Jupyter server when the page lacks it (see {@link PlotOptions.embed}), and a one-line text
 * description; in a script, the description is printed.
 * The figure's layout is laid over quantlab's defaults (white background, legend on top, 480 px high).
 * @throws DisplayError ("INVALID_FIGURE") when `figure.data` is not an array of traces.
 * @example plot(candlestickChart((await lib.read("AAPL")).data, { title: "AAPL" }));
 */
export function plot(figure: Figure, options: PlotOptions = {}): void {
  if (!figure || !Array.isArray(figure.data)) throw new DisplayError("plot: the figure needs 'data', an array of plotly traces", { code: "INVALID_FIGURE" });
  const inKernel = tslabKernel() !== null;
  const layout = layoutOf(figure);
  const config = { responsive: true, displaylogo: false, ...(figure.config ?? {}) };
  const json = plainFigure({ data: figure.data, layout, config }) as Figure;
  const text = describe(figure);
  if (!inKernel) {
    emitDisplay({ "text/plain": text });
    return;
  }
  const height = typeof layout.height === "number" ? layout.height : 480;
  const html = plotHtml(`quantlab-plot-${randomBytes(6).toString("hex")}`, json, height, options.embed ?? false);
  emitDisplay({ "application/vnd.plotly.v1+json": json, "text/html": html, "text/plain": text });
}
