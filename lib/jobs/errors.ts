/**
 * The errors of the jobs area: a shallow tree under {@link JobError}, each with a stable `code`.
 * Messages start with the component ("JobSpec:", "JobRegistry:", "JobOutput:") and quote the value.
 */

import { QuantlabError } from "../errors";
import type { ErrorDetails } from "../errors";
/** Stable codes of the jobs errors. */
export type JobErrorCode = "JOB_ERROR" | "INVALID_JOB_SPEC" | "JOB_NOT_FOUND" | "JOB_EXISTS" | "INVALID_JOB_OUTPUT" | "MALFORMED_REGISTRY";

/** What a jobs error is about: the job, and the library/symbol/column/row (kept by QuantlabError). */
export interface JobErrorDetails extends ErrorDetails {
  /** The job concerned, when known. */
  job?: string;
}

/** Base class of every error lib/jobs throws. */
export class JobError extends QuantlabError {
  readonly code: JobErrorCode = "JOB_ERROR";
  /** The job concerned, when known. */
  readonly job?: string;

  constructor(message: string, details: JobErrorDetails = {}) {
    super(message, details);
    this.job = details.job;
  }
}

/** A job spec field is missing or wrong; `field` names it. Nothing was stored. */
export class JobSpecError extends JobError {
  override readonly code = "INVALID_JOB_SPEC";
  readonly field: string;

  constructor(message: string, details: JobErrorDetails & { field: string }) {
    super(message, details);
    this.field = details.field;
  }
}

/** No job of that name is registered (or it was removed). */
export class JobNotFoundError extends JobError {
  override readonly code = "JOB_NOT_FOUND";
}

/** `add` was given the name of a job that is registered already; use `update`. */
export class JobExistsError extends JobError {
  override readonly code = "JOB_EXISTS";
}

/**
 * A script's output cannot be stored: unparseable, empty, failing validation or not matching the stored
 * schema. `column` and `row` (0-based data row) say where, when known.
 */
export class JobOutputError extends JobError {
  override readonly code = "INVALID_JOB_OUTPUT";
}

/**
 * A symbol of the registry's library does not hold what the registry wrote there: a job configuration
 * or the run history was overwritten by something else. `symbol` and `version` say which; `column` and
 * `row` (0-based) where, when known. Nothing is changed by reporting it.
 */
export class MalformedRegistryError extends JobError {
  override readonly code = "MALFORMED_REGISTRY";
  readonly version: number;

  constructor(message: string, details: JobErrorDetails & { symbol: string; version: number }) {
    super(message, details);
    this.version = details.version;
  }
}
