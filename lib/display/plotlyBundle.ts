import * as fs from "fs";

let cached: { version: string; code: string } | undefined;

/** The folder under Jupyter's `nbextensions/` where quantlab serves plotly.js (see {@link plotlyServedPath}). */
export const PLOTLY_NBEXTENSION = "quantlab";

/** The installed plotly.js: the minified bundle's file and its version. */
export function plotlyFile(): { file: string; version: string } {
  return {
    file: require.resolve("plotly.js-dist-min/plotly.min.js"),
    version: (require("plotly.js-dist-min/package.json") as { version: string }).version,
  };
}

/**
 * Where a Jupyter server started by quantlab serves plotly.js, relative to the server's base URL:
 * `nbextensions/quantlab/plotly-<version>.min.js` (the version in the name, so a page never runs a chart
 * against another plotly.js than the one it was made for).
 */
export function plotlyServedPath(): string {
  return `nbextensions/${PLOTLY_NBEXTENSION}/plotly-${plotlyFile().version}.min.js`;
}

/**
 * plotly.js from the installed npm package (never a CDN: reports must open offline), read once per
 * process and made safe to inline in a `<script>` element.
 */
export function plotlyBundle(): { version: string; code: string } {
  if (!cached) {
    const { file, version } = plotlyFile();
    const code = fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
    cached = { version, code };
  }
  return cached;
}

/**
 * plotly.js as one inline `<script>` element, wrapped so that a page's AMD loader (require.js in classic
 * Notebook) or CommonJS shim cannot capture it: it always sets `window.Plotly`.
 */
export function plotlyInlineScript(): string {
  const { version, code } = plotlyBundle();
  return `<script type="text/javascript">/* plotly.js ${version}, inlined by quantlab */(function(){var module, exports, define;\n${code}\n}).call(window);</script>`;
}
