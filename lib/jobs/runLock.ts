import * as fs from "fs";
import * as path from "path";

/**
 * Marks a job as running for other processes sharing the store folder (the daemon, `quantlab jobs run`
 * from a shell): a file `<store>/.jobs-running/<job>.lock` holding the owner's pid, created exclusively.
 * A lock whose process is gone (crashed, killed) is taken over.
 * @returns a release function, or null when a live process holds the lock.
 * @example const release = acquireRunLock(arctic.root, "bars"); try { ... } finally { release?.(); }
 */
export function acquireRunLock(storeRoot: string, job: string, runId: string): (() => void) | null {
  const dir = path.join(storeRoot, ".jobs-running");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${job}.lock`);
  const content = `${process.pid} ${runId}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: "wx" });
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
    if (ownerAlive(file)) return null;
    fs.rmSync(file, { force: true });
  }
  return null;
}

function ownerAlive(file: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(file, "utf8").split(" ")[0]);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
