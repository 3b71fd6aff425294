import { plotlyInlineScript, plotlyServedPath } from "./plotlyBundle";

/** JSON that can sit inside a `<script>` element: `<`, `>` and `&` are escaped as \u sequences. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/**
 * The browser side of a chart, kept small because every chart output carries it. When `window.Plotly`
 * is missing it loads plotly.js once per page from the Jupyter server the page came from (the base URL
 * is on classic Notebook's `<body data-base-url>`, or in JupyterLab's `#jupyter-config-data`), as text
 * run inside a wrapper so that require.js cannot capture the UMD bundle. Without a server (a file opened
 * from disk) or when the server does not have it, the chart's div says how to fix it.
 */
function drawScript(id: string, figure: unknown, servedPath: string): string {
  return (
    `(function(){var fig=${scriptJson(figure)};var el=document.getElementById(${JSON.stringify(id)});` +
    `function draw(){window.Plotly.newPlot(el,fig.data,fig.layout,fig.config);}` +
    `function fail(why){el.style.height="auto";el.textContent="plotly.js is not loaded on this page ("+why+"): open the notebook in the Jupyter that npm start runs (it serves plotly.js), or call plot(figure, { embed: true }).";}` +
    `if(window.Plotly){draw();return;}` +
    `var base=document.body?document.body.getAttribute("data-base-url"):null;` +
    `if(base===null){var c=document.getElementById("jupyter-config-data");if(c){try{base=JSON.parse(c.textContent).baseUrl||null;}catch(e){}}}` +
    `if(base===null||typeof fetch!=="function"){fail("no Jupyter server to load it from");return;}` +
    `var url=base.replace(/\\/?$/,"/")+${JSON.stringify(servedPath)};` +
    `var cache=window.__quantlabPlotly||(window.__quantlabPlotly={});` +
    `var p=cache[url]||(cache[url]=fetch(url,{credentials:"same-origin"}).then(function(r){if(!r.ok)throw new Error(url+" answered "+r.status);return r.text();})` +
    `.then(function(code){if(!window.Plotly){var s=document.createElement("script");s.text="(function(){var module,exports,define;\\n"+code+"\\n}).call(window);";document.head.appendChild(s);}` +
    `if(!window.Plotly)throw new Error("running "+url+" did not define Plotly");}));` +
    `p.then(draw,function(e){if(cache[url]===p)delete cache[url];fail(e.message);});})();`
  );
}

/**
 * The HTML of one chart: a div and a script that draws it with `window.Plotly`, loading plotly.js from
 * the Jupyter server when the page does not have it (see {@link drawScript}). With `embed`, plotly.js
 * itself (about 4.8 MB) is inlined first, for a page that must work without a server.
 */
export function plotHtml(id: string, figure: unknown, height: number, embed: boolean): string {
  const parts: string[] = [];
  if (embed) parts.push(plotlyInlineScript());
  parts.push(`<div id="${id}" class="quantlab-plot" style="width:100%;height:${height}px"></div>`);
  parts.push(`<script type="text/javascript">${drawScript(id, figure, plotlyServedPath())}</script>`);
  return parts.join("\n");
}
