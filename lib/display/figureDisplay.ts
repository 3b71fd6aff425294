import type { MimeBundle } from "./emit";
import { tslabKernel } from "./emit";
import type { Figure } from "./figure";
import { plot } from "./plot";
import { isPlainObject } from "./recordBundle";

const FIGURE_KEYS = new Set(["data", "layout", "config", "frames"]);

/** A plotly figure as the chart builders make it: `{ data: [traces], layout?, config? }` and nothing else. */
export function isFigure(value: unknown): value is Figure {
  if (!isPlainObject(value) || !Array.isArray(value.data)) return false;
  return Object.keys(value).every((k) => FIGURE_KEYS.has(k)) && value.data.every((t) => isPlainObject(t));
}

/**
 * The output {@link plot} makes for `figure` (plotly JSON, HTML and a text line), taken as a bundle
 * instead of being shown. Undefined outside a kernel, where a figure prints as text.
 */
export function figureBundle(figure: Figure): MimeBundle | undefined {
  const kernel = tslabKernel();
  if (!kernel) return undefined;
  const write = kernel.lastWriteDisplayData;
  let captured: MimeBundle | undefined;
  kernel.lastWriteDisplayData = (message) => {
    captured = message.data as MimeBundle;
  };
  try {
    plot(figure);
  } finally {
    kernel.lastWriteDisplayData = write;
  }
  return captured;
}
