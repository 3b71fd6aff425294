/**
 * Fixes to tslab 1.0.22, applied in memory when the kernel starts (kernel/launch.js): tslab's own
 * modules are read from node_modules, edited as text at a few named anchors, and compiled in place of the
 * originals in Node's module cache. Nothing on disk changes. Each edit must find its anchor exactly once;
 * a tslab upgrade that moves one fails the kernel's start with a {@link TslabPatchError} naming it, rather
 * than silently running unpatched.
 *
 * What they fix, so that any statement that compiles in a TypeScript async function compiles in a cell:
 * - `await (await x).y()` made tslab's TypeScript 5.0 throw "Debug Failure. False expression: Paths must
 *   either both be absolute or both be relative". A statement that starts like a call of a function named
 *   `await` is parsed twice; the second parse's source file keeps the first, which has no path, as its
 *   `original`, and naming a type from another file (`Library`) computes an import path relative to "".
 *   The reparsed cell no longer points back at that first parse.
 * - The same reparse hid the cell's top-level await from tslab, which then ran `x = await (await y).z()`
 *   in a plain function: "SyntaxError: missing ) after argument list". Top-level awaits are now found in
 *   the cell's syntax tree.
 * - tslab emits a declaration file per cell to carry its names to later cells, and failed the cell on any
 *   error of that emit, which an async function never has: "Exported variable 'q' has or is using name
 *   'Quote' from external module ... but cannot be named" for a type its module does not export (and, with
 *   the path bug above, "The inferred type of 't' cannot be named without a reference to
 *   './node_modules/arquero/dist/types'", which the path fix alone cures: the type is written
 *   `import("arquero").ColumnTable`). Such errors no longer fail the cell; its declarations are written
 *   anyway, and a later cell sees an unnameable type as `any`.
 * - tslab printed a cell's last expression with console.log: a Table as arquero's internals, times as
 *   epoch numbers. A value with rich representations (lib/display's displayBundle: a Table, a chart, a
 *   store, validation or backtest result) is now the cell's result, `Out[n]`, as an `execute_result` with
 *   HTML and plain text, as IPython shows a DataFrame; other values print as before.
 * - tslab dropped every cell that arrived within 200 ms of a failed one. Cells already queued when a cell
 *   fails (Run All) are still cancelled, as Jupyter expects; a cell sent once the failure was reported runs.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";

/** Raised when a tslab file no longer has the text a fix is anchored to. */
export class TslabPatchError extends Error {
  readonly code = "TSLAB_PATCH_ANCHOR";
  constructor(
    readonly file: string,
    readonly fix: string,
    readonly matches: number,
  ) {
    super(
      `kernel/tslabPatch.ts: the fix '${fix}' expects its anchor once in ${file}, found it ${matches} times. ` +
        "tslab was probably upgraded: update the fix to the new source, or drop it if tslab fixed the bug.",
    );
    this.name = "TslabPatchError";
  }
}

/** The global slot (`Symbol.for` key) where lib/display puts its displayBundle for the kernel. */
export const DISPLAY_HOOK = "quantlab.displayBundle";

/** One text edit of a tslab module: `find` must occur exactly once and is replaced by `replace`. */
export interface TslabEdit {
  /** What the edit fixes, for error messages. */
  fix: string;
  find: string;
  replace: string;
}

/** The edits of tslab's dist/converter.js (the cell compiler). */
export const CONVERTER_EDITS: TslabEdit[] = [
  {
    fix: "reparsed top-level await keeps a source file without a path",
    find: "    host.afterProgramCreate = function (b) {\n        builder = b;\n",
    replace:
      "    host.afterProgramCreate = function (b) {\n        builder = b;\n" +
      "        for (const file of b.getSourceFiles()) {\n" +
      "            // quantlab: a cell reparsed for top-level await is complete; its first parse has no path or imports.\n" +
      "            if (file.original && file.original.kind === ts.SyntaxKind.SourceFile && !file.original.path) file.original = undefined;\n" +
      "        }\n",
  },
  {
    fix: "a declaration-emit error fails a cell that would run",
    find: "        const diag = convertDiagnostics(getPreEmitDiagnosticsWithDependencies(builder, srcFile));\n",
    replace:
      "        const diag = convertDiagnostics(quantlabWithoutDeclarationErrors(builder, srcFile, getPreEmitDiagnosticsWithDependencies(builder, srcFile)));\n",
  },
  {
    fix: "a declaration-emit error fails a cell that would run",
    find: "        declOutput += remainingDecls(builder.getProgram().getTypeChecker(), srcFile, declsFile);\n",
    replace:
      "        if (declOutput === undefined) {\n" +
      "            // quantlab: TypeScript skips a declaration file with errors; write it anyway, for the names that can be.\n" +
      "            builder.getProgram().emit(srcFile, (fileName, data) => {\n" +
      "                if (fileName === dstDeclFilename) declOutput = data;\n" +
      "            }, undefined, true, getCustomTransformers(builder.getProgram().getTypeChecker(), declsFile, keys, () => { }), true);\n" +
      "        }\n" +
      "        declOutput += remainingDecls(builder.getProgram().getTypeChecker(), srcFile, declsFile);\n",
  },
  {
    fix: "a declaration-emit error fails a cell that would run",
    find: "\nexports.isCompleteCode = isCompleteCode;\n",
    replace:
      "\nexports.isCompleteCode = isCompleteCode;\n" +
      "// quantlab: the declarations tslab emits for a cell only carry its names to later cells. When one of its\n" +
      "// types cannot be written there (a type its module does not export), the cell still runs, as it would\n" +
      "// in an async function; later cells see the name as written, or as any.\n" +
      "function quantlabWithoutDeclarationErrors(builder, srcFile, diagnostics) {\n" +
      "    const key = (d) => `${d.file ? d.file.fileName : ''}:${d.start}:${d.code}`;\n" +
      "    const declaration = new Set(builder.getProgram().getDeclarationDiagnostics(srcFile).map(key));\n" +
      "    return diagnostics.filter((d) => !declaration.has(key(d)));\n" +
      "}\n",
  },
  {
    fix: "a reparsed top-level await runs in a function that is not async",
    find: "            hasToplevelAwait: diag.hasToplevelAwait,\n",
    replace: "            hasToplevelAwait: diag.hasToplevelAwait || quantlabHasTopLevelAwait(srcFile),\n",
  },
  {
    fix: "a reparsed top-level await runs in a function that is not async",
    find: "\nexports.createConverter = createConverter;\n",
    replace:
      "\nexports.createConverter = createConverter;\n" +
      "// quantlab: whether a cell awaits outside any function, read from its syntax tree. tslab learns it from the\n" +
      "// 'await is only allowed in async functions' error, which a statement reparsed for top-level await lacks.\n" +
      "function quantlabHasTopLevelAwait(node) {\n" +
      "    if (ts.isFunctionLike(node)) return false;\n" +
      "    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) return true;\n" +
      "    return !!ts.forEachChild(node, quantlabHasTopLevelAwait);\n" +
      "}\n",
  },
];

/** The edits of tslab's dist/jupyter.js (the kernel's message handling). */
export const JUPYTER_EDITS: TslabEdit[] = [
  {
    fix: "a cell's last expression shows only as printed text",
    find: '            reply.header.msg_type = update ? "update_display_data" : "display_data";\n',
    replace:
      '            reply.header.msg_type = update === "execute_result" ? "execute_result" : update ? "update_display_data" : "display_data";\n',
  },
  {
    fix: "a cell's last expression shows only as printed text",
    find: "        let count = new ExecutionCount(++this.execCount);\n",
    replace:
      "        let count = new ExecutionCount(++this.execCount);\n" +
      "        // quantlab: the cell's result (Out[n]) with every representation of its last expression.\n" +
      '        exports.quantlabWriteResult = (data) => writeDisplayData({ data, metadata: {}, execution_count: count.count }, "execute_result");\n',
  },
  {
    fix: "a cell sent after a failed one is dropped for 200 ms",
    find: "                this.execQueue.reset(200);\n",
    replace:
      "                // quantlab: cancel only the cells already queued, not those sent after this failure is reported.\n" +
      "                await new Promise((resolve) => setImmediate(resolve));\n" +
      "                this.execQueue.reset();\n",
  },
];

/** The edits of tslab's dist/executor.js (runs a compiled cell and prints its last expression). */
export const EXECUTOR_EDITS: TslabEdit[] = [
  {
    fix: "a cell's last expression shows only as printed text",
    find: "            delete exports[converted.lastExpressionVar];\n            console.log(ret);\n",
    replace: "            delete exports[converted.lastExpressionVar];\n            if (!quantlabShowResult(ret)) console.log(ret);\n",
  },
  {
    fix: "a cell's last expression shows only as printed text",
    find: "\nexports.createExecutor = createExecutor;\n",
    replace:
      "\nexports.createExecutor = createExecutor;\n" +
      "// quantlab: a last expression with rich representations (a Table, a chart, a store result: see lib/display's\n" +
      "// displayBundle, which lib/display puts in a global slot when it loads) is the cell's result, as in IPython;\n" +
      "// any other value prints as before. A representation that throws prints the value, after the error.\n" +
      "function quantlabShowResult(value) {\n" +
      "    const bundleOf = globalThis[Symbol.for(" + JSON.stringify(DISPLAY_HOOK) + ")];\n" +
      "    const write = require(\"./jupyter\").quantlabWriteResult;\n" +
      "    if (typeof bundleOf !== \"function\" || typeof write !== \"function\") return false;\n" +
      "    let bundle;\n" +
      "    try {\n" +
      "        bundle = bundleOf(value);\n" +
      "    }\n" +
      "    catch (e) {\n" +
      "        console.error(\"quantlab: this value's display failed, so it prints as text:\", e);\n" +
      "        return false;\n" +
      "    }\n" +
      "    if (!bundle || typeof bundle[\"text/plain\"] !== \"string\") return false;\n" +
      "    write(bundle);\n" +
      "    return true;\n" +
      "}\n",
  },
];

/** Applies edits to a module's text; throws {@link TslabPatchError} when an anchor is missing or repeated. */
export function applyEdits(file: string, text: string, edits: readonly TslabEdit[]): string {
  let out = text;
  for (const edit of edits) {
    const matches = out.split(edit.find).length - 1;
    if (matches !== 1) throw new TslabPatchError(file, edit.fix, matches);
    out = out.replace(edit.find, () => edit.replace);
  }
  return out;
}

interface NodeModule extends Module {
  _compile(code: string, filename: string): void;
}

/** Compiles `code` as the module at `file` and puts it in Node's module cache, in place of the file. */
function loadInPlace(file: string, code: string): void {
  const mod = new Module(file, module) as NodeModule;
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  mod._compile(code, file);
  mod.loaded = true;
  require.cache[file] = mod;
}

/**
 * Loads tslab's converter and Jupyter handler with the fixes above, before anything else requires them.
 * Call once, before requiring tslab's main.js. Returns the patched files.
 * @param tslabDir tslab's package folder (`node_modules/tslab`).
 * @throws TslabPatchError when tslab's source no longer matches a fix.
 */
export function patchTslab(tslabDir: string): string[] {
  const patched: string[] = [];
  for (const [name, edits] of [
    ["converter.js", CONVERTER_EDITS],
    ["jupyter.js", JUPYTER_EDITS],
    ["executor.js", EXECUTOR_EDITS],
  ] as const) {
    const file = fs.realpathSync(path.join(tslabDir, "dist", name));
    if (require.cache[file]) throw new Error(`kernel/tslabPatch.ts: ${file} was loaded before patchTslab; call it first`);
    loadInPlace(file, applyEdits(file, fs.readFileSync(file, "utf8"), edits));
    patched.push(file);
  }
  return patched;
}
