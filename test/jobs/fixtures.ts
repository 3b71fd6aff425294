/**
 * Test support for the jobs tests: a throwaway project root with a `jobs/` folder to put scripts in, a
 * store in a temp folder, and a registry over both. Everything is removed by `close()`.
 */
import { setTimeout as sleep } from "timers/promises";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Table } from "../../lib/frame";
import { JobRegistry, JobRegistryOptions } from "../../lib/jobs";
import { Arctic, Library } from "../../lib/store";

/** The quantlab checkout, for scripts that import its lib by absolute path. */
export const PROJECT = path.resolve(__dirname, "..", "..");

export interface JobsFixture {
  root: string;
  storeDir: string;
  arctic: Arctic;
  jobs: JobRegistry;
  /** Writes `jobs/<name>` under the root (mode 755) and returns its script path "jobs/<name>". */
  script(name: string, text: string): string;
  close(): Promise<void>;
}

/** A fresh root, store and registry. */
export async function openFixture(options: JobRegistryOptions = {}): Promise<JobsFixture> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-jobs-root-"));
  fs.mkdirSync(path.join(root, "jobs"));
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-jobs-store-"));
  const arctic = await Arctic.open("duckdb://" + storeDir);
  const jobs = await JobRegistry.open(arctic, { root, ...options });
  return {
    root,
    storeDir,
    arctic,
    jobs,
    script(name, text) {
      const file = path.join(root, "jobs", name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, { mode: 0o755 });
      return `jobs/${name}`;
    },
    async close() {
      await arctic.close();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** The columns of `t` as plain arrays. */
export function columns(t: Table): Record<string, unknown[]> {
  return Object.fromEntries(t.columnNames().map((n) => [n, Array.from(t.array(n) as ArrayLike<unknown>)]));
}

/** Every version of every symbol in `lib` with its data, to show that a failing run changed nothing. */
export async function libraryState(lib: Library): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const v of await lib.listVersions()) out[`${v.symbol}@${v.version}`] = columns((await lib.read(v.symbol, { asOf: v.version })).data);
  return out;
}

/** True when a process with this pid exists and is not a zombie (killed, waiting to be reaped by init). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** Polls `check` every 20 ms until it holds or `ms` pass. */
export async function waitFor(check: () => boolean, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await sleep(20);
  }
  return check();
}

/** A shell script that prints daily OHLCV bars for the given days of January 2024 as CSV. */
export function barsCsv(days: number[], extra = ""): string {
  const rows = days.map((d) => `2024-01-${String(d).padStart(2, "0")}T00:00:00Z,${100 + d},${102 + d},${99 + d},${101 + d},${1000 * d}`);
  return `#!/usr/bin/env bash\n${extra}\ncat <<'CSV'\ntimestamp,open,high,low,close,volume\n${rows.join("\n")}\nCSV\n`;
}

/** Pids of this process's live child processes (from /proc), zombies left out. */
export function childPids(): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [, rest] = fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ");
      const [state, ppid] = rest.split(" ");
      if (Number(ppid) === process.pid && state !== "Z") out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** How many timers this process has (refed or not). */
export function timerCount(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}
