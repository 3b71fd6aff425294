import * as fs from "fs";

/** One process as /proc/PID/stat describes it (Linux). */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The process group. */
  pgid: number;
  /** One letter: R running, S sleeping, Z zombie... */
  state: string;
  /** Field 22: when the process started, in clock ticks since boot; with the pid it names one process for good. */
  startTime: string;
  /** The program name (at most 15 characters). */
  command: string;
}

/** The process `pid` from /proc, or null when it is gone or there is no /proc. */
export function readProcess(pid: number): ProcessInfo | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split at the last ')'.
  const close = text.lastIndexOf(")");
  const fields = text.slice(close + 2).split(" ");
  return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), state: fields[0], startTime: fields[19], command: text.slice(text.indexOf("(") + 1, close) };
}

/**
 * "PID START" naming this process for good, for files that record their owner (store tickets, run locks):
 * its pid and start time ("-" without /proc). Read back with {@link processAlive}.
 */
export function processStamp(): string {
  return `${process.pid} ${readProcess(process.pid)?.startTime ?? "-"}`;
}

/**
 * True when the process `pid` that started at `startTime` (field 22 of /proc/PID/stat; "-" when it was not
 * known) is still running: a pid now used by another process, or a zombie, does not count. Without /proc
 * the pid is all there is to go by.
 * @example processAlive(...processStamp().split(" ")) // true
 */
export function processAlive(pid: number | string, startTime: string): boolean {
  const id = Number(pid);
  if (!Number.isInteger(id) || id <= 0) return false;
  try {
    process.kill(id, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = readProcess(id);
  if (now === null) return true;
  if (now.state === "Z") return false;
  return startTime === "-" || startTime === now.startTime;
}
