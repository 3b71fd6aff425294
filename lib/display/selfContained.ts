import { plotlyInlineScript } from "./plotlyBundle";

const CHART = /<div id="quantlab-plot-[0-9a-f]+" class="quantlab-plot"/;
const INLINED = /\/\* plotly\.js [^*]*, inlined by quantlab \*\//;

/**
 * An HTML page (an nbconvert rendering of a notebook) made to show its quantlab charts offline:
 * plotly.js is inlined once, at the end of `<head>` (or at the start when there is no head), so every
 * chart on the page draws without a Jupyter server or a network. A page without charts, or that already
 * has plotly.js inlined, is returned unchanged.
 * @example fs.writeFileSync(file, withPlotlyInlined(fs.readFileSync(file, "utf8")));
 */
export function withPlotlyInlined(html: string): string {
  if (!CHART.test(html) || INLINED.test(html)) return html;
  const script = plotlyInlineScript();
  const head = html.search(/<\/head>/i);
  return head >= 0 ? html.slice(0, head) + script + "\n" + html.slice(head) : script + "\n" + html;
}
