/** Starting worker scripts (TypeScript, through tsx) as child processes from the tests. */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

export interface Child {
  proc: ChildProcess;
  stdout: string[];
  stderr: string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first stdout line that satisfies `match`. */
  line(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
}

/**
 * `node --import tsx script.ts` rather than the tsx CLI: the CLI runs the script in a grandchild
 * process, so a SIGKILL sent to the CLI would leave the script running. With `--import` the child's
 * pid is the script's own.
 */
const ROOT = path.join(__dirname, "..", "..", "..");
const live = new Set<ChildProcess>();

/** Runs `workers/<script>` with `--key value` arguments, and `env` added to this process's environment. */
export function startWorker(script: string, args: Record<string, string | number>, env: Record<string, string> = {}): Child {
  const argv = ["--import", "tsx", path.join(__dirname, script)];
  for (const [k, v] of Object.entries(args)) argv.push("--" + k, String(v));
  const proc = spawn(process.execPath, argv, { stdio: ["pipe", "pipe", "pipe"], cwd: ROOT, env: { ...process.env, ...env } });
  live.add(proc);
  const stdout: string[] = [];
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let buffer = "";
  const child: Child = {
    proc,
    stdout,
    stderr: "",
    exited: new Promise((resolve) =>
      proc.on("exit", (code, signal) => {
        live.delete(proc);
        resolve({ code, signal });
      }),
    ),
    line(match, timeoutMs = 30_000) {
      const found = stdout.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${script}: no matching stdout line within ${timeoutMs} ms; stdout=${stdout.join("|")} stderr=${child.stderr}`)),
          timeoutMs,
        );
        const onExit = () => {
          clearTimeout(timer);
          reject(new Error(`${script} exited before printing the expected line; stdout=${stdout.join("|")} stderr=${child.stderr}`));
        };
        proc.once("exit", onExit);
        waiters.push({
          match,
          resolve: (l) => {
            clearTimeout(timer);
            proc.off("exit", onExit);
            resolve(l);
          },
        });
      });
    },
  };
  proc.stdout!.setEncoding("utf8");
  proc.stdout!.on("data", (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf("\n")) >= 0) {
      const l = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      stdout.push(l);
      for (const w of [...waiters]) {
        if (w.match(l)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(l);
        }
      }
    }
  });
  proc.stderr!.setEncoding("utf8");
  proc.stderr!.on("data", (chunk: string) => {
    child.stderr += chunk;
  });
  return child;
}

/** SIGKILLs every worker still running (for afterAll). */
export async function killAll(): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const proc of live) {
    if (proc.exitCode === null && proc.signalCode === null) {
      waits.push(new Promise((r) => proc.once("exit", r)));
      proc.kill("SIGKILL");
    }
  }
  await Promise.all(waits);
  live.clear();
}
