/**
 * Scheduled data jobs: scripts in `jobs/` run as child processes on cron schedules, their tables
 * validated and stored as new versions, every run recorded. See {@link JobRegistry} and {@link startScheduler}.
 * @example const jobs = await JobRegistry.open(await Arctic.open()); await jobs.run("sample_bars")
 */
export { JobRegistry, REGISTRY_LIBRARY, RUNS_SYMBOL } from "./JobRegistry";
export type { JobListOptions, JobRegistryOptions, JobRunOptions } from "./JobRegistry";
export type { Job, JobConfig, JobMode, JobSpec, JobOutputFormat } from "./JobSpec";
export { JOB_DEFAULTS } from "./JobSpec";
export type { JobChange } from "./specTable";
export type { RunCause, RunQuality, RunRecord, RunStatus, RunTrigger } from "./RunRecord";
export { validateJobSpec } from "./validateJobSpec";
export { resolveScript } from "./scriptPath";
export type { ResolvedScript } from "./scriptPath";
export { childEnv, INHERITED_ENV } from "./childEnv";
export { INTERPRETERS } from "./interpreter";
export type { Interpreter } from "./interpreter";
export { STARTUP_HOOK_VARIABLES, startupHook } from "./startupHooks";
export type { JobRunContext } from "./childEnv";
export { checkOhlcvBasics } from "./checkOhlcvBasics";
export type { OutputValidator } from "./checkOhlcvBasics";
export { JobError, JobExistsError, JobNotFoundError, JobOutputError, JobSpecError, MalformedRegistryError } from "./errors";
export type { JobErrorCode } from "./errors";
export { startScheduler } from "./Scheduler";
export type { Scheduler, SchedulerEvent, SchedulerOptions } from "./Scheduler";
export { missedSlots } from "./missedSlots";
export type { MissedSlots } from "./missedSlots";
export { exportSchedule } from "./exportSchedule";
export type { ScheduleExportOptions } from "./exportSchedule";
