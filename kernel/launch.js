#!/usr/bin/env node
/*
 * The quantlab kernel process: Jupyter runs `node kernel/launch.js <connection file>` (see
 * kernel/kernelSpec.ts). Jupyter starts a kernel in the notebook's folder; tslab takes its working
 * directory as the TypeScript root, so this moves to the project root first. A notebook's
 * `import { ... } from "./lib"` then loads quantlab, wherever the notebook sits.
 * Plain JavaScript on purpose: it runs before any TypeScript tooling is loaded.
 */
"use strict";
const path = require("path");

const root = path.resolve(__dirname, "..");
const connectionFile = process.argv[2];
if (!connectionFile) {
  process.stderr.write("usage: node kernel/launch.js <jupyter connection file>\n");
  process.exit(2);
}
process.env.QUANTLAB_NOTEBOOK_DIR = process.cwd();
process.chdir(root);
// tslab's compiler watches every file a cell imports and, when one changes on disk while the kernel
// runs (you edit lib/, git checks out a branch), schedules a rebuild that its next cell trips over
// ("Unexpected pending rebuildTimer"), failing every cell after. The kernel reads lib/ once, like any
// Node process, so its watchers only do harm: they are switched off. Restart the kernel after editing lib/.
const tslabDir = path.join(root, "node_modules", "tslab");
const typescript = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }));
const noWatcher = () => ({ close() {} });
typescript.sys.watchFile = noWatcher;
typescript.sys.watchDirectory = noWatcher;
// tslab type-checks cells (and the lib/ files they import) with its TypeScript 5.0, but at run time it
// resolves `./lib` only as a file, not as a folder with an index.ts. The project's tsx loader lets Node
// itself load lib/ from its TypeScript sources, with Node's resolution.
require(path.join(root, "node_modules", "tsx", "dist", "cjs", "api", "index.cjs")).register();
// tslab's cell compiler crashed on `await (await x).y()` and it dropped a cell sent right after a failed
// one, and it printed a cell's last expression as text only: kernel/tslabPatch.ts fixes these in memory,
// before tslab loads.
require(path.join(root, "kernel", "tslabPatch.ts")).patchTslab(tslabDir);
const tslab = require(path.join(tslabDir, "dist", "main.js"));
// The compiler reads lib/'s declarations (kernel/declarations.ts) instead of type-checking all of lib/'s
// sources on the first import: a much faster first cell. When lib/ changed since they were generated,
// a worker thread generates them again while tslab starts; the first cell that imports lib/ waits for it.
require(path.join(root, "kernel", "declarations.ts")).startDeclarations(typescript);
tslab.startKernel({
  configPath: path.resolve(process.env.QUANTLAB_NOTEBOOK_DIR, connectionFile),
  enableFindLocal: false,
});
// A notebook's first cell imports lib/ (docs/notebooks-and-reports.md). Loading it (tsx, DuckDB's
// bindings, arquero) takes a good part of that cell's time, so it is loaded now, while the user opens the
// notebook; the cell then finds it in Node's module cache. A cell sent meanwhile simply waits for it, as
// it would have loaded it itself. A lib/ that fails to load fails again, visibly, in the cell.
setImmediate(() => {
  try {
    require(path.join(root, "lib"));
  } catch {
    // reported by the cell that imports it
  }
});
