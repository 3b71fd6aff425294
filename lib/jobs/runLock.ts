import * as fs from "fs";
import * as path from "path";
import { processAlive, processStamp } from "../store";
import { readProcess, startedAtMs } from "./processes";

/**
 * Marks a job as running for other processes sharing the store folder (the daemon, `quantlab jobs run`
 * from a shell): a file `<store>/.jobs-running/<job>.lock`, created exclusively, holding the owner's pid,
 * its start time (field 22 of /proc/PID/stat; "-" without /proc) and the run id. Pid and start time
 * together name one process for good, so a lock left by a process that is gone is taken over even when
 * its pid now belongs to another live process (a daemon that is PID 1 again after a container restart).
 * A lock in the older "pid runId" form is the owner's when that process started before the lock was written.
 * @returns a release function, or null when a live process holds the lock.
 * @example const release = acquireRunLock(arctic.root, "bars", runId); try { ... } finally { release?.(); }
 */
export function acquireRunLock(storeRoot: string, job: string, runId: string): (() => void) | null {
  const dir = path.join(storeRoot, ".jobs-running");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${job}.lock`);
  const content = `${processStamp()} ${runId}\n`;
  // The lock appears whole: written aside, then linked into place (a link fails when the name exists),
  // so no other process ever reads a half-written lock and takes it for a stale one.
  const draft = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(draft, content, { flag: "wx" });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.linkSync(draft, file);
        return () => {
          try {
            if (fs.readFileSync(file, "utf8") === content) fs.rmSync(file, { force: true });
          } catch {
            // already gone
          }
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      if (!takeOver(file, draft)) return null;
    }
    return null;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** Age past which a takeover marker whose process is gone counts as left behind by a crash. */
const TAKEOVER_LEFT_MS = 10_000;

/**
 * Removes the lock `file` when its owner is gone. Only the process holding `<file>.takeover` (made like a
 * lock, from `draft`) may remove a lock, and only after seeing its owner dead while holding it, so a
 * lock just taken by a live process is never removed. @returns whether the caller may try to create the lock again.
 */
function takeOver(file: string, draft: string): boolean {
  const mutex = `${file}.takeover`;
  try {
    fs.linkSync(draft, mutex);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Another process is taking over this very moment (it holds this for microseconds). One left behind
    // by a process that died in between is cleared once it is clearly old, for the next attempt.
    const left = fs.statSync(mutex, { throwIfNoEntry: false });
    if (left && Date.now() - left.mtimeMs > TAKEOVER_LEFT_MS && !lockOwnerAlive(mutex)) fs.rmSync(mutex, { force: true });
    return false;
  }
  try {
    if (lockOwnerAlive(file)) return false;
    fs.rmSync(file, { force: true });
    return true;
  } finally {
    fs.rmSync(mutex, { force: true });
  }
}

/** True when the process that wrote the lock `file` is still running (see {@link acquireRunLock}). */
export function lockOwnerAlive(file: string): boolean {
  let fields: string[];
  let writtenMs: number;
  try {
    fields = fs.readFileSync(file, "utf8").trim().split(" ");
    writtenMs = fs.statSync(file).mtimeMs;
  } catch {
    return false;
  }
  if (fields.length >= 3) return processAlive(fields[0], fields[1]);
  const pid = Number(fields[0]);
  if (!processAlive(pid, "-")) return false;
  const now = readProcess(pid);
  if (now === null) return true; // no /proc: the pid is all there is to go by
  const started = startedAtMs(now);
  return started === null || started <= writtenMs + 1000;
}
