/**
 * Type declarations of lib/ for the kernel. tslab type-checks every cell together with the sources it
 * imports, so a first `import ... from "./lib"` used to type-check all of lib/ in the kernel (seconds,
 * growing with the library). Instead, lib/'s declarations are generated once per change of lib/ (with
 * tslab's own TypeScript, into .jupyter/types/) and the kernel's compiler reads them in place of the
 * sources: cells are still fully type-checked against lib/'s API. Code still runs from the sources.
 *
 * Freshness is a stamp of lib/'s .ts files (count, newest modification time, total size). When the
 * declarations are missing, stale or failed to generate, the kernel simply reads the sources as before.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_JUPYTER_PATH, PROJECT_ROOT } from "./kernelSpec";

/** Where the declarations go: .jupyter/types/lib/**.d.ts, mirroring lib/. */
export const TYPES_DIR = path.join(PROJECT_JUPYTER_PATH, "types");
const STAMP = path.join(TYPES_DIR, "stamp.json");
const LIB = path.join(PROJECT_ROOT, "lib");

/** The subset of TypeScript's API used here (tslab's bundled TypeScript 5.0). */
interface TypeScript {
  version: string;
  sys: { fileExists(p: string): boolean; readFile(p: string, encoding?: string): string | undefined };
  createProgram(roots: string[], options: object): { emit(): { diagnostics: readonly unknown[]; emitSkipped: boolean } };
  ModuleKind: { CommonJS: number };
  ModuleResolutionKind: { Node10: number };
  ScriptTarget: { ES2022: number };
}

/** tslab's TypeScript: the compiler the kernel uses, so the declarations are what it would infer. */
export function tslabTypeScript(): TypeScript {
  const tslab = path.dirname(require.resolve("tslab/package.json", { paths: [PROJECT_ROOT] }));
  return require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslab] })) as TypeScript;
}

/** A stamp of lib/'s TypeScript sources: changes whenever a file is added, removed or edited. */
export function sourcesStamp(dir: string = LIB): string {
  let count = 0;
  let newest = 0;
  let size = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) {
        const stat = fs.statSync(full);
        count++;
        size += stat.size;
        newest = Math.max(newest, stat.mtimeMs);
      }
    }
  };
  walk(dir);
  return `${count}:${size}:${Math.round(newest)}`;
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
 * there afterwards. Takes a few seconds when it generates, milliseconds otherwise. Never throws: the
 * kernel works without them, only slower.
 * @param log where to say that it is generating. @default stderr
 */
export function prepareDeclarations(log: (line: string) => void = (l) => process.stderr.write(l + "\n")): boolean {
  const staging = `${TYPES_DIR}.tmp-${process.pid}`;
  try {
    const ts = tslabTypeScript();
    if (declarationsFresh(ts)) return true;
    const sources = sourcesStamp();
    log("quantlab: generating lib/ type declarations for the kernel (once per change of lib/)...");
    // Generated beside, then moved in place: a kernel starting meanwhile sees the old set or the new one.
    fs.rmSync(staging, { recursive: true, force: true });
    const program = ts.createProgram([path.join(LIB, "index.ts")], {
      declaration: true,
      emitDeclarationOnly: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      skipLibCheck: true,
      strict: true,
      rootDir: PROJECT_ROOT,
      outDir: staging,
    });
    const result = program.emit();
    if (result.emitSkipped || result.diagnostics.length > 0) {
      fs.rmSync(staging, { recursive: true, force: true });
      return false;
    }
    fs.writeFileSync(path.join(staging, "stamp.json"), JSON.stringify({ sources, typescript: ts.version }));
    fs.rmSync(TYPES_DIR, { recursive: true, force: true });
    fs.renameSync(staging, TYPES_DIR);
    return true;
  } catch {
    fs.rmSync(staging, { recursive: true, force: true });
    return false;
  }
}

/**
 * Makes the kernel's compiler see lib/'s declarations instead of its sources: under lib/, `.d.ts` files
 * are read from .jupyter/types/lib and the `.ts` sources are hidden from it. Called by kernel/launch.js
 * before tslab starts, only when {@link declarationsFresh}.
 */
export function serveDeclarations(ts: Pick<TypeScript, "sys"> = tslabTypeScript(), dirs: { lib: string; types: string } = { lib: LIB, types: path.join(TYPES_DIR, "lib") }): void {
  const libDir = dirs.lib.split(path.sep).join("/") + "/";
  const typesDir = dirs.types.split(path.sep).join("/") + "/";
  const { fileExists, readFile } = ts.sys;
  const mapped = (p: string) => typesDir + p.slice(libDir.length);
  ts.sys.fileExists = (p: string) => {
    if (p.startsWith(libDir)) {
      if (p.endsWith(".d.ts")) return fileExists.call(ts.sys, mapped(p));
      if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(p)) return false;
    }
    return fileExists.call(ts.sys, p);
  };
  ts.sys.readFile = (p: string, encoding?: string) =>
    p.startsWith(libDir) && p.endsWith(".d.ts") ? readFile.call(ts.sys, mapped(p), encoding) : readFile.call(ts.sys, p, encoding);
}
