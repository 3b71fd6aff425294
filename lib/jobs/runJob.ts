import { randomUUID } from "crypto";
import { setTimeout as sleep } from "timers/promises";
import { Arctic } from "../store";
import { backoffDelay } from "../backoff";
import { OutputValidator } from "./checkOhlcvBasics";
import { JobConfig } from "./JobSpec";
import { AttemptResult, runAttempt } from "./runAttempt";
import { RunRecord, RunTrigger } from "./RunRecord";

/** What {@link runJob} needs besides the job. */
export interface RunJobContext {
  arctic: Arctic;
  root: string;
  storeUri: string;
  validators: OutputValidator[];
  /** @default "manual" */
  trigger?: RunTrigger;
  /** @default now */
  scheduledAt?: Date;
  /** Aborting it kills a running attempt and cancels waiting retries. */
  signal?: AbortSignal;
  /** Uniform [0,1) source of the backoff jitter. @default Math.random */
  random?: () => number;
  runId?: string;
}

/**
 * Runs a job to the end: attempts the script up to `1 + retries` times with exponential backoff and jitter
 * between attempts ({@link backoffDelay} with equal jitter: each wait in [d/2, d] for d = min(retryMaxDelayMs, retryDelayMs × 2^(retry−1))), stores the table of the first attempt that succeeds, and
 * describes the run in one {@link RunRecord} (the last attempt's exit code, signal and tails). Every
 * failure (non-zero exit, signal, timeout, output that is not a valid table, a store refusal) is retried;
 * a cancelled attempt is not. The record is returned, not stored: {@link JobRegistry.run} stores it.
 * @example const record = await runJob(job, { arctic, root, storeUri, validators: [checkOhlcvBasics] })
 */
export async function runJob(job: JobConfig, ctx: RunJobContext): Promise<RunRecord> {
  const runId = ctx.runId ?? randomUUID();
  const startedAt = new Date();
  const started = performance.now();
  const scheduledAt = ctx.scheduledAt ?? startedAt;
  let attempt = 0;
  let last: AttemptResult;
  for (;;) {
    attempt++;
    last = await runAttempt(job, { arctic: ctx.arctic, root: ctx.root, storeUri: ctx.storeUri, runId, attempt, scheduledAt, validators: ctx.validators, signal: ctx.signal });
    if (last.ok || last.cause === "cancelled" || attempt > job.retries || ctx.signal?.aborted) break;
    const delay = backoffDelay(attempt, { baseMs: job.retryDelayMs, maxMs: job.retryMaxDelayMs, jitter: "equal", random: ctx.random });
    // Aborting ends the wait (retryMaxDelayMs is validated to fit Node's longest timer).
    await sleep(delay, undefined, { signal: ctx.signal }).catch((error: unknown) => {
      if (!ctx.signal?.aborted) throw error;
    });
    if (ctx.signal?.aborted) break;
  }
  const endedAt = new Date();
  return {
    runId,
    job: job.name,
    trigger: ctx.trigger ?? "manual",
    status: last.ok ? "success" : "failed",
    cause: last.cause,
    error: last.error === null ? null : attempt > 1 ? `attempt ${attempt} of ${job.retries + 1}: ${last.error}` : last.error,
    exitCode: last.exitCode,
    signal: last.signal,
    timedOut: last.timedOut,
    attempts: attempt,
    rows: last.rows,
    library: job.library,
    symbol: job.symbol,
    mode: job.mode,
    version: last.version,
    scheduledAt,
    startedAt,
    endedAt,
    durationMs: performance.now() - started,
    stdoutTail: last.stdoutTail,
    stderrTail: last.stderrTail,
    leftovers: last.leftovers,
    quality: last.quality,
  };
}
