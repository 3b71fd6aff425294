/**
 * Processes that try to outlive their run (issue 18, §1): a descendant that leaves the process group with
 * setsid and keeps stdout open once held a run 304.7 s past a 3 s timeout and survived it. Now the run
 * ends at its timeout (plus the kill grace), every process of it is killed, and the record lists them.
 */
import * as fs from "fs";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnScript } from "../../lib/jobs/spawnScript";
import { JobsFixture, alive, barsCsv, openFixture, waitFor } from "./fixtures";

let fx: JobsFixture;
beforeEach(async () => {
  fx = await openFixture();
});
afterEach(async () => {
  await fx.close();
});

const pidsIn = (file: string) => fs.readFileSync(file, "utf8").trim().split(/\s+/).map(Number);

describe("a descendant that escapes the process group", () => {
  it("keeping stdout open: the timeout still ends the run, kills it and records it", async () => {
    const pidFile = path.join(fx.root, "escaped.pid");
    // setsid starts a new session (and group); the escaped sleep inherits stdout and outlives the script.
    const script = fx.script("escape.sh", `#!/usr/bin/env bash\nsetsid bash -c 'echo $$ > ${pidFile}; exec sleep 60' &\nsleep 60\n`);
    await fx.jobs.add({ name: "escape", script, library: "data", symbol: "E", timeoutMs: 600, killGraceMs: 200 });
    const run = await fx.jobs.run("escape");
    expect(run).toMatchObject({ status: "failed", cause: "timeout", timedOut: true });
    const [escaped] = pidsIn(pidFile);
    expect(await waitFor(() => !alive(escaped)), `escaped process ${escaped} must be killed`).toBe(true);
    expect(run.leftovers, "the record names the escaped process").toContainEqual(`${escaped} sleep 60`);
    expect(run.error).toContain(`still running and killed: `);
    expect((await fx.jobs.runs("escape"))[0].leftovers, "and keeps it in the history").toEqual(run.leftovers);
  }, 15_000);

  it("after the parent exits (re-parented to init) and with stdout closed: killed when the script ends", async () => {
    const pidFile = path.join(fx.root, "daemon.pid");
    // A double fork: the middle process exits at once, so the daemon's parent is init, not the script.
    const text = barsCsv([1, 2], `(setsid bash -c 'echo $$ > ${pidFile}; exec sleep 60' </dev/null >/dev/null 2>&1 &)\nsleep 0.3`);
    const script = fx.script("daemon.sh", text);
    await fx.jobs.add({ name: "daemon", script, library: "data", symbol: "D" });
    const run = await fx.jobs.run("daemon");
    expect(run, run.error ?? "").toMatchObject({ status: "success", rows: 2 });
    const [daemon] = pidsIn(pidFile);
    expect(await waitFor(() => !alive(daemon)), `daemon ${daemon} must not outlive the run`).toBe(true);
    expect(run.leftovers).toEqual([`${daemon} sleep 60`]);
  }, 15_000);

  it("a normal run leaves nothing and records no leftovers", async () => {
    const script = fx.script("bars.sh", barsCsv([1]));
    await fx.jobs.add({ name: "bars", script, library: "data", symbol: "B" });
    expect(await fx.jobs.run("bars")).toMatchObject({ status: "success", leftovers: [] });
  });
});

describe("spawnScript", () => {
  it("ends the run when something it cannot find keeps the pipes open", async () => {
    // No env marker, and the holder is re-parented and out of the group before the first walk of the tree.
    const pidFile = path.join(fx.root, "holder.pid");
    const result = await spawnScript(["bash", "-c", `(setsid bash -c 'echo $$ > ${pidFile}; exec sleep 60' &); while [ ! -s ${pidFile} ]; do sleep 0.02; done; echo done`], {
      cwd: fx.root,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      timeoutMs: 10_000,
      killGraceMs: 100,
      trackEveryMs: 60_000,
    });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(result.stdout.toString()).toBe("done\n");
    const [holder] = pidsIn(pidFile);
    // Found anyway, as a holder of the stdout pipe.
    expect(result.leftovers).toEqual([`${holder} sleep 60`]);
    expect(await waitFor(() => !alive(holder))).toBe(true);
  }, 15_000);
});
