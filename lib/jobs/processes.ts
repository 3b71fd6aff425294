import * as fs from "fs";
import { ProcessInfo, readProcess } from "../store";

export { readProcess } from "../store";
export type { ProcessInfo } from "../store";

/** Linux's USER_HZ, the unit of /proc start times (100 on every architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/** Every process /proc lists (empty without /proc). */
export function listProcesses(): ProcessInfo[] {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return [];
  }
  const out: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (info) out.push(info);
  }
  return out;
}

/** When a process started, in epoch milliseconds, from its start time and the boot time; null without /proc. */
export function startedAtMs(info: ProcessInfo): number | null {
  try {
    const boot = /^btime (\d+)$/m.exec(fs.readFileSync("/proc/stat", "utf8"));
    return boot ? Number(boot[1]) * 1000 + (Number(info.startTime) / TICKS_PER_SECOND) * 1000 : null;
  } catch {
    return null;
  }
}

/** The descendants of `root` in `table` (children, their children...), `root` itself left out. */
export function descendants(root: number, table: ProcessInfo[]): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/**
 * The inode of the pipe a process's file descriptor `fd` is, or null: "pipe:[1234]" or, for the socket
 * pairs Node (libuv) gives a child as its stdio pipes, "socket:[1234]" in /proc/PID/fd.
 */
export function pipeInode(pid: number, fd: number): string | null {
  try {
    return /^(?:pipe|socket):\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The processes (other than this one) holding one of the pipes `inodes` open, from /proc/PID/fd. */
export function pipeHolders(inodes: ReadonlySet<string>, table: ProcessInfo[]): ProcessInfo[] {
  if (inodes.size === 0) return [];
  return table.filter((p) => {
    if (p.pid === process.pid) return false;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${p.pid}/fd`);
    } catch {
      return false; // gone, or another user's
    }
    return fds.some((fd) => {
      const inode = pipeInode(p.pid, Number(fd));
      return inode !== null && inodes.has(inode);
    });
  });
}

/** The pids of the children of `pid`, from /proc/PID/task/TID/children (empty when gone or unsupported). */
export function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const task of tasks) {
    try {
      for (const child of fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ")) if (child !== "" && child !== "\n") out.push(Number(child));
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** True when the environment `pid` started with holds the entry `entry` ("NAME=value"). */
export function hasEnvEntry(pid: number, entry: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(entry);
  } catch {
    return false;
  }
}

/** "pid command line" of a process, for records and logs (its name when the command line is unreadable). */
export function describeProcess(info: ProcessInfo): string {
  let line = "";
  try {
    line = fs.readFileSync(`/proc/${info.pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    // gone meanwhile
  }
  const text = line || info.command;
  return `${info.pid} ${text.length > 120 ? text.slice(0, 119) + "…" : text}`;
}
