/**
 * The errors of the jobs area: a shallow tree under {@link JobError}, each with a stable `code`.
 * Messages start with the component ("JobSpec:", "JobRegistry:", "JobOutput:") and quote the value.
 */

import { QuantlabError } from "../errors";
/** Stable codes of the jobs errors. */
export type JobErrorCode = "JOB_ERROR" | "INVALID_JOB_SPEC" | "JOB_NOT_FOUND" | "JOB_EXISTS" | "INVALID_JOB_OUTPUT" | "MALFORMED_REGISTRY";

/** Base class of every error lib/jobs throws. */
export class JobError extends QuantlabError {
  readonly code: JobErrorCode = "JOB_ERROR";
  /** The job concerned, when known. */
  readonly job?: string;

  constructor(message: string, context: { job?: string; cause?: unknown } = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.job = context.job;
  }
}

/** A job spec field is missing or wrong; `field` names it. Nothing was stored. */
export class JobSpecError extends JobError {
  override readonly code = "INVALID_JOB_SPEC";
  readonly field: string;

  constructor(field: string, message: string, context: { job?: string; cause?: unknown } = {}) {
    super(message, context);
    this.field = field;
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
  readonly column?: string;
  readonly row?: number;

  constructor(message: string, context: { job?: string; column?: string; row?: number; cause?: unknown } = {}) {
    super(message, context);
    this.column = context.column;
    this.row = context.row;
  }
}

/**
 * A symbol of the registry's library does not hold what the registry wrote there: a job configuration
 * or the run history was overwritten by something else. `symbol` and `version` say which; `column` and
 * `row` (0-based) where, when known. Nothing is changed by reporting it.
 */
export class MalformedRegistryError extends JobError {
  override readonly code = "MALFORMED_REGISTRY";
  readonly symbol: string;
  readonly version: number;
  readonly column?: string;
  readonly row?: number;

  constructor(
    message: string,
    context: { symbol: string; version: number; job?: string; column?: string; row?: number; cause?: unknown },
  ) {
    super(message, context);
    this.symbol = context.symbol;
    this.version = context.version;
    this.column = context.column;
    this.row = context.row;
  }
}
