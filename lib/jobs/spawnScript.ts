import { spawn } from "child_process";
import { ProcessTree } from "./ProcessTree";

/** How long after the script's exit (and the sweep of what it left) its pipes may stay open before the run ends anyway. */
const PIPE_DRAIN_MS = 1000;

/** Options of {@link spawnScript}. */
export interface SpawnOptions {
  cwd: string;
  env: Record<string, string>;
  /** Kill the script after this long (longer than 2^31 - 1 ms, the longest Node timer, counts as that). */
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs: number;
  /** Stop the process group (SIGTERM, then SIGKILL after the grace) when this signal aborts. */
  signal?: AbortSignal;
  /** Stdout beyond this many bytes kills the script (`stdoutOverflow`). @default 268435456 (256 MiB) */
  maxStdoutBytes?: number;
  /** An environment entry ("NAME=value") in `env` that marks the script's processes, to find escaped ones. @default none */
  envMarker?: string;
  /** How often the script's process tree is walked while it runs. @default 100 */
  trackEveryMs?: number;
  /** How much of the end of stdout and stderr to keep as tails. @default 4096 */
  tailBytes?: number;
}

/** How a script process ended; one record, in the manner of execa's result. */
export interface ProcessResult {
  /** Exit code, or null when a signal ended it. */
  exitCode: number | null;
  /** The signal that ended it, or null. */
  signal: string | null;
  timedOut: boolean;
  /** True when `options.signal` aborted it. */
  cancelled: boolean;
  /** Set when the program could not be started (ENOENT...). */
  spawnError: string | null;
  /** True when stdout passed maxStdoutBytes; the script was stopped and `stdout` is empty. */
  stdoutOverflow: boolean;
  /** True when something still held the pipes PIPE_DRAIN_MS after the script's exit and the run ended without them: `stdout` may be incomplete. */
  pipesHeld: boolean;
  /** Everything printed on stdout (empty after an overflow). */
  stdout: Buffer;
  stdoutTail: string;
  stderrTail: string;
  durationMs: number;
  /** Processes of the script still running when it exited, killed then: "pid command line" each. */
  leftovers: string[];
}

/** Keeps the last `limit` bytes written to it. */
class Tail {
  #chunks: Buffer[] = [];
  #size = 0;
  constructor(readonly limit: number) {}
  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size - this.#chunks[0].length >= this.limit) this.#size -= this.#chunks.shift()!.length;
  }
  toString(): string {
    const all = Buffer.concat(this.#chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString("utf8");
  }
}

/** Sends `signal` to the whole process group led by `pid`; a group already gone is fine. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left in the group
  }
}

/**
 * Runs `argv` as a child process in its own process group (detached, so the script's own children share
 * the group), with exactly `options.env`. On timeout or abort the whole group gets SIGTERM, then SIGKILL
 * after `killGraceMs`. When the script itself exits, whatever of it is still running is killed and listed
 * in `leftovers`: its process group, and on Linux also descendants that left the group (see
 * {@link ProcessTree}), processes holding its pipes and processes started with `envMarker`. Should its
 * pipes stay open even so, the run ends {@link PIPE_DRAIN_MS} after the exit without them (`pipesHeld`),
 * so neither a timeout nor a normal end can be held up. Resolves (never rejects) once the script has exited and its
 * output is read.
 * @example const result = await spawnScript(["bash", "jobs/x.sh"], { cwd, env, timeoutMs: 5000, killGraceMs: 500 })
 */
export function spawnScript(argv: string[], options: SpawnOptions): Promise<ProcessResult> {
  const { timeoutMs, killGraceMs, maxStdoutBytes = 256 * 1024 * 1024, tailBytes = 4096 } = options;
  const started = performance.now();
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stdoutTail = new Tail(tailBytes);
    const stderrTail = new Tail(tailBytes);
    let timedOut = false;
    let cancelled = false;
    let spawnError: string | null = null;
    let stdoutOverflow = false;
    let pipesHeld = false;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let settled = false;
    let leftovers: string[] = [];

    const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const tree = child.pid === undefined ? null : new ProcessTree(child.pid, { everyMs: options.trackEveryMs, envMarker: options.envMarker });
    const stop = () => {
      if (child.pid === undefined || killTimer) return;
      killGroup(child.pid, "SIGTERM");
      killTimer = setTimeout(() => killGroup(child.pid!, "SIGKILL"), Math.min(killGraceMs, 2 ** 31 - 1));
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, Math.min(timeoutMs, 2 ** 31 - 1));
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => {
      stdoutTail.push(chunk);
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdoutBytes) {
        if (!stdoutOverflow) {
          stdoutOverflow = true;
          stdout.length = 0; // a table that cannot be whole is not kept
          stop();
        }
      } else if (!stdoutOverflow) stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => stderrTail.push(chunk));
    child.on("error", (error) => {
      spawnError = `cannot start '${argv[0]}': ${error.message}`;
      finish(null, null);
    });
    // 'close' waits for stdio to end: what still holds the pipes is killed at 'exit' below, and should
    // anything keep them open even so, the run ends without them after PIPE_DRAIN_MS.
    let exit: { code: number | null; signal: string | null } | null = null;
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
      if (tree) leftovers = tree.sweep();
      drainTimer = setTimeout(
        // setImmediate: output already waiting in the pipes is read first (I/O is polled before it runs).
        () =>
          setImmediate(() => {
            if (settled) return;
            pipesHeld = true;
            child.stdout.destroy();
            child.stderr.destroy();
            finish(code, signal);
          }),
        PIPE_DRAIN_MS,
      );
    });
    child.on("close", (code, signal) => finish(exit?.code ?? code, exit?.signal ?? signal));

    function finish(code: number | null, signal: string | null) {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      if (drainTimer) clearTimeout(drainTimer);
      tree?.stop();
      options.signal?.removeEventListener("abort", onAbort);
      resolve({
        exitCode: code,
        signal,
        timedOut,
        cancelled,
        spawnError,
        stdoutOverflow,
        pipesHeld,
        stdout: Buffer.concat(stdout),
        stdoutTail: stdoutTail.toString(),
        stderrTail: stderrTail.toString(),
        durationMs: performance.now() - started,
        leftovers,
      });
    }
  });
}
