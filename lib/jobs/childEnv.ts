import { JobSpecError } from "./errors";
import { JobConfig } from "./JobSpec";
import { startupHook } from "./startupHooks";

/** Variables taken from the parent's environment, when set there. Nothing else of it reaches a script. */
export const INHERITED_ENV = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"] as const;

/** What the runner tells a script about its run. */
export interface JobRunContext {
  /** The file the script may write its table to instead of printing it. */
  outputPath: string;
  /** The file the script may write a JSON object to, merged into the stored version's metadata. */
  metadataPath: string;
  /** The store's URI ("duckdb:///abs/dir"; "mem://" for an in-memory store the script cannot see). */
  storeUri: string;
  /** The cron slot this run is for (the request time for a manual run). */
  scheduledAt: Date;
  runId: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/**
 * The complete environment of a job's script:
 * - PATH, HOME, LANG, LC_ALL, TMPDIR from the parent when set there (nothing else of the parent's);
 * - TZ = the job's timezone, so local time in the script is the schedule's time;
 * - QUANTLAB_JOB, QUANTLAB_RUN_ID, QUANTLAB_ATTEMPT, QUANTLAB_SCHEDULED_AT (ISO-8601 UTC),
 *   QUANTLAB_OUTPUT, QUANTLAB_METADATA, QUANTLAB_STORE, QUANTLAB_LIBRARY, QUANTLAB_SYMBOL, QUANTLAB_MODE;
 * - the variables the job's `inheritEnv` names, from the parent, when set there;
 * - then the job's own `env`, which may override the inherited ones but not QUANTLAB_* (refused by the spec).
 * Variables that make an interpreter run code before the script (see {@link startupHook}) are refused,
 * whether the job's env sets them or they are inherited, since a job's code lives in its script in jobs/.
 * @throws JobSpecError (field 'env' or 'inheritEnv') naming such a variable; nothing is started then.
 * @example childEnv(job, { outputPath, storeUri, scheduledAt, runId, attempt: 1 }).QUANTLAB_JOB === job.name
 */
export function childEnv(job: JobConfig, run: JobRunContext, parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    TZ: job.timezone,
    QUANTLAB_JOB: job.name,
    QUANTLAB_RUN_ID: run.runId,
    QUANTLAB_ATTEMPT: String(run.attempt),
    QUANTLAB_SCHEDULED_AT: run.scheduledAt.toISOString(),
    QUANTLAB_OUTPUT: run.outputPath,
    QUANTLAB_METADATA: run.metadataPath,
    QUANTLAB_STORE: run.storeUri,
    QUANTLAB_LIBRARY: job.library,
    QUANTLAB_SYMBOL: job.symbol,
    QUANTLAB_MODE: job.mode,
  });
  for (const name of job.inheritEnv) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  const all = { ...env, ...job.env };
  for (const [name, value] of Object.entries(all)) {
    const hook = startupHook(name, value);
    if (hook) {
      const field = name in job.env ? "env" : "inheritEnv";
      throw new JobSpecError(`JobSpec: '${field}' must not ${field === "env" ? "set" : "pass on"} ${hook}; a job's code lives in its script in jobs/`, { field, job: job.name });
    }
  }
  return all;
}
