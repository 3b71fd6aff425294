/**
 * Type declarations of lib/ for the kernel. tslab type-checks every cell together with the sources it
 * imports, so a first `import ... from "./lib"` used to type-check all of lib/ in the kernel (seconds,
 * growing with the library). Instead, lib/'s declarations are generated once per change of lib/ (with
 * tslab's own TypeScript, into .jupyter/types/) and the kernel's compiler reads them in place of the
 * sources: cells are still fully type-checked against lib/'s API. Code still runs from the sources.
 *
 * Freshness is a hash of lib/'s .ts files (names and contents). The generation is incremental (TypeScript's
 * build info, kept in .jupyter/types-build/): after an edit of a few files only those are checked again.
 * The kernel itself regenerates stale declarations when it starts ({@link startDeclarations}); when they
 * cannot be generated, the kernel reads the sources as before.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import { PROJECT_JUPYTER_PATH, PROJECT_ROOT } from "./kernelSpec";

/** Where the declarations go: .jupyter/types/lib/**.d.ts, mirroring lib/. */
export const TYPES_DIR = path.join(PROJECT_JUPYTER_PATH, "types");
/** TypeScript's incremental build of the declarations (outputs and build info), copied to {@link TYPES_DIR}. */
export const BUILD_DIR = path.join(PROJECT_JUPYTER_PATH, "types-build");
const STAMP = path.join(TYPES_DIR, "stamp.json");
const LIB = path.join(PROJECT_ROOT, "lib");

interface SourceFile {
  fileName: string;
  isDeclarationFile: boolean;
}

/** The subset of TypeScript's API used here (tslab's bundled TypeScript 5.0). */
interface TypeScript {
  version: string;
  sys: { fileExists(p: string): boolean; readFile(p: string, encoding?: string): string | undefined };
  createIncrementalCompilerHost(options: object): object;
  createIncrementalProgram(input: { rootNames: string[]; options: object; host: object }): {
    emit(): { diagnostics: readonly unknown[]; emitSkipped: boolean };
    getSourceFiles(): readonly SourceFile[];
  };
  ModuleKind: { CommonJS: number };
  ModuleResolutionKind: { Node10: number };
  ScriptTarget: { ES2022: number };
}

/** tslab's TypeScript: the compiler the kernel uses, so the declarations are what it would infer. */
export function tslabTypeScript(): TypeScript {
  const tslab = path.dirname(require.resolve("tslab/package.json", { paths: [PROJECT_ROOT] }));
  return require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslab] })) as TypeScript;
}

/**
 * A stamp of lib/'s TypeScript sources: a hash of their paths and contents, so it changes whenever a file
 * is added, removed, renamed or edited, and not when a file is only touched (a checkout, a save without a
 * change). Reading lib/ takes some 10-30 ms.
 */
export function sourcesStamp(dir: string = LIB): string {
  const hash = createHash("sha256");
  const walk = (folder: string) => {
    const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) {
        const content = fs.readFileSync(full);
        hash.update(`${path.relative(dir, full)}\0${content.length}\0`).update(content);
      }
    }
  };
  walk(dir);
  return hash.digest("hex");
}

/** Whether the declarations on disk were generated from lib/ as it is now, by this TypeScript. */
export function declarationsFresh(ts: TypeScript = tslabTypeScript()): boolean {
  try {
    const stamp = JSON.parse(fs.readFileSync(STAMP, "utf8")) as { sources: string; typescript: string };
    return stamp.sources === sourcesStamp() && stamp.typescript === ts.version;
  } catch {
    return false;
  }
}

/**
 * Generates lib/'s declarations when they are missing or stale; returns whether fresh declarations are
 * there afterwards. Milliseconds when they are fresh; otherwise TypeScript's incremental build checks the
 * files that changed (a few seconds), or all of lib/ the first time (longer). Never throws: the kernel
 * works without them, only slower.
 * @param log where to say that it is generating. @default stderr
 */
export function prepareDeclarations(log: (line: string) => void = (l) => process.stderr.write(l + "\n")): boolean {
  const staging = `${TYPES_DIR}.tmp-${process.pid}`;
  try {
    const ts = tslabTypeScript();
    if (declarationsFresh(ts)) return true;
    const sources = sourcesStamp();
    log("quantlab: generating lib/ type declarations for the kernel (once per change of lib/)...");
    const options = {
      declaration: true,
      emitDeclarationOnly: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      skipLibCheck: true,
      strict: true,
      // lib/ is written against Node's types only (as tsconfig.json says): the other @types in node_modules,
      // which tslab's compiler includes, would only be parsed for nothing.
      types: ["node"],
      rootDir: PROJECT_ROOT,
      outDir: BUILD_DIR,
      incremental: true,
      tsBuildInfoFile: path.join(BUILD_DIR, "declarations.tsbuildinfo"),
    };
    const program = ts.createIncrementalProgram({ rootNames: [path.join(LIB, "index.ts")], options, host: ts.createIncrementalCompilerHost(options) });
    const result = program.emit();
    if (result.emitSkipped || result.diagnostics.length > 0) {
      // The next try checks everything again, so it reports the same problem rather than skipping it.
      fs.rmSync(BUILD_DIR, { recursive: true, force: true });
      return false;
    }
    // Published beside, then moved in place: a kernel starting meanwhile sees the old set or the new one.
    // Only the declarations of lib/'s current sources are published (the build keeps those of deleted files).
    fs.rmSync(staging, { recursive: true, force: true });
    const libPrefix = LIB.split(path.sep).join("/") + "/";
    for (const file of program.getSourceFiles()) {
      if (file.isDeclarationFile || !file.fileName.startsWith(libPrefix)) continue;
      const relative = path.relative(PROJECT_ROOT, file.fileName).replace(/\.ts$/, ".d.ts");
      fs.mkdirSync(path.dirname(path.join(staging, relative)), { recursive: true });
      fs.copyFileSync(path.join(BUILD_DIR, relative), path.join(staging, relative));
    }
    fs.writeFileSync(path.join(staging, "stamp.json"), JSON.stringify({ sources, typescript: ts.version }));
    fs.rmSync(TYPES_DIR, { recursive: true, force: true });
    fs.renameSync(staging, TYPES_DIR);
    return true;
  } catch {
    fs.rmSync(staging, { recursive: true, force: true });
    // Two kernels started after the same edit generate alike; the one that publishes second finds the
    // other's set in place, which is as fresh as its own.
    try {
      return declarationsFresh();
    } catch {
      return false;
    }
  }
}

/**
 * Makes the kernel's compiler see lib/'s declarations instead of its sources: under lib/, `.d.ts` files
 * are read from .jupyter/types/lib and the `.ts` sources are hidden from it. Called by kernel/launch.js
 * (through {@link startDeclarations}) before tslab starts.
 * @param ready asked on every lookup under lib/: while it says false, the compiler sees the sources as they
 * are. @default always ready
 */
export function serveDeclarations(
  ts: Pick<TypeScript, "sys"> = tslabTypeScript(),
  dirs: { lib: string; types: string } = { lib: LIB, types: path.join(TYPES_DIR, "lib") },
  ready: () => boolean = () => true,
): void {
  const libDir = dirs.lib.split(path.sep).join("/") + "/";
  const typesDir = dirs.types.split(path.sep).join("/") + "/";
  const { fileExists, readFile } = ts.sys;
  const mapped = (p: string) => typesDir + p.slice(libDir.length);
  ts.sys.fileExists = (p: string) => {
    if (p.startsWith(libDir) && ready()) {
      if (p.endsWith(".d.ts")) return fileExists.call(ts.sys, mapped(p));
      if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(p)) return false;
    }
    return fileExists.call(ts.sys, p);
  };
  ts.sys.readFile = (p: string, encoding?: string) =>
    p.startsWith(libDir) && p.endsWith(".d.ts") && ready() ? readFile.call(ts.sys, mapped(p), encoding) : readFile.call(ts.sys, p, encoding);
}

/** How long the kernel's compiler waits for declarations being generated before it reads lib/'s sources. */
const GENERATION_WAIT_MS = 10 * 60_000;

/**
 * The kernel's start (kernel/launch.js): serves fresh declarations at once. When lib/ changed since they
 * were generated (or they were never generated: a kernel started by a plain `jupyter notebook`), they are
 * generated again in a worker thread, beside tslab's own start, and the compiler waits for them the first
 * time a cell reaches into lib/. So an edit of lib/ is seen by the next kernel start, and the first cell
 * still does not type-check all of lib/'s sources. Cells that do not import lib/ never wait. When the
 * generation fails (lib/ does not type-check), the compiler reads the sources, as without declarations.
 * @returns "fresh" (served as they were), or "generating" (served once the worker has written them).
 */
export function startDeclarations(ts: TypeScript = tslabTypeScript(), log: (line: string) => void = (l) => process.stderr.write(l + "\n")): "fresh" | "generating" {
  if (declarationsFresh(ts)) {
    serveDeclarations(ts);
    return "fresh";
  }
  log("quantlab: lib/ changed since its type declarations were generated; generating them beside the kernel's start...");
  // 0 while the worker runs, 1 when the declarations are written, 2 when it failed.
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(GENERATE_IN_WORKER, {
    eval: true,
    workerData: { flag: flag.buffer, tsx: path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cjs", "api", "index.cjs"), declarations: __filename },
    stdout: true,
    stderr: true,
  });
  worker.unref();
  worker.on("error", () => {
    Atomics.store(flag, 0, 2);
    Atomics.notify(flag, 0);
  });
  let state: boolean | undefined;
  serveDeclarations(ts, undefined, () => {
    if (state !== undefined) return state;
    // tslab compiles a cell synchronously: the wait blocks this thread, the worker runs on.
    if (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0, GENERATION_WAIT_MS);
    state = Atomics.load(flag, 0) === 1;
    if (!state) log("quantlab: lib/'s declarations could not be generated; the kernel type-checks lib/'s sources instead (slower).");
    return state;
  });
  return "generating";
}

/** The worker of {@link startDeclarations}: loads this file through tsx and generates the declarations. */
const GENERATE_IN_WORKER = `
const { workerData } = require("worker_threads");
const flag = new Int32Array(workerData.flag);
let ok = false;
try {
  require(workerData.tsx).register();
  ok = require(workerData.declarations).prepareDeclarations(() => undefined);
} finally {
  Atomics.store(flag, 0, ok ? 1 : 2);
  Atomics.notify(flag, 0);
}
`;
