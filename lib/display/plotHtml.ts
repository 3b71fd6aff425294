import { plotlyBundle } from "./plotlyBundle";

/** JSON that can sit inside a `<script>` element: `<`, `>` and `&` are escaped as \u sequences. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/**
 * The HTML of one chart: a div and a script that draws it with `window.Plotly`. With `embed`, plotly.js
 * itself is inlined first (wrapped so that a page's AMD loader or CommonJS shim cannot capture it).
 * Without, the script waits up to `waitMs` for plotly.js from an earlier output on the page, then says
 * in the div how to fix it.
 */
export function plotHtml(id: string, figure: unknown, height: number, embed: boolean, waitMs = 10_000): string {
  const parts: string[] = [];
  if (embed) {
    const { version, code } = plotlyBundle();
    parts.push(`<script type="text/javascript">/* plotly.js ${version}, inlined by quantlab */(function(){var module, exports, define;\n${code}\n}).call(window);</script>`);
  }
  parts.push(`<div id="${id}" class="quantlab-plot" style="width:100%;height:${height}px"></div>`);
  parts.push(
    `<script type="text/javascript">(function(){var fig=${scriptJson(figure)};var el=document.getElementById(${JSON.stringify(id)});` +
      `function draw(){window.Plotly.newPlot(el,fig.data,fig.layout,fig.config);}` +
      `if(window.Plotly){draw();return;}var waited=0;var timer=setInterval(function(){if(window.Plotly){clearInterval(timer);draw();}` +
      `else if((waited+=50)>${waitMs}){clearInterval(timer);el.textContent="plotly.js is not loaded on this page: re-run the notebook from the top, or call plot(figure, { embed: true }).";}},50);})();</script>`,
  );
  return parts.join("\n");
}
