import { randomBytes } from "crypto";
import { DisplayError } from "./DisplayError";
import { emitDisplay, tslabKernel } from "./emit";
import { Figure, layoutOf, plainFigure } from "./figure";
import { plotHtml } from "./plotHtml";

/** Options of {@link plot}. */
export interface PlotOptions {
  /**
   * Inline plotly.js (about 4.8 MB) in this chart's HTML. By default it is inlined in the first chart a
   * kernel shows, and later charts use it from the page; a notebook run top to bottom (and every report)
   * is therefore self-contained. @default true for the first chart of a process, else false
   */
  embed?: boolean;
}

let embedded = false;

function describe(figure: Figure): string {
  const layout = figure.layout ?? {};
  const title = layout.title;
  const name = typeof title === "string" ? title : (title as { text?: string } | undefined)?.text;
  const kinds = figure.data.map((t) => String(t.type ?? "scatter"));
  return `Figure${name ? `: ${name}` : ""} (${figure.data.length} trace${figure.data.length === 1 ? "" : "s"}: ${kinds.join(", ")})`;
}

/**
 * Displays a plotly figure. In a notebook this is one output holding the plotly JSON (for JupyterLab's
 * plotly renderer), a self-contained HTML rendering (classic Notebook, nbconvert HTML reports, any
 * browser, offline) and a one-line text description; in a script, the description is printed.
 * The figure's layout is laid over quantlab's defaults (white background, legend on top, 480 px high).
 * @throws DisplayError ("INVALID_FIGURE") when `figure.data` is not an array of traces.
 * @example plot(candlestickChart((await lib.read("AAPL")).data, { title: "AAPL" }));
 */
export function plot(figure: Figure, options: PlotOptions = {}): void {
  if (!figure || !Array.isArray(figure.data)) throw new DisplayError("INVALID_FIGURE", "plot: the figure needs 'data', an array of plotly traces");
  const inKernel = tslabKernel() !== null;
  const layout = layoutOf(figure);
  const config = { responsive: true, displaylogo: false, ...(figure.config ?? {}) };
  const json = plainFigure({ data: figure.data, layout, config }) as Figure;
  const text = describe(figure);
  if (!inKernel) {
    emitDisplay({ "text/plain": text });
    return;
  }
  const embed = options.embed ?? !embedded;
  const height = typeof layout.height === "number" ? layout.height : 480;
  const html = plotHtml(`quantlab-plot-${randomBytes(6).toString("hex")}`, json, height, embed);
  emitDisplay({ "application/vnd.plotly.v1+json": json, "text/html": html, "text/plain": text });
  if (embed) embedded = true;
}
