import { Table, toTable } from "../frame";
import { MalformedRegistryError } from "./errors";
import { JobMode } from "./JobSpec";

/** How a run ended. "skipped": not started because the job was running; "missed": a slot passed while no scheduler ran. */
export type RunStatus = "success" | "failed" | "skipped" | "missed";

/** What started a run. */
export type RunTrigger = "manual" | "schedule" | "catch-up";

/**
 * Why a run did not succeed: the script could not start, exited non-zero, was killed by a signal, ran past
 * its timeout, was cancelled by a stopping scheduler, printed output that is not a table, failed a
 * validator, did not match the stored schema, had an index that does not extend the symbol, or the store
 * refused it; "overlap" and "missed" explain skipped and missed runs.
 */
export type RunCause =
  | "spawn"
  | "exit"
  | "signal"
  | "timeout"
  | "cancelled"
  | "output"
  | "validation"
  | "schema"
  | "unsorted"
  | "store"
  | "overlap"
  | "missed";

/** One run of a job, as `jobs.run` returns it and the `runs` symbol keeps it. Fields of the last attempt where per attempt. */
export interface RunRecord {
  runId: string;
  job: string;
  trigger: RunTrigger;
  status: RunStatus;
  cause: RunCause | null;
  /** What went wrong, or null. */
  error: string | null;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Attempts made (1 + retries used); 0 for skipped and missed runs. */
  attempts: number;
  /** Rows stored (0 when nothing was). */
  rows: number;
  library: string;
  symbol: string;
  mode: JobMode;
  /** The version written, or null when nothing was stored. */
  version: number | null;
  /** The cron slot the run is for; the request time for a manual run. */
  scheduledAt: Date;
  startedAt: Date;
  endedAt: Date;
  /** From the first attempt's start to the run's end, store write included. */
  durationMs: number;
  stdoutTail: string;
  stderrTail: string;
  /**
   * Processes of the last attempt still running when it ended (descendants that escaped its process
   * group, or anything holding its output pipes), each "pid (command)"; they were killed. Empty normally.
   */
  leftovers: string[];
  /**
   * The quality of the table the last attempt's script printed, when it has open, high, low and close
   * columns: lib/validate's score in [0, 1] and its findings (the verdict `collectCheck` gives a collected
   * batch), also when validation refused the table. Null for other tables and runs that printed none.
   */
  quality: RunQuality | null;
}

/** The quality of a run's table: validateOhlcv's score and findings (at most five, each naming its rows). */
export interface RunQuality {
  score: number;
  findings: string[];
}

/**
 * The record of a run that started no script: skipped (the job was still running) or missed (a slot passed
 * while no scheduler ran). Attempts, rows and times are zero-length.
 */
export function runWithoutScript(
  job: { name: string; library: string; symbol: string; mode: JobMode },
  fields: { runId: string; trigger: RunTrigger; status: "skipped" | "missed"; cause: RunCause; error: string; scheduledAt: Date },
): RunRecord {
  const now = new Date();
  return {
    ...fields,
    job: job.name,
    exitCode: null,
    signal: null,
    timedOut: false,
    attempts: 0,
    rows: 0,
    library: job.library,
    symbol: job.symbol,
    mode: job.mode,
    version: null,
    startedAt: now,
    endedAt: now,
    durationMs: 0,
    stdoutTail: "",
    stderrTail: "",
    leftovers: [],
    quality: null,
  };
}

/** The columns of the `runs` symbol, in order. */
export const RUN_COLUMNS: readonly (keyof RunRecord)[] = [
  "runId",
  "job",
  "trigger",
  "status",
  "cause",
  "error",
  "exitCode",
  "signal",
  "timedOut",
  "attempts",
  "rows",
  "library",
  "symbol",
  "mode",
  "version",
  "scheduledAt",
  "startedAt",
  "endedAt",
  "durationMs",
  "stdoutTail",
  "stderrTail",
  "leftovers",
  "quality",
];

/** Columns added after the first release: a `runs` table stored before them reads them as empty. */
const LATER_COLUMNS = new Set<keyof RunRecord>(["leftovers", "quality"]);
const NUMBERS = new Set<keyof RunRecord>(["exitCode", "attempts", "rows", "version", "durationMs"]);
const DATES = new Set<keyof RunRecord>(["scheduledAt", "startedAt", "endedAt"]);
const NULLABLE = new Set<keyof RunRecord>(["cause", "error", "signal"]);

/**
 * Run records as stored columns. The `runs` symbol never holds a null: a column whose first rows were all
 * null would be fixed to the wrong type, so a missing number is stored as NaN and a missing string as "".
 * `leftovers` and `quality` are stored as JSON text ("null" for no quality).
 */
export function encodeRuns(records: RunRecord[]): Record<string, ArrayLike<unknown>> {
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const name of RUN_COLUMNS) {
    if (NUMBERS.has(name)) out[name] = Float64Array.from(records, (r) => (r[name] === null ? NaN : (r[name] as number)));
    else if (DATES.has(name)) out[name] = records.map((r) => r[name]);
    else if (name === "timedOut") out[name] = records.map((r) => r.timedOut);
    else if (name === "leftovers") out[name] = records.map((r) => JSON.stringify(r.leftovers));
    else if (name === "quality") out[name] = records.map((r) => JSON.stringify(r.quality));
    else out[name] = records.map((r) => (r[name] as string | null) ?? "");
  }
  return out;
}

/** Where a `runs` table was read from, for the errors of {@link decodeRuns}. */
export interface RunsSource {
  library: string;
  symbol: string;
  version: number;
}

/**
 * The records of a `runs` table read from the store (the inverse of {@link encodeRuns}).
 * @throws MalformedRegistryError naming the column (and row) when the table is not a run history this
 *   registry wrote: a column missing or holding values of another type.
 */
export function decodeRuns(table: Table, source: RunsSource): RunRecord[] {
  const present = new Set(table.columnNames());
  const malformed = (column: string, problem: string, row?: number) =>
    new MalformedRegistryError(
      `JobRegistry: '${source.symbol}' version ${source.version} in library '${source.library}' is not a run history: ${problem}; ` +
        `read an earlier version with library.read('${source.symbol}', { asOf }) and write it back to repair it`,
      { symbol: source.symbol, version: source.version, column, row },
    );
  const columns: Partial<Record<keyof RunRecord, ArrayLike<unknown>>> = {};
  for (const name of RUN_COLUMNS) {
    if (present.has(name)) columns[name] = table.array(name) as ArrayLike<unknown>;
    else if (!LATER_COLUMNS.has(name)) throw malformed(name, `it has no column '${name}'`);
  }
  const records: RunRecord[] = [];
  for (let i = 0; i < table.numRows(); i++) {
    const record: Record<string, unknown> = {};
    for (const name of RUN_COLUMNS) {
      const values = columns[name];
      if (values === undefined) {
        record[name] = name === "quality" ? null : [];
        continue;
      }
      const value = values[i];
      const wrong = (kind: string) => malformed(name, `row ${i} of column '${name}' holds ${JSON.stringify(String(value)).slice(0, 60)}, not ${kind}`, i);
      if (NUMBERS.has(name)) {
        const number = typeof value === "bigint" ? Number(value) : value;
        if (typeof number !== "number") throw wrong("a number");
        record[name] = Number.isNaN(number) ? null : number;
      } else if (DATES.has(name)) {
        const date = value instanceof Date ? value : new Date(value as number);
        if (!(typeof value === "number" || value instanceof Date) || Number.isNaN(date.getTime())) throw wrong("a time");
        record[name] = date;
      } else if (name === "timedOut") {
        if (typeof value !== "boolean") throw wrong("true or false");
        record[name] = value;
      } else if (name === "leftovers") {
        let list: unknown;
        try {
          list = JSON.parse(String(value));
        } catch {
          throw wrong("a JSON list");
        }
        if (!Array.isArray(list) || list.some((p) => typeof p !== "string")) throw wrong("a JSON list of strings");
        record[name] = list;
      } else if (name === "quality") {
        let quality: unknown;
        try {
          quality = JSON.parse(String(value));
        } catch {
          throw wrong("JSON");
        }
        const q = quality as RunQuality | null;
        if (q !== null && (typeof q !== "object" || typeof q.score !== "number" || !Array.isArray(q.findings))) throw wrong("null or a JSON { score, findings }");
        record[name] = q;
      } else {
        if (typeof value !== "string") throw wrong("text");
        record[name] = NULLABLE.has(name) && value === "" ? null : value;
      }
    }
    records.push(record as unknown as RunRecord);
  }
  return records;
}

/** Run records as a Table with one column per field (nulls where a field has no value), for notebooks and the CLI. */
export function runsTable(records: RunRecord[]): Table {
  return toTable(RUN_COLUMNS.map((name) => [name, records.map((r) => (name === "leftovers" ? r.leftovers.join("; ") : name === "quality" ? r.quality?.score ?? null : r[name]))]));
}
