import * as fs from "fs";

let cached: { version: string; code: string } | undefined;

/**
 * plotly.js from the installed npm package (never a CDN: reports must open offline), read once per
 * process and made safe to inline in a `<script>` element.
 */
export function plotlyBundle(): { version: string; code: string } {
  if (!cached) {
    const file = require.resolve("plotly.js-dist-min/plotly.min.js");
    const code = fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
    const version = (require("plotly.js-dist-min/package.json") as { version: string }).version;
    cached = { version, code };
  }
  return cached;
}
