/**
 * The registry in the store: configuration versions readable with asOf, removal as a version, the run
 * history, overlap protection within a process and across processes sharing the store folder.
 */
import { setTimeout as sleep } from "timers/promises";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobExistsError, JobNotFoundError, JobRegistry, JobSpecError } from "../../lib/jobs";
import { readProcess } from "../../lib/jobs/processes";
import { JobsFixture, barsCsv, columns, openFixture } from "./fixtures";

let fx: JobsFixture;
let script: string;
beforeEach(async () => {
  fx = await openFixture();
  script = fx.script("bars.sh", barsCsv([1, 2]));
});
afterEach(async () => {
  await fx.close();
});

const spec = () => ({ name: "bars", script, cron: "0 9 * * 1-5", timezone: "America/New_York", library: "data", symbol: "BARS" });

describe("job configurations are versions", () => {
  it("makes a version per change and reads any of them back with asOf", async () => {
    const added = await fx.jobs.add(spec());
    expect(added).toMatchObject({ version: 0, cron: "0 9 * * 1-5", enabled: true, retries: 0 });
    await sleep(5);
    const between = new Date();
    await sleep(5);
    expect((await fx.jobs.update("bars", { cron: "30 9 * * 1-5", retries: 2 })).version).toBe(1);
    expect((await fx.jobs.disable("bars")).version).toBe(2);
    expect((await fx.jobs.enable("bars")).version).toBe(3);

    const latest = await fx.jobs.get("bars");
    expect(latest).toMatchObject({ version: 3, cron: "30 9 * * 1-5", retries: 2, enabled: true, timezone: "America/New_York" });
    expect(await fx.jobs.get("bars", { asOf: 0 })).toEqual(added);
    expect((await fx.jobs.get("bars", { asOf: between })).cron).toBe("0 9 * * 1-5");
    expect((await fx.jobs.get("bars", { asOf: 2 })).enabled).toBe(false);
    expect((await fx.jobs.changes("bars")).map((c) => [c.version, c.action, c.job.enabled])).toEqual([
      [0, "add", true],
      [1, "update", true],
      [2, "disable", false],
      [3, "enable", true],
    ]);
    // The versions are ordinary store versions of the symbol job:bars in the jobs library.
    expect((await fx.jobs.library.listVersions("job:bars")).length).toBe(4);
    expect(columns((await fx.jobs.library.read("job:bars", { asOf: 1 })).data).retries).toEqual([2]);
  });

  it("refuses a second add, an invalid update and a name change, storing nothing", async () => {
    await fx.jobs.add(spec());
    await expect(fx.jobs.add(spec())).rejects.toThrow(JobExistsError);
    await expect(fx.jobs.update("bars", { timezone: "EST5" })).rejects.toThrow("JobSpec: 'timezone' must be an IANA name");
    await expect(fx.jobs.update("bars", { name: "other" } as never)).rejects.toThrow(JobSpecError);
    expect((await fx.jobs.get("bars")).version).toBe(0);
    await expect(fx.jobs.get("nope")).rejects.toThrow(JobNotFoundError);
    await expect(fx.jobs.run("nope")).rejects.toThrow("JobRegistry: there is no job 'nope'");
  });

  it("removes a job as a new version: gone from list and get, its past still readable, the name free again", async () => {
    await fx.jobs.add(spec());
    await fx.jobs.add({ ...spec(), name: "other" });
    await fx.jobs.remove("bars");
    expect((await fx.jobs.list()).map((j) => j.name)).toEqual(["other"]);
    await expect(fx.jobs.get("bars")).rejects.toThrow(JobNotFoundError);
    expect((await fx.jobs.get("bars", { asOf: 0 })).cron).toBe("0 9 * * 1-5");
    const again = await fx.jobs.add({ ...spec(), cron: "0 18 * * *" });
    expect(again.version).toBe(2);
    expect((await fx.jobs.list()).map((j) => [j.name, j.cron])).toEqual([
      ["bars", "0 18 * * *"],
      ["other", "0 9 * * 1-5"],
    ]);
  });
});

describe("run history", () => {
  it("appends one record per run to 'runs', per job and in order, with limit", async () => {
    await fx.jobs.add(spec());
    await fx.jobs.add({ ...spec(), name: "fails", script: fx.script("fail.sh", "exit 4\n"), symbol: "OTHER" });
    const a = await fx.jobs.run("bars");
    const b = await fx.jobs.run("fails");
    const c = await fx.jobs.run("bars");
    expect((await fx.jobs.runs()).map((r) => r.runId)).toEqual([a.runId, b.runId, c.runId]);
    expect((await fx.jobs.runs("bars")).map((r) => [r.status, r.version])).toEqual([
      ["success", 0],
      ["success", 1],
    ]);
    expect(await fx.jobs.runs("bars", { limit: 1 })).toEqual([c]);
    const table = await fx.jobs.history("fails");
    expect(table.numRows()).toBe(1);
    expect(table.objects()[0]).toMatchObject({ job: "fails", status: "failed", cause: "exit", exitCode: 4, version: null, signal: null });
    expect(c.durationMs).toBeGreaterThan(0);
    expect(c.endedAt.getTime()).toBeGreaterThanOrEqual(c.startedAt.getTime());
  });
});

describe("a job never runs twice at once", () => {
  it("skips a second run in the same process while the first is going", async () => {
    await fx.jobs.add({ ...spec(), script: fx.script("slow.sh", `sleep 0.4\n${barsCsv([1]).split("\n").slice(1).join("\n")}`) });
    const [first, second] = await Promise.all([fx.jobs.run("bars"), fx.jobs.run("bars")]);
    expect([first.status, second.status]).toEqual(["success", "skipped"]);
    expect(second).toMatchObject({ cause: "overlap", attempts: 0, version: null });
    expect((await fx.jobs.runs("bars")).map((r) => r.status).sort()).toEqual(["skipped", "success"]);
  });

  it("skips while another live process holds the job's lock, and takes over a dead one's", async () => {
    await fx.jobs.add(spec());
    const lockDir = path.join(fx.storeDir, ".jobs-running");
    fs.mkdirSync(lockDir, { recursive: true });
    const other = spawn("sleep", ["10"]);
    try {
      fs.writeFileSync(path.join(lockDir, "bars.lock"), `${other.pid} some-run\n`);
      expect(await fx.jobs.run("bars")).toMatchObject({ status: "skipped", error: "skipped: another process is running this job" });
    } finally {
      other.kill("SIGKILL");
      await new Promise((r) => other.once("exit", r));
    }
    expect((await fx.jobs.run("bars")).status, "the owner is dead: its lock is stale").toBe("success");
    expect(fs.readdirSync(lockDir)).toEqual([]);
  });

  it("a run's record carries the quality of the bars it stored; a table without prices has none", async () => {
    await fx.jobs.add(spec());
    const run = await fx.jobs.run("bars");
    expect(run.quality).toEqual({ score: 1, findings: [] });
    expect((await fx.jobs.runs("bars"))[0].quality).toEqual({ score: 1, findings: [] });
    await fx.jobs.add({ ...spec(), name: "plain", symbol: "PLAIN", script: fx.script("plain.sh", "#!/usr/bin/env bash\necho timestamp,x\necho 2024-01-02,1\n") });
    expect((await fx.jobs.run("plain")).quality).toBeNull();
  });

  it("a stale lock naming a live unrelated pid (PID 1 after a container restart) does not make the job skip", async () => {
    await fx.jobs.add(spec());
    const lockDir = path.join(fx.storeDir, ".jobs-running");
    fs.mkdirSync(lockDir, { recursive: true });
    const init = Number(readProcess(1)!.startTime);
    fs.writeFileSync(path.join(lockDir, "bars.lock"), `1 ${init + 1} the-previous-container's-run\n`);
    expect((await fx.jobs.run("bars")).status).toBe("success");
    expect((await fx.jobs.run("bars")).status, "and again: the lock was replaced and released").toBe("success");
    expect(fs.readdirSync(lockDir)).toEqual([]);
  });

  it("two registries over one store folder (two processes' worth) never run a job together", async () => {
    await fx.jobs.add({ ...spec(), script: fx.script("slow2.sh", `sleep 0.4\n${barsCsv([1]).split("\n").slice(1).join("\n")}`) });
    const second = await JobRegistry.open(fx.arctic, { root: fx.root });
    const runs = await Promise.all([fx.jobs.run("bars"), second.run("bars")]);
    expect(runs.map((r) => r.status).sort()).toEqual(["skipped", "success"]);
  });
});
