/** What a job is: the spec a user registers, and the complete form the registry stores. */

/** How a run's table is stored: a new version replacing the symbol, rows added after it, or a span replaced. */
export type JobMode = "write" | "append" | "update";

/** How the runner reads a script's table. "auto" tells Parquet, JSON, JSON lines and CSV apart by content. */
export type JobOutputFormat = "auto" | "csv" | "jsonl" | "json" | "parquet";

/**
 * A job as a user registers it. Only `name`, `script`, `library` and `symbol` are required.
 * Every field is checked by {@link validateJobSpec} before anything is stored.
 */
export interface JobSpec {
  /** 1-64 characters: letters, digits, '_', '.', '-', starting with a letter or digit. */
  name: string;
  /** Path of the script relative to the project root, inside `jobs/` (e.g. "jobs/examples/sample_bars.ts"). */
  script: string;
  /**
   * The program that runs the script: a command name or path, or an argv prefix such as
   * ["python3", "-X", "utf8"]. "tsx" and "node" mean this project's Node (with its tsx for "tsx").
   * @default by extension: .ts/.mts/.cts tsx, .js/.mjs/.cjs node, .py python3, .sh bash
   */
  interpreter?: string | string[] | null;
  /** Cron expression, 5 fields or 6 with seconds first, or a nickname (@daily); null: run on demand only. @default null */
  cron?: string | null;
  /** IANA time zone the cron expression is read in; also the script's TZ. @default "UTC" */
  timezone?: string;
  /** Library the table is stored in (created when missing). */
  library: string;
  /** Symbol the table is stored as. */
  symbol: string;
  /** @default "write" */
  mode?: JobMode;
  /** Arguments after the script path. @default [] */
  args?: string[];
  /** Extra environment of the script (not QUANTLAB_* names, which the runner sets). Stored with the job. @default {} */
  env?: Record<string, string>;
  /**
   * Names of variables the script gets from the environment of the process that runs it (the daemon, the
   * CLI, the notebook), e.g. API keys: their values are never stored with the job. @default []
   */
  inheritEnv?: string[];
  /**
   * A run attempt still going after this long is killed with every process it started; at most
   * {@link MAX_TIMER_MS} (about 24.8 days, the longest timer Node keeps). @default 600000 (10 min)
   */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL when a script is killed. @default 5000 */
  killGraceMs?: number;
  /** Further attempts after a failed one. @default 0 */
  retries?: number;
  /** Base of the exponential backoff between attempts. @default 1000 */
  retryDelayMs?: number;
  /** Longest wait between attempts. @default 60000 */
  retryMaxDelayMs?: number;
  /**
   * Largest table a run may hand over, in bytes, on stdout or in the QUANTLAB_OUTPUT file; a larger one
   * fails the run (cause "output") and nothing is stored. At most {@link MAX_OUTPUT_BYTES}. @default 268435456 (256 MiB)
   */
  maxOutputBytes?: number;
  /** @default "auto" */
  format?: JobOutputFormat;
  /** Let a "write" run change the columns or types of an existing symbol. @default false */
  allowSchemaChange?: boolean;
  /** A disabled job is not scheduled; `run` still runs it on demand. @default true */
  enabled?: boolean;
  /** Free text shown by `jobs list` and `jobs show`. @default "" */
  description?: string;
}

/** A validated spec with every default filled in: what the registry stores. */
export interface JobConfig {
  name: string;
  script: string;
  interpreter: string[] | null;
  cron: string | null;
  timezone: string;
  library: string;
  symbol: string;
  mode: JobMode;
  args: string[];
  env: Record<string, string>;
  inheritEnv: string[];
  timeoutMs: number;
  killGraceMs: number;
  retries: number;
  retryDelayMs: number;
  retryMaxDelayMs: number;
  maxOutputBytes: number;
  format: JobOutputFormat;
  allowSchemaChange: boolean;
  enabled: boolean;
  description: string;
}

/** A registered job: its configuration and the registry version that holds it. */
export interface Job extends JobConfig {
  /** The job's configuration version in the `jobs` library (0 when added, +1 per change). */
  version: number;
  /** When this configuration version was stored. */
  updatedAt: Date;
}

/** The longest delay a Node timer keeps (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The largest `maxOutputBytes`: 500 MiB, below the longest string V8 holds (2^29 - 24 characters), as output is read as text. */
export const MAX_OUTPUT_BYTES = 500 * 1024 * 1024;

/** The defaults of the optional fields, in one place. */
export const JOB_DEFAULTS = {
  interpreter: null,
  cron: null,
  timezone: "UTC",
  mode: "write",
  args: [] as string[],
  env: {} as Record<string, string>,
  inheritEnv: [] as string[],
  timeoutMs: 600_000,
  killGraceMs: 5_000,
  retries: 0,
  retryDelayMs: 1_000,
  retryMaxDelayMs: 60_000,
  maxOutputBytes: 256 * 1024 * 1024,
  format: "auto",
  allowSchemaChange: false,
  enabled: true,
  description: "",
} as const;

/** The fields of a spec, in the order they are stored and shown. */
export const JOB_FIELDS: readonly (keyof JobConfig)[] = [
  "name",
  "script",
  "interpreter",
  "cron",
  "timezone",
  "library",
  "symbol",
  "mode",
  "args",
  "env",
  "inheritEnv",
  "timeoutMs",
  "killGraceMs",
  "retries",
  "retryDelayMs",
  "retryMaxDelayMs",
  "maxOutputBytes",
  "format",
  "allowSchemaChange",
  "enabled",
  "description",
];
