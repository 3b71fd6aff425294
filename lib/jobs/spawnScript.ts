import { spawn } from "child_process";

/** Options of {@link spawnScript}. */
export interface SpawnOptions {
  cwd: string;
  env: Record<string, string>;
  /** Kill the process group after this long. */
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs: number;
  /** Stop the process group (SIGTERM, then SIGKILL after the grace) when this signal aborts. */
  signal?: AbortSignal;
  /** Stdout beyond this many bytes kills the script. @default 536870912 (512 MiB) */
  maxStdoutBytes?: number;
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
  /** Set when the program could not be started (ENOENT...) or stdout overflowed. */
  spawnError: string | null;
  /** Everything printed on stdout (up to maxStdoutBytes). */
  stdout: Buffer;
  stdoutTail: string;
  stderrTail: string;
  durationMs: number;
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
 * after `killGraceMs`. When the script itself exits, whatever it left running in its group is killed too,
 * so no process outlives a run. Resolves (never rejects) once the script has exited and its output is read.
 * @example const result = await spawnScript(["bash", "jobs/x.sh"], { cwd, env, timeoutMs: 5000, killGraceMs: 500 })
 */
export function spawnScript(argv: string[], options: SpawnOptions): Promise<ProcessResult> {
  const { timeoutMs, killGraceMs, maxStdoutBytes = 512 * 1024 * 1024, tailBytes = 4096 } = options;
  const started = performance.now();
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stdoutTail = new Tail(tailBytes);
    const stderrTail = new Tail(tailBytes);
    let timedOut = false;
    let cancelled = false;
    let spawnError: string | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const stop = () => {
      if (child.pid === undefined || killTimer) return;
      killGroup(child.pid, "SIGTERM");
      killTimer = setTimeout(() => killGroup(child.pid!, "SIGKILL"), killGraceMs);
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
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
        if (spawnError === null) spawnError = `stdout exceeded ${maxStdoutBytes} bytes; write large tables to QUANTLAB_OUTPUT instead`;
        stop();
      } else stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => stderrTail.push(chunk));
    child.on("error", (error) => {
      spawnError = `cannot start '${argv[0]}': ${error.message}`;
      finish(null, null);
    });
    // 'close' waits for stdio to end; a grandchild holding the pipes open is killed at 'exit' below.
    let exit: { code: number | null; signal: string | null } | null = null;
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
    });
    child.on("close", (code, signal) => finish(exit?.code ?? code, exit?.signal ?? signal));

    function finish(code: number | null, signal: string | null) {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve({
        exitCode: code,
        signal,
        timedOut,
        cancelled,
        spawnError,
        stdout: Buffer.concat(stdout),
        stdoutTail: stdoutTail.toString(),
        stderrTail: stderrTail.toString(),
        durationMs: performance.now() - started,
      });
    }
  });
}
