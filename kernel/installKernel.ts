/**
 * `npm run kernel:install [-- --user]`: writes the "quantlab (TypeScript)" kernel spec, and plotly.js
 * where Jupyter serves it to chart outputs (nbextensions/quantlab/). Without `--user` both go into the
 * project's .jupyter/ (what `npm start` and the tests use); with `--user` into your own Jupyter, so any
 * Notebook you start yourself offers the quantlab kernel and draws its charts.
 */
import { installPlotlyExtension } from "./jupyter";
import { installKernelSpec, userJupyterPath } from "./kernelSpec";

const user = process.argv.includes("--user");
const dir = installKernelSpec({ user });
const plotly = installPlotlyExtension(user ? userJupyterPath() : undefined);
process.stdout.write(`quantlab kernel spec written to ${dir}${user ? "" : " (project-local; add --user for your own Jupyter)"}\nplotly.js for chart outputs: ${plotly}\n`);
