import { JobRegistry, SchedulerEvent, startScheduler } from "../jobs";
import { integerOption } from "./args";
import { Command } from "./command";
import { printable } from "./format";
import { Writer, println } from "./io";
import { describeRun } from "./jobsRun";
import { reportJobErrors, withJobs } from "./jobsContext";

/** Options of {@link runJobsDaemon}. */
export interface DaemonOptions {
  /** Where the daemon logs, one line per event, each starting with an ISO time. */
  out: Writer;
  /** The daemon stops when this aborts. */
  signal: AbortSignal;
  /** @default 2 */
  concurrency?: number;
  /** @default 10000 */
  reloadMs?: number;
  /** @default 10000 */
  graceMs?: number;
  /** @default false */
  catchUp?: boolean;
  /** While stopping, aborting this kills the running jobs at once instead of waiting out graceMs. */
  hurry?: AbortSignal;
}

function logEvent(out: Writer, event: SchedulerEvent): void {
  const at = new Date().toISOString();
  switch (event.type) {
    case "scheduled":
      return println(out, `${at} scheduled ${event.job}: '${event.cron}' ${event.timezone} (configuration version ${event.version})`);
    case "unscheduled":
      return println(out, `${at} unscheduled ${event.job}`);
    case "started":
      return println(out, `${at} started ${event.job} for ${event.scheduledAt.toISOString()} (${event.trigger})`);
    case "error":
      return println(out, `${at} error${event.job ? ` in ${event.job}` : ""}: ${printable(event.error.message)}`);
    default: {
      const lines: string[] = [];
      describeRun({ write: (t: string) => lines.push(t) }, event.record);
      out.write(lines.map((l) => `${at} ${l}`).join(""));
    }
  }
}

/**
 * The job daemon: schedules the registry's jobs until `signal` aborts, logging every event, then stops
 * the scheduler (waiting up to graceMs for running jobs, then killing their process groups). Resolves
 * once nothing of it is left running.
 * @example await runJobsDaemon(jobs, { out: process.stdout, signal: controller.signal })
 */
export async function runJobsDaemon(jobs: JobRegistry, options: DaemonOptions): Promise<void> {
  const { out, signal } = options;
  const scheduler = await startScheduler(jobs, {
    concurrency: options.concurrency,
    reloadMs: options.reloadMs,
    graceMs: options.graceMs,
    catchUp: options.catchUp,
    onEvent: (event) => logEvent(out, event),
  });
  println(out, `${new Date().toISOString()} quantlab jobs daemon: ${scheduler.scheduled.length} job(s) scheduled; stop with Ctrl-C or SIGTERM`);
  await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
  println(out, `${new Date().toISOString()} stopping: waiting for ${scheduler.active.length} running job(s)`);
  await scheduler.stop({ graceMs: options.graceMs, hurry: options.hurry });
  println(out, `${new Date().toISOString()} stopped`);
}

/** `quantlab jobs start` */
export const startCommand: Command = {
  name: "start",
  args: "",
  summary: "run the scheduler in the foreground until SIGINT or SIGTERM (picks up registry changes as it runs)",
  description:
    "Runs the enabled jobs on their cron schedules until SIGINT (Ctrl-C) or SIGTERM, logging each run.\n" +
    "A job never runs twice at once (a tick during a run is recorded as skipped); registry changes are\n" +
    "read every --reload-ms. Slots missed while no daemon ran are recorded as 'missed' at start, and run\n" +
    "once with --catch-up. On a signal it stops scheduling, waits --grace-ms for running jobs (a second\n" +
    "signal cuts the wait short), kills the process groups of those still going, and exits 0.",
  options: [
    { name: "concurrency", type: "string", value: "N", help: "most jobs running at once [default: 2]" },
    { name: "reload-ms", type: "string", value: "N", help: "how often to re-read the registry [default: 10000]" },
    { name: "grace-ms", type: "string", value: "N", help: "how long to wait for running jobs when stopping [default: 10000]" },
    { name: "catch-up", type: "boolean", help: "run once the jobs that missed slots while no daemon ran" },
  ],
  positionals: [0, 0],
  run: (context) =>
    reportJobErrors(context, async () => {
      const { values, usage, io } = context;
      const options = {
        concurrency: integerOption(values, "concurrency", usage, 1),
        reloadMs: integerOption(values, "reload-ms", usage, 10),
        graceMs: integerOption(values, "grace-ms", usage, 0),
        catchUp: values["catch-up"] === true,
      };
      // The first signal stops gracefully; a second one while stopping drops the grace period.
      const controller = new AbortController();
      const now = new AbortController();
      const stop = () => (controller.signal.aborted ? now.abort() : controller.abort());
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      try {
        await withJobs(values, (jobs) => runJobsDaemon(jobs, { ...options, out: io.stdout, signal: controller.signal, hurry: now.signal }));
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    }),
};
