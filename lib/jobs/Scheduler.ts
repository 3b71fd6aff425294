import { randomUUID } from "crypto";
import { setTimeout as sleep } from "timers/promises";
import { ScheduledTask, createTask } from "node-cron";
import { JobRegistry } from "./JobRegistry";
import { Job } from "./JobSpec";
import { missedSlots } from "./missedSlots";
import { RunRecord, runWithoutScript } from "./RunRecord";

/** The longest wait Node's timers keep (2^31 − 1 ms); a longer one would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Options of {@link startScheduler}. */
export interface SchedulerOptions {
  /** Most runs going at once across all jobs; further due runs wait their turn. @default 2 */
  concurrency?: number;
  /** How often the registry is read again, so added, changed, disabled and removed jobs take effect. @default 10000 */
  reloadMs?: number;
  /** How long stop() waits for running jobs before killing their process groups. @default 10000 */
  graceMs?: number;
  /**
   * When a job's slots passed while no scheduler was running, also run it once at start for the latest
   * of them (trigger "catch-up"). Missed slots are always recorded (one "missed" run per job). @default false
   */
  catchUp?: boolean;
  /** Told about everything the scheduler does (the daemon logs it). @default none */
  onEvent?: (event: SchedulerEvent) => void;
}

/** What a scheduler reports through `onEvent`. */
export type SchedulerEvent =
  | { type: "scheduled"; job: string; cron: string; timezone: string; version: number }
  | { type: "unscheduled"; job: string }
  | { type: "started"; job: string; scheduledAt: Date; trigger: RunRecord["trigger"] }
  | { type: "finished" | "skipped" | "missed"; job: string; record: RunRecord }
  | { type: "error"; job?: string; error: Error };

/** A running scheduler: {@link startScheduler} makes one, `stop()` ends it. */
export interface Scheduler {
  /** Names of the jobs with a live cron schedule. */
  readonly scheduled: string[];
  /** Names of the jobs running or waiting for a free slot. */
  readonly active: string[];
  /** Reads the registry now and applies changes (also done every `reloadMs`). */
  reload(): Promise<void>;
  /**
   * Stops scheduling, drops runs still waiting for a slot, waits up to `graceMs` for running jobs, then
   * kills the process groups of those still going (SIGTERM, SIGKILL after each job's killGraceMs) and
   * waits for their records and for the records of skipped and missed slots still being written.
   * Resolves when no timer, cron task, child process or store write of this scheduler is left.
   * @param options.graceMs @default the scheduler's graceMs
   * @param options.hurry aborting it ends the grace period at once (the daemon's second Ctrl-C).
   */
  stop(options?: { graceMs?: number; hurry?: AbortSignal }): Promise<void>;
}

interface Entry {
  job: Job;
  task: ScheduledTask;
}

interface Due {
  job: Job;
  scheduledAt: Date;
  trigger: RunRecord["trigger"];
}

/** A silent logger for node-cron: the scheduler reports through onEvent instead. */
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

class JobScheduler implements Scheduler {
  readonly #jobs: JobRegistry;
  readonly #concurrency: number;
  readonly #reloadMs: number;
  readonly #graceMs: number;
  readonly #emit: (event: SchedulerEvent) => void;
  readonly #entries = new Map<string, Entry>();
  readonly #active = new Set<string>();
  readonly #queue: Due[] = [];
  readonly #inflight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  /** Configuration versions reported as unreadable ("symbol@version"), so each is reported once. */
  readonly #malformed = new Set<string>();
  /** Records of skipped and missed slots still being written; stop() waits for them. */
  readonly #recording = new Set<Promise<void>>();
  #reloadTimer: NodeJS.Timeout | null = null;
  #reloading: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(jobs: JobRegistry, options: SchedulerOptions) {
    this.#jobs = jobs;
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
    this.#reloadMs = options.reloadMs ?? 10_000;
    this.#graceMs = options.graceMs ?? 10_000;
    this.#emit = (event) => {
      try {
        options.onEvent?.(event);
      } catch {
        // a listener's failure must not stop the scheduler
      }
    };
  }

  get scheduled(): string[] {
    return [...this.#entries.keys()].sort();
  }

  get active(): string[] {
    return [...this.#active].sort();
  }

  async start(catchUp: boolean): Promise<void> {
    // The first read of the registry throws (a store that cannot be read is a reason not to start);
    // later reloads report their errors through onEvent and keep the current schedule.
    // Missed slots first, so a catch-up run is queued before the first regular tick can start.
    this.#reloading = this.#reportMissed(catchUp).then(() => this.#apply());
    await this.#reloading;
    this.#armReload();
  }

  #armReload(): void {
    if (this.#stopped) return;
    this.#reloadTimer = setTimeout(() => {
      this.#reloadTimer = null;
      this.reload().finally(() => this.#armReload());
    }, this.#reloadMs);
  }

  reload(): Promise<void> {
    const next = this.#reloading.then(() => this.#apply());
    this.#reloading = next.catch((error) => this.#emit({ type: "error", error: error as Error }));
    return this.#reloading;
  }

  async #apply(): Promise<void> {
    if (this.#stopped) return;
    const wanted = new Map((await this.#readable()).filter((j) => j.enabled && j.cron !== null).map((j) => [j.name, j]));
    if (this.#stopped) return;
    for (const [name, entry] of this.#entries) {
      const job = wanted.get(name);
      if (job && job.version === entry.job.version) continue;
      entry.task.destroy();
      this.#entries.delete(name);
      if (!job) this.#emit({ type: "unscheduled", job: name });
    }
    for (const [name, job] of wanted) {
      if (this.#entries.has(name)) continue;
      const task = createTask(job.cron!, (context) => this.#due({ job: this.#entries.get(name)?.job ?? job, scheduledAt: context.date, trigger: "schedule" }), {
        timezone: job.timezone,
        name: `quantlab-job:${name}`,
        logger: quiet,
        suppressMissedWarning: true,
      });
      task.on("execution:missed", (context) => this.#missed(job, context.date));
      task.start();
      this.#entries.set(name, { job, task });
      this.#emit({ type: "scheduled", job: name, cron: job.cron!, timezone: job.timezone, version: job.version });
    }
  }

  /** The registered jobs; a configuration that does not decode is left out and reported (once) as an error event. */
  #readable(): Promise<Job[]> {
    return this.#jobs.list({
      onMalformed: (error) => {
        const key = `${error.symbol}@${error.version}`;
        if (this.#malformed.has(key)) return;
        this.#malformed.add(key);
        this.#emit({ type: "error", job: error.job, error });
      },
    });
  }

  /** A slot node-cron could not fire on time (the process was blocked): recorded as missed. */
  #missed(job: Job, slot: Date): void {
    const record = runWithoutScript(job, {
      runId: randomUUID(), trigger: "schedule", status: "missed", cause: "missed", scheduledAt: slot,
      error: `missed: the scheduler's process was too busy to start the run at ${slot.toISOString()}`,
    });
    this.#record(record, "missed");
  }

  /** Slots that passed while no scheduler ran, since the job's last scheduled run or last change. */
  async #reportMissed(catchUp: boolean): Promise<void> {
    const now = new Date();
    const last = new Map<string, number>();
    for (const run of await this.#jobs.runs()) {
      if (run.trigger !== "manual") last.set(run.job, Math.max(last.get(run.job) ?? -Infinity, run.scheduledAt.getTime()));
    }
    for (const job of (await this.#readable()).filter((j) => j.enabled && j.cron !== null)) {
      const after = new Date(Math.max(last.get(job.name) ?? -Infinity, job.updatedAt.getTime()));
      const found = missedSlots(job.cron!, job.timezone, after, new Date(now.getTime() - 1000));
      if (found.count === 0) continue;
      const count = `${found.truncated ? "at least " : ""}${found.count} run${found.count === 1 ? "" : "s"}`;
      const record = runWithoutScript(job, {
        runId: randomUUID(), trigger: "schedule", status: "missed", cause: "missed", scheduledAt: found.latest!,
        error: `missed: ${count} while no scheduler was running, from ${found.first!.toISOString()} to ${found.latest!.toISOString()}${catchUp ? "; catching up once" : ""}`,
      });
      await this.#record(record, "missed");
      if (catchUp) this.#due({ job, scheduledAt: found.latest!, trigger: "catch-up" });
    }
  }

  #record(record: RunRecord, type: "missed" | "skipped"): Promise<void> {
    const written = this.#jobs.recordRun(record).then(
      () => this.#emit({ type, job: record.job, record }),
      (error) => this.#emit({ type: "error", job: record.job, error: error as Error }),
    );
    this.#recording.add(written);
    return written.finally(() => this.#recording.delete(written));
  }

  #due(due: Due): void {
    if (this.#stopped) return;
    const name = due.job.name;
    if (this.#active.has(name) || this.#jobs.isRunning(name)) {
      const record = runWithoutScript(due.job, {
        runId: randomUUID(), trigger: due.trigger, status: "skipped", cause: "overlap", scheduledAt: due.scheduledAt,
        error: "skipped: the previous run is still going",
      });
      void this.#record(record, "skipped");
      return;
    }
    this.#active.add(name);
    this.#queue.push(due);
    this.#pump();
  }

  #pump(): void {
    while (!this.#stopped && this.#inflight.size < this.#concurrency && this.#queue.length > 0) {
      const due = this.#queue.shift()!;
      const name = due.job.name;
      const controller = new AbortController();
      this.#emit({ type: "started", job: name, scheduledAt: due.scheduledAt, trigger: due.trigger });
      const done = this.#jobs
        .run(name, { trigger: due.trigger, scheduledAt: due.scheduledAt, signal: controller.signal })
        .then(
          (record) => this.#emit({ type: record.status === "skipped" ? "skipped" : "finished", job: name, record }),
          (error) => this.#emit({ type: "error", job: name, error: error as Error }),
        )
        .finally(() => {
          this.#inflight.delete(name);
          this.#active.delete(name);
          this.#pump();
        });
      this.#inflight.set(name, { controller, done });
    }
  }

  async stop(options: { graceMs?: number; hurry?: AbortSignal } = {}): Promise<void> {
    this.#stopped = true;
    if (this.#reloadTimer) clearTimeout(this.#reloadTimer);
    this.#reloadTimer = null;
    for (const entry of this.#entries.values()) entry.task.destroy();
    this.#entries.clear();
    for (const due of this.#queue.splice(0)) this.#active.delete(due.job.name);
    await this.#reloading.catch(() => undefined);
    const running = () => Promise.all([...this.#inflight.values()].map((r) => r.done));
    if (this.#inflight.size > 0) {
      const grace = new AbortController();
      const hurry = () => grace.abort();
      options.hurry?.addEventListener("abort", hurry, { once: true });
      if (options.hurry?.aborted) grace.abort();
      await Promise.race([running(), sleep(Math.min(options.graceMs ?? this.#graceMs, LONGEST_TIMER_MS), undefined, { signal: grace.signal }).catch(() => undefined)]);
      grace.abort();
      options.hurry?.removeEventListener("abort", hurry);
      for (const run of this.#inflight.values()) run.controller.abort();
      await running();
    }
    // A slot that fired just before stop() may still be writing its skipped or missed record.
    while (this.#recording.size > 0) await Promise.all([...this.#recording]);
  }
}

/**
 * Starts scheduling the registry's enabled jobs that have a cron expression, each in its timezone, with
 * node-cron. A job never runs twice at once: a slot that comes while its previous run is still going (or
 * waiting for a free slot) is recorded as "skipped". At most `concurrency` runs go at once. Registry
 * changes are picked up every `reloadMs` without a restart. At start, slots that passed while no
 * scheduler ran (since the job's last scheduled run or its last change) are recorded as one "missed" run
 * per job, and with `catchUp` the job also runs once for the latest of them.
 * @example const scheduler = await startScheduler(jobs, { concurrency: 2 }); ...; await scheduler.stop()
 */
export async function startScheduler(jobs: JobRegistry, options: SchedulerOptions = {}): Promise<Scheduler> {
  const scheduler = new JobScheduler(jobs, options);
  try {
    await scheduler.start(options.catchUp ?? false);
  } catch (error) {
    await scheduler.stop({ graceMs: 0 });
    throw error;
  }
  return scheduler;
}
