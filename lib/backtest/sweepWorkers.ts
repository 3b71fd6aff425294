/**
 * Worker threads for optimize(), started once and reused: one pool per strategy module, kept alive
 * between sweeps and stopped after a few seconds of idleness (idle workers never keep the process
 * alive). Each worker runs precompiled JavaScript: the worker code and the strategy module are bundled
 * once per process with esbuild (which tsx ships) into a temporary file (again when the module file
 * changes), so a worker does not compile TypeScript through tsx. Bars go over in shared memory.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import type { Bars } from "./bars";
import type { SweepAnswer, SweepMessage } from "./optimizeWorker";
import type { Stats } from "./stats/types";

/** Idle time after which a module's workers are stopped. */
const IDLE_MS = 5_000;

/** One sweep for the pool: combinations to run with the same bars and options. */
export interface SweepJob {
  bars: Bars;
  combos: Record<string, unknown>[];
  options: Record<string, unknown>;
  exportName: string;
  threads: number;
  /** Called as results arrive: the first index of a finished batch and its statistics. */
  onBatch: (from: number, stats: Stats[]) => void;
}

let tempDir: string | null = null;
const entries = new Map<string, Promise<WorkerEntry>>();
const pools = new Map<string, SweepPool>();
let jobIds = 0;

/** What a worker starts from. @internal */
export interface WorkerEntry {
  /** A file to start, or code to evaluate (the tsx fallback). */
  source: string;
  eval: boolean;
}

/**
 * Runs a sweep on the worker pool of `module` (started or grown as needed), spreading its combinations
 * in batches over `threads` workers. Sweeps on one module run one after another.
 * @internal used by optimize().
 */
export async function runOnWorkers(module: string, job: SweepJob): Promise<void> {
  const file = path.resolve(module);
  const entry = await workerEntry(file);
  // one pool per compiled entry: after an edit of the module, new sweeps get new workers (the old idle out)
  let pool = pools.get(entry.source);
  if (!pool) {
    pool = new SweepPool(file, entry);
    pools.set(entry.source, pool);
  }
  return pool.run(job);
}

/**
 * Stops every sweep worker now (they also stop on their own after a few idle seconds, and never keep
 * the process from exiting). Useful at the end of a script or test.
 */
export async function stopSweepWorkers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}

/** Workers started so far in this process (for tests and benchmarks). */
export function sweepWorkersStarted(): number {
  return started;
}
let started = 0;

class SweepPool {
  private workers: Worker[] = [];
  private queue: Promise<void> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly entry: WorkerEntry,
  ) {}

  run(job: SweepJob): Promise<void> {
    const result = this.queue.then(() => this.runNow(job));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private async runNow(job: SweepJob): Promise<void> {
    if (this.closed) throw new Error("optimize: the sweep workers were stopped");
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    while (this.workers.length < job.threads) {
      this.workers.push(new Worker(this.entry.source, { eval: this.entry.eval }));
      started++;
    }
    const workers = this.workers.slice(0, job.threads);
    const id = ++jobIds;
    const bars = sharedBars(job.bars);
    const total = job.combos.length;
    const batch = Math.max(1, Math.min(50, Math.ceil(total / (workers.length * 8))));
    let next = 0;
    let failed = false;
    const cleanups: (() => void)[] = [];
    try {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              worker.ref();
              const send = () => {
                if (failed || next >= total) return resolve();
                const from = next;
                next = Math.min(total, next + batch);
                worker.postMessage({ type: "run", job: id, from, combos: job.combos.slice(from, next) } satisfies SweepMessage);
              };
              const onMessage = (m: SweepAnswer) => {
                if (m.job !== id) return;
                if (m.error) return fail(new Error(`optimize: a worker failed: ${m.error}`));
                try {
                  job.onBatch(m.from, m.stats as Stats[]);
                } catch (error) {
                  return fail(error as Error);
                }
                send();
              };
              const onError = (error: Error) => fail(new Error(`optimize: a worker failed to load '${this.file}': ${error.message}`));
              const onExit = (code: number) => fail(new Error(`optimize: a worker exited with code ${code}`));
              const fail = (error: Error) => {
                failed = true;
                reject(error);
              };
              worker.on("message", onMessage);
              worker.on("error", onError);
              worker.on("exit", onExit);
              cleanups.push(() => {
                worker.off("message", onMessage);
                worker.off("error", onError);
                worker.off("exit", onExit);
              });
              worker.postMessage({ type: "job", job: id, bars, options: job.options, exportName: job.exportName } satisfies SweepMessage);
              send();
            }),
        ),
      );
    } catch (error) {
      // a worker that failed may be broken (or still busy with a batch): start afresh next time
      if (pools.get(this.entry.source) === this) pools.delete(this.entry.source);
      await this.close();
      throw error;
    } finally {
      for (const cleanup of cleanups) cleanup();
    }
    for (const worker of this.workers) worker.unref();
    this.idleTimer = setTimeout(() => {
      if (pools.get(this.entry.source) === this) pools.delete(this.entry.source);
      void this.close();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

/**
 * The worker's code for `file`: a bundle of optimizeWorker.ts and the strategy module, compiled once
 * per process (esbuild, as shipped with tsx; packages from node_modules stay `require`s of their
 * resolved paths). Without esbuild, a script that loads both through tsx.
 * @internal exported for the benchmark.
 */
export function workerEntry(file: string): Promise<WorkerEntry> {
  let mtime = 0;
  try {
    mtime = fs.statSync(file).mtimeMs;
  } catch {
    // a missing file fails in the worker with the loader's own message
  }
  const key = `${file}@${mtime}`;
  let entry = entries.get(key);
  if (!entry) {
    entry = bundle(file).catch(() => tsxEntry(file, mtime));
    entries.set(key, entry);
  }
  return entry;
}

/** The worker's module: optimizeWorker.ts beside this file, or optimizeWorker.js beside the built dist/ bundle. */
const WORKER_SOURCE = [".ts", ".js"].map((ext) => path.join(__dirname, "optimizeWorker" + ext)).find((file) => fs.existsSync(file)) ?? path.join(__dirname, "optimizeWorker.ts");

/** Packages with native code: never bundled, required from node_modules by absolute path. */
const NATIVE_PACKAGES = /^@duckdb\//;

async function bundle(file: string): Promise<WorkerEntry> {
  const esbuild = loadEsbuild();
  if (!esbuild) return tsxEntry(file, fs.statSync(file).mtimeMs);
  let code: Uint8Array;
  try {
    code = await bundleWith(esbuild, file, false); // pure-JS packages inside: one file to parse, fastest start
  } catch {
    code = await bundleWith(esbuild, file, true); // a package esbuild cannot bundle: keep every package outside
  }
  if (!tempDir) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-sweep-"));
    const dir = tempDir;
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const out = path.join(tempDir, `worker-${entries.size}-${path.basename(file).replace(/\W+/g, "_")}.js`);
  fs.writeFileSync(out, code);
  return { source: out, eval: false };
}

async function bundleWith(esbuild: Esbuild, file: string, allPackagesOutside: boolean): Promise<Uint8Array> {
  const contents = `require(${JSON.stringify(WORKER_SOURCE)}).serveSweeps(require(${JSON.stringify(file)}), ${JSON.stringify(file)});\n`;
  const result = await esbuild.build({
    stdin: { contents, resolveDir: path.dirname(file), loader: "js", sourcefile: "sweep-worker-entry.js" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node18",
    write: false,
    logLevel: "silent",
    plugins: [
      {
        name: "packages-outside",
        setup(build) {
          // packages left outside are required by absolute path, so the bundle runs from a temp dir
          build.onResolve({ filter: /^[^./]/ }, (args) => {
            if (path.isAbsolute(args.path)) return undefined;
            let resolved: string;
            try {
              resolved = require.resolve(args.path, { paths: [args.resolveDir] });
            } catch {
              return { path: args.path, external: true }; // an optional dependency that is not installed
            }
            if (!allPackagesOutside && !NATIVE_PACKAGES.test(args.path)) return undefined;
            return { path: resolved, external: true };
          });
        },
      },
    ],
  });
  return result.outputFiles[0].contents;
}

interface Esbuild {
  build(options: Record<string, unknown> & { plugins: { name: string; setup(build: EsbuildPluginBuild): void }[] }): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}
interface EsbuildPluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: { path: string; resolveDir: string }) => { path: string; external: boolean } | undefined,
  ): void;
}

/** esbuild as installed with tsx (or on its own), or null. */
function loadEsbuild(): Esbuild | null {
  for (const from of [__dirname, safeDirname("tsx/package.json")]) {
    if (!from) continue;
    try {
      return require(require.resolve("esbuild", { paths: [from] })) as Esbuild;
    } catch {
      // try the next place
    }
  }
  return null;
}

function safeDirname(request: string): string | null {
  try {
    return path.dirname(require.resolve(request));
  } catch {
    return null;
  }
}

/** The fallback entry: TypeScript through tsx's require hook (slow to start, about 1-2 s a worker). @internal exported for the benchmark. */
export function tsxEntry(file: string, mtime = 0): WorkerEntry {
  const tsx = require.resolve("tsx/cjs");
  const source = `// ${mtime}\nrequire(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(WORKER_SOURCE)}).serveSweeps(require(${JSON.stringify(file)}), ${JSON.stringify(file)});\n`;
  return { source, eval: true };
}

const sharedCache = new WeakMap<Bars, Bars>();

/** The bars in SharedArrayBuffers (arrays already shared are kept; a copy is made once per Bars object). */
function sharedBars(bars: Bars): Bars {
  const cached = sharedCache.get(bars);
  if (cached) return cached;
  const share = (a: Float64Array) => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const copy = new Float64Array(new SharedArrayBuffer(a.byteLength));
    copy.set(a);
    return copy;
  };
  const extra: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(bars.extra)) extra[k] = share(v);
  const shared: Bars = {
    timestamp: bars.timestamp ? share(bars.timestamp) : null,
    open: share(bars.open),
    high: share(bars.high),
    low: share(bars.low),
    close: share(bars.close),
    volume: share(bars.volume),
    extra,
    length: bars.length,
  };
  sharedCache.set(bars, shared);
  return shared;
}
