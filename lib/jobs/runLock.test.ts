import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readProcess } from "./processes";
import { acquireRunLock } from "./runLock";

let store: string;
let lockFile: string;
beforeEach(() => {
  store = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-lock-"));
  fs.mkdirSync(path.join(store, ".jobs-running"));
  lockFile = path.join(store, ".jobs-running", "bars.lock");
});
afterEach(() => {
  fs.rmSync(store, { recursive: true, force: true });
});

/** Runs `body` with a live `sleep` process that has nothing to do with any lock. */
async function withUnrelatedProcess(body: (pid: number) => void | Promise<void>): Promise<void> {
  const other = spawn("sleep", ["10"]);
  try {
    await new Promise((r) => other.once("spawn", r));
    await body(other.pid!);
  } finally {
    other.kill("SIGKILL");
    await new Promise((r) => other.once("exit", r));
  }
}

describe("acquireRunLock", () => {
  it("writes pid, start time and run id, and removes its own lock on release", () => {
    const release = acquireRunLock(store, "bars", "run-1")!;
    expect(fs.readFileSync(lockFile, "utf8")).toBe(`${process.pid} ${readProcess(process.pid)!.startTime} run-1\n`);
    expect(acquireRunLock(store, "bars", "run-2"), "held by this live process").toBeNull();
    release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it("skips while the live owner (pid and start time) holds the lock", async () => {
    await withUnrelatedProcess((pid) => {
      fs.writeFileSync(lockFile, `${pid} ${readProcess(pid)!.startTime} their-run\n`);
      expect(acquireRunLock(store, "bars", "mine")).toBeNull();
    });
  });

  it("takes over a stale lock whose pid now belongs to a live, unrelated process", async () => {
    await withUnrelatedProcess((pid) => {
      const startTime = Number(readProcess(pid)!.startTime);
      fs.writeFileSync(lockFile, `${pid} ${startTime - 1} an-earlier-process\n`);
      const release = acquireRunLock(store, "bars", "mine");
      expect(release, "the pid was reused: the lock is stale").not.toBeNull();
      expect(fs.readFileSync(lockFile, "utf8")).toContain(" mine\n");
      release!();
    });
  });

  it("takes over the lock of an earlier daemon that had this process's pid (PID 1 after a container restart)", () => {
    fs.writeFileSync(lockFile, `${process.pid} 1 the-daemon-before-the-restart\n`);
    expect(acquireRunLock(store, "bars", "mine")).not.toBeNull();
  });

  it("reads the older 'pid runId' form: held when the process started before the lock was written", async () => {
    await withUnrelatedProcess((pid) => {
      fs.writeFileSync(lockFile, `${pid} their-run\n`);
      expect(acquireRunLock(store, "bars", "mine"), "written after the process started").toBeNull();
      const long_ago = new Date("2001-01-01T00:00:00Z");
      fs.utimesSync(lockFile, long_ago, long_ago);
      expect(acquireRunLock(store, "bars", "mine"), "written before the process started: another process's").not.toBeNull();
    });
  });
});

describe("acquireRunLock across processes", () => {
  it("exactly one of several processes racing for the same stale lock takes it over", async () => {
    const ROUNDS = 40;
    const RACERS = 4;
    // Stale locks of a process that no longer exists, one per round.
    const dead = spawn("true");
    await new Promise((r) => dead.once("exit", r));
    for (let i = 0; i < ROUNDS; i++) fs.writeFileSync(path.join(store, ".jobs-running", `job${i}.lock`), `${dead.pid} 1 gone\n`);
    // Each racer loads the module, says so, and gets the common start time once all have loaded; it stays
    // up until every racer is done. (A racer that came late would otherwise find the locks of racers that
    // had already exited, and rightly take them over.)
    const done = path.join(store, "race-done");
    const racer = `
      const { acquireRunLock } = require(${JSON.stringify(path.join(__dirname, "runLock.ts"))});
      console.log("loaded");
      const goAt = Number(require("fs").readFileSync(0, "utf8").trim());
      const won = [];
      for (let i = 0; i < ${ROUNDS}; i++) {
        const at = goAt + i * 25;
        while (Date.now() < at) {}
        if (acquireRunLock(${JSON.stringify(store)}, "job" + i, "racer")) won.push(i);
      }
      console.log(JSON.stringify(won));
      while (!require("fs").existsSync(${JSON.stringify(done)})) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);`;
    const tsx = require.resolve("tsx/cjs");
    const racers = Array.from({ length: RACERS }, () => {
      const child = spawn(process.execPath, ["--require", tsx, "-e", racer], { stdio: ["pipe", "pipe", "inherit"] });
      let out = "";
      const loaded = new Promise<void>((resolve) =>
        child.stdout.on("data", (c) => {
          out += c;
          if (out.startsWith("loaded\n")) resolve();
        }),
      );
      const won = new Promise<number[]>((resolve) =>
        child.stdout.on("data", () => {
          const lines = out.split("\n");
          if (lines.length > 2) resolve(JSON.parse(lines[1]));
        }),
      );
      return { child, loaded, won };
    });
    await Promise.all(racers.map((r) => r.loaded));
    const goAt = Date.now() + 300;
    for (const r of racers) r.child.stdin.end(`${goAt}\n`);
    const outputs = await Promise.all(racers.map((r) => r.won));
    fs.writeFileSync(done, "");
    await Promise.all(racers.map((r) => new Promise((resolve) => r.child.once("close", resolve))));
    const winners = Array.from({ length: ROUNDS }, (_, i) => outputs.filter((won) => won.includes(i)).length);
    expect(winners, "takeovers per round").toEqual(new Array(ROUNDS).fill(1));
  }, 60_000);
});

describe("a takeover marker left by a process that died taking over", () => {
  it("is cleared once old, and the stale lock is then taken over", () => {
    fs.writeFileSync(lockFile, `${process.pid} 1 gone\n`);
    fs.writeFileSync(`${lockFile}.takeover`, `${process.pid} 1 crashed\n`);
    expect(acquireRunLock(store, "bars", "mine"), "a fresh marker: someone is taking over right now").toBeNull();
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${lockFile}.takeover`, old, old);
    expect(acquireRunLock(store, "bars", "mine"), "the old marker is cleared on this attempt").toBeNull();
    expect(acquireRunLock(store, "bars", "mine")).not.toBeNull();
    expect(fs.readdirSync(path.dirname(lockFile))).toEqual(["bars.lock"]);
  });
});
