import { ProcessInfo, childrenOf, describeProcess, descendants, hasEnvEntry, listProcesses, pipeHolders, pipeInode, readProcess } from "./processes";

/** Options of {@link ProcessTree}. */
export interface ProcessTreeOptions {
  /** How often the tree is walked while the script runs. @default 100 */
  everyMs?: number;
  /** An environment entry ("NAME=value") only this run's processes start with; its holders belong to the run. @default none */
  envMarker?: string;
}

/**
 * Follows every process a script starts, including those that leave its process group (`setsid`) and
 * are re-parented when their parent exits, so that none outlives the run. While the script runs, its
 * descendants are collected every `everyMs` from /proc (pid and start time, so a reused pid is never
 * mistaken for one of them). {@link sweep} then kills whatever of the run is still alive: the collected
 * descendants and theirs, its process group, processes holding its stdout/stderr pipes, and processes
 * started with `envMarker`. On systems without /proc it does nothing. `stop()` ends the walking.
 */
export class ProcessTree {
  readonly #root: number;
  readonly #tracked = new Map<number, string>();
  readonly #pipes = new Set<string>();
  readonly #envMarker: string | undefined;
  #timer: NodeJS.Timeout | null;

  constructor(root: number, options: ProcessTreeOptions = {}) {
    this.#root = root;
    this.#envMarker = options.envMarker;
    for (const fd of [1, 2]) {
      const inode = pipeInode(root, fd);
      if (inode !== null) this.#pipes.add(inode);
    }
    this.#timer = setInterval(() => this.#walk(), options.everyMs ?? 100);
    this.#timer.unref();
    this.#walk();
  }

  /** Adds the live descendants of the root and of every process tracked so far. */
  #walk(): void {
    const queue = [this.#root, ...this.#tracked.keys()];
    const seen = new Set<number>();
    while (queue.length > 0) {
      const pid = queue.shift()!;
      if (seen.has(pid)) continue;
      seen.add(pid);
      for (const child of childrenOf(pid)) {
        if (!this.#tracked.has(child)) {
          const info = readProcess(child);
          if (info) this.#tracked.set(child, info.startTime);
        }
        queue.push(child);
      }
    }
  }

  /**
   * Kills (SIGKILL) every process of the run still alive besides the root, and describes them
   * ("pid command line"). Safe to call more than once: later calls report only what was still alive.
   */
  sweep(): string[] {
    this.#walk();
    const table = listProcesses();
    const live = new Map(table.filter((p) => p.state !== "Z").map((p) => [p.pid, p]));
    const found = new Map<number, ProcessInfo>();
    const add = (p: ProcessInfo) => {
      if (p.pid !== this.#root && p.pid !== process.pid && live.has(p.pid)) found.set(p.pid, p);
    };
    for (const [pid, startTime] of this.#tracked) {
      const p = live.get(pid);
      if (p && p.startTime === startTime) add(p);
    }
    for (const p of table) if (p.pgid === this.#root) add(p);
    for (const p of pipeHolders(this.#pipes, table)) add(p);
    if (this.#envMarker) for (const p of table) if (p.pid !== process.pid && hasEnvEntry(p.pid, this.#envMarker)) add(p);
    // Their descendants too (one that escaped between two walks).
    for (const p of [...found.values()]) for (const d of descendants(p.pid, table)) add(d);
    const described: string[] = [];
    for (const p of found.values()) {
      described.push(describeProcess(p));
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    return described;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
