/**
 * The scheduler's lifecycle: registry changes picked up without a restart, stop() killing a job still
 * running after the grace period (with its children), and missed slots reported at start with optional
 * catch-up.
 */
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
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

describe("startScheduler on a registry it cannot read", () => {
  it("rejects and leaves nothing scheduled", async () => {
    const script = fx.script("bars.sh", barsCsv([1]));
    await fx.jobs.add({ name: "a", script, cron: "* * * * * *", library: "data", symbol: "X" });
    // A configuration version that does not decode: the registry read fails, so the scheduler does not start.
    await fx.jobs.library.write("job:broken", { name: ["broken"], interpreter: ["{not json"] });
    await expect(startScheduler(fx.jobs)).rejects.toThrow("JobRegistry: 'job:broken' version 0 in library 'jobs' is not a job configuration: it has no column 'script'");
    expect(getTasks().size).toBe(0);
  });
});
