/**
 * `npm run kernel:install [-- --user]`: writes the "quantlab (TypeScript)" kernel spec. Without
 * `--user` it goes into the project's .jupyter/ (what `npm start` and the tests use); with `--user` into
 * your own Jupyter, so any JupyterLab or Notebook you start yourself offers the quantlab kernel.
 */
import { installKernelSpec } from "./kernelSpec";

const user = process.argv.includes("--user");
const dir = installKernelSpec({ user });
process.stdout.write(`quantlab kernel spec written to ${dir}${user ? "" : " (project-local; add --user for your own Jupyter)"}\n`);
