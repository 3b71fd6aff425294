/**
 * The scheduler's lifecycle: registry changes picked up without a restart, stop() killing a job still
 * running after the grace period (with its children), and missed slots reported at start with optional
 * catch-up.
 */
import { setTimeout as sleep } from "timers/promises";
import * as fs from "fs";
import * as path from "path";
import { getTasks } from "node-cron";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Scheduler, SchedulerEvent, startScheduler } from "../../lib/jobs";
import { JobsFixture, alive, barsCsv, childPids, openFixture, waitFor } from "./fixtures";

let fx: JobsFixture;
let scheduler: Scheduler | null = null;
let events: SchedulerEvent[] = [];
beforeEach(async () => {
  fx = await openFixture();
  events = [];
});
afterEach(async () => {
  await scheduler?.stop({ graceMs: 0 });
  scheduler = null;
  await fx.close();
});

const types = () => events.map((e) => `${e.type}${"job" in e ? ":" + e.job : ""}`);

describe("scheduler lifecycle", () => {
  it("picks up added, changed, disabled and removed jobs without a restart", async () => {
    const script = fx.script("bars.sh", barsCsv([1]));
    const yearly = { script, cron: "0 0 1 1 *", library: "data", symbol: "X" };
    await fx.jobs.add({ name: "a", ...yearly });
    scheduler = await startScheduler(fx.jobs, { reloadMs: 50, onEvent: (e) => events.push(e) });
    expect(scheduler.scheduled).toEqual(["a"]);
    await fx.jobs.add({ name: "b", ...yearly });
    await fx.jobs.add({ name: "manual", ...yearly, cron: null });
    expect(await waitFor(() => scheduler!.scheduled.join() === "a,b")).toBe(true);
    await fx.jobs.update("b", { cron: "0 0 2 1 *" });
    expect(await waitFor(() => types().filter((t) => t === "scheduled:b").length === 2), types().join()).toBe(true);
    await fx.jobs.disable("a");
    await fx.jobs.remove("b");
    expect(await waitFor(() => scheduler!.scheduled.length === 0), types().join()).toBe(true);
    expect(getTasks().size).toBe(0);
  });

  it("stop() waits for the grace period, then kills a running job's process group; the run is recorded as cancelled", async () => {
    const pidFile = path.join(fx.root, "pids");
    const script = fx.script("hang.sh", `sleep 30 &\necho $! > ${pidFile}\nwait\n`);
    await fx.jobs.add({ name: "hang", script, cron: "* * * * * *", library: "data", symbol: "H", killGraceMs: 300 });
    scheduler = await startScheduler(fx.jobs, { onEvent: (e) => events.push(e) });
    expect(await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").trim() !== "", 3000)).toBe(true);
    const grandchild = Number(fs.readFileSync(pidFile, "utf8"));
    await scheduler.stop({ graceMs: 100 });
    scheduler = null;
    const [run] = (await fx.jobs.runs("hang")).filter((r) => r.attempts > 0);
    expect(run).toMatchObject({ status: "failed", cause: "cancelled", signal: "SIGTERM" });
    expect(alive(grandchild)).toBe(false);
    expect(childPids()).toEqual([]);
  });

  it("reports slots missed while no scheduler ran, and with catchUp runs once for the latest", async () => {
    const script = fx.script("bars.sh", barsCsv([1]));
    await fx.jobs.add({ name: "every", script, cron: "* * * * * *", library: "data", symbol: "E" });
    await sleep(2100);
    scheduler = await startScheduler(fx.jobs, { catchUp: true, onEvent: (e) => events.push(e) });
    expect(await waitFor(() => events.some((e) => e.type === "finished" && e.record.trigger === "catch-up"), 3000), types().join()).toBe(true);
    await scheduler.stop();
    scheduler = null;
    const runs = await fx.jobs.runs("every");
    const missed = runs.find((r) => r.status === "missed")!;
    expect(missed.error).toMatch(/^missed: \d+ runs? while no scheduler was running, from .* to .*; catching up once$/);
    const slots = Number(/missed: (\d+)/.exec(missed.error!)![1]);
    expect(slots, "about two seconds passed between add and start").toBeGreaterThanOrEqual(1);
    const catchUp = runs.find((r) => r.trigger === "catch-up")!;
    expect(catchUp).toMatchObject({ status: "success", scheduledAt: missed.scheduledAt });
  });
});

describe("a registry holding a configuration it cannot read", () => {
  it("schedules the readable jobs and reports the broken one as an error event", async () => {
    const script = fx.script("bars.sh", barsCsv([1]));
    await fx.jobs.add({ name: "a", script, cron: "0 0 1 1 *", library: "data", symbol: "X" });
    // A configuration version that does not decode (overwritten by something else than the registry).
    await fx.jobs.library.write("job:broken", { name: ["broken"], interpreter: ["{not json"] });
    scheduler = await startScheduler(fx.jobs, { onEvent: (e) => events.push(e) });
    expect(scheduler.scheduled).toEqual(["a"]);
    const errors = events.filter((e): e is Extract<SchedulerEvent, { type: "error" }> => e.type === "error");
    expect(errors.length, types().join()).toBeGreaterThanOrEqual(1);
    expect(errors[0].job).toBe("broken");
    expect(errors[0].error.message).toBe("JobRegistry: 'job:broken' version 0 in library 'jobs' is not a job configuration: it has no column 'script'");
  });
});

describe("stop()", () => {
  it("waits for the record of a skipped slot that is still being written", async () => {
    const script = fx.script("hang.sh", "sleep 30\n");
    await fx.jobs.add({ name: "hang", script, cron: "* * * * * *", library: "data", symbol: "H", killGraceMs: 100 });
    // Delay the writing of skipped records, so stop() comes while one is under way.
    const recordRun = fx.jobs.recordRun.bind(fx.jobs);
    let skipping: () => void = () => undefined;
    const skipStarted = new Promise<void>((resolve) => (skipping = resolve));
    fx.jobs.recordRun = async (record) => {
      if (record.status === "skipped") {
        skipping();
        await sleep(400);
      }
      return recordRun(record);
    };
    scheduler = await startScheduler(fx.jobs, { onEvent: (e) => events.push(e) });
    await skipStarted;
    await scheduler.stop({ graceMs: 0 });
    scheduler = null;
    const runs = await fx.jobs.runs("hang");
    expect(runs.map((r) => r.status).sort(), "the skipped slot's record was written before stop() resolved").toEqual(["failed", "skipped"]);
    expect(types()).toContain("skipped:hang");
  });
});
