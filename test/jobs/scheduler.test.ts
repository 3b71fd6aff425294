/**
 * The scheduler with real cron timing: a job on a 6-field every-second schedule fires repeatedly, slow
 * jobs are never run twice at once nor beyond the concurrency limit, and stop() leaves no cron task,
 * timer or child process behind. Each test takes about 2-3 s of wall time.
 */
import { setTimeout as sleep } from "timers/promises";
import { getTasks } from "node-cron";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Scheduler, SchedulerEvent, startScheduler } from "../../lib/jobs";
import { JobsFixture, barsCsv, childPids, openFixture, timerCount, waitFor } from "./fixtures";

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

const count = (type: SchedulerEvent["type"], job?: string) => events.filter((e) => e.type === type && (!job || ("job" in e && e.job === job))).length;
/** A script printing one bar for the scheduled second, after sleeping `seconds`. */
const bar = (seconds: number) => `sleep ${seconds}\necho timestamp,open,high,low,close,volume\necho "$QUANTLAB_SCHEDULED_AT,1,2,0.5,1.5,10"\n`;

describe("startScheduler", () => {
  it("fires an every-second job at least twice, then stop() leaves no task, timer or child", async () => {
    await sleep(300); // let the store's idle file close so the timer baseline is steady
    const timersBefore = timerCount();
    await fx.jobs.add({ name: "tick", script: fx.script("tick.sh", bar(0)), cron: "* * * * * *", library: "data", symbol: "TICK", mode: "append" });
    scheduler = await startScheduler(fx.jobs, { onEvent: (e) => events.push(e) });
    expect(scheduler.scheduled).toEqual(["tick"]);
    expect(await waitFor(() => count("finished") >= 2, 4000), JSON.stringify(events)).toBe(true);
    await scheduler.stop();
    scheduler = null;

    const runs = await fx.jobs.runs("tick");
    const done = runs.filter((r) => r.status === "success");
    expect(done.length).toBeGreaterThanOrEqual(2);
    for (const r of done) {
      expect(r.trigger).toBe("schedule");
      expect(r.scheduledAt.getMilliseconds(), "cron slots fall on whole seconds").toBe(0);
    }
    const stored = (await (await fx.arctic.getLibrary("data")).read("TICK")).data.array("timestamp") as Float64Array;
    expect(Array.from(stored), "each run stored the bar of its own slot").toEqual(done.map((r) => r.scheduledAt.getTime()));

    expect(getTasks().size).toBe(0);
    expect(childPids()).toEqual([]);
    // The store closes its idle file after 250 ms; then no timer of the run or the scheduler may remain.
    expect(await waitFor(() => timerCount() <= timersBefore, 2000), process.getActiveResourcesInfo().join(",")).toBe(true);
  });

  it("records a tick that comes while the job still runs as skipped, and keeps to the concurrency limit", async () => {
    for (const name of ["slow_a", "slow_b"]) {
      await fx.jobs.add({ name, script: fx.script(`${name}.sh`, bar(1.2)), cron: "* * * * * *", library: "data", symbol: name.toUpperCase(), mode: "append" });
    }
    scheduler = await startScheduler(fx.jobs, { concurrency: 1, onEvent: (e) => events.push(e) });
    expect(await waitFor(() => count("finished") >= 2 && count("skipped", "slow_a") >= 1 && count("skipped", "slow_b") >= 1, 6000), JSON.stringify(events.map((e) => e.type))).toBe(true);
    await scheduler.stop({ graceMs: 0 });
    scheduler = null;
    const runs = await fx.jobs.runs();
    const ran = runs.filter((r) => r.attempts > 0 && r.cause !== "cancelled").sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    for (let i = 1; i < ran.length; i++) {
      expect(ran[i].startedAt.getTime(), `concurrency 1: ${ran[i].job} started before ${ran[i - 1].job} ended`).toBeGreaterThanOrEqual(ran[i - 1].endedAt.getTime());
    }
    const skipped = runs.filter((r) => r.status === "skipped");
    expect(skipped.every((r) => r.cause === "overlap" && r.attempts === 0)).toBe(true);
    expect(childPids()).toEqual([]);
  });
});
