import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Frame, toFrame } from "../frame";
import { Arctic, InvalidDataError, SchemaError, StoreError, SymbolNotFoundError, UnsortedDataError } from "../store";
import { OutputValidator, tableQuality } from "./checkOhlcvBasics";
import { checkSchema } from "./checkSchema";
import { childEnv } from "./childEnv";
import { JobError } from "./errors";
import { interpreterCommand } from "./interpreter";
import { JobConfig } from "./JobSpec";
import { frameTable } from "./output/frameTable";
import { readOutput } from "./output/readOutput";
import { RunCause, RunQuality } from "./RunRecord";
import { resolveScript } from "./scriptPath";
import { spawnScript } from "./spawnScript";

/** What one attempt needs besides the job. */
export interface AttemptContext {
  arctic: Arctic;
  /** The project root: scripts run with it as working directory. */
  root: string;
  storeUri: string;
  runId: string;
  attempt: number;
  scheduledAt: Date;
  validators: OutputValidator[];
  signal?: AbortSignal;
}

/** How one attempt ended. */
export interface AttemptResult {
  ok: boolean;
  cause: RunCause | null;
  error: string | null;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  rows: number;
  version: number | null;
  stdoutTail: string;
  stderrTail: string;
  /** Processes still running when the attempt ended, killed then ("pid (command)"). */
  leftovers: string[];
  /** The quality of the printed table (see RunRecord.quality). */
  quality: RunQuality | null;
}

class AttemptFailure extends Error {
  constructor(readonly runCause: RunCause, message: string) {
    super(message);
  }
}

/**
 * What the script wrote to $QUANTLAB_METADATA: a JSON object merged into the version's metadata (the
 * runner's own keys job, runId and scheduledAt win). No file, or an empty one, is no metadata.
 * @throws Error naming the file's problem when it is not a JSON object.
 */
export function readScriptMetadata(file: string): Record<string, unknown> {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (cause) {
    throw new Error(`the QUANTLAB_METADATA file is not valid JSON (${(cause as Error).message}); write one JSON object`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`the QUANTLAB_METADATA file holds ${Array.isArray(value) ? "an array" : String(value)}, not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * One attempt of a run: start the script, wait for it (no store call is open meanwhile), read and check its
 * table, then store it with the job's mode in one store call. Any failure before that call stores nothing.
 * Resolves (never rejects) with the outcome.
 */
export async function runAttempt(job: JobConfig, ctx: AttemptContext): Promise<AttemptResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-job-"));
  const outputPath = path.join(dir, "output");
  const metadataPath = path.join(dir, "metadata.json");
  const result: AttemptResult = { ok: false, cause: null, error: null, exitCode: null, signal: null, timedOut: false, rows: 0, version: null, stdoutTail: "", stderrTail: "", leftovers: [], quality: null };
  try {
    let argv: string[];
    let env: Record<string, string>;
    try {
      const script = resolveScript(job.script, ctx.root, job.name);
      argv = [...interpreterCommand(script.absolute, job.interpreter, ctx.root, job.name), script.absolute, ...job.args];
      env = childEnv(job, { outputPath, metadataPath, storeUri: ctx.storeUri, scheduledAt: ctx.scheduledAt, runId: ctx.runId, attempt: ctx.attempt });
    } catch (error) {
      throw new AttemptFailure("spawn", (error as Error).message);
    }
    const proc = await spawnScript(argv, {
      cwd: ctx.root,
      env,
      timeoutMs: job.timeoutMs,
      killGraceMs: job.killGraceMs,
      signal: ctx.signal,
      maxStdoutBytes: job.maxOutputBytes,
      envMarker: `QUANTLAB_RUN_ID=${ctx.runId}`,
    });
    Object.assign(result, { exitCode: proc.exitCode, signal: proc.signal, timedOut: proc.timedOut, stdoutTail: proc.stdoutTail, stderrTail: proc.stderrTail, leftovers: proc.leftovers });
    const killed = proc.leftovers.length > 0 ? `; still running and killed: ${proc.leftovers.join("; ")}` : "";
    if (proc.spawnError) throw new AttemptFailure("spawn", proc.spawnError);
    if (proc.pipesHeld && !proc.timedOut && !proc.cancelled) {
      throw new AttemptFailure("output", `JobOutput: a process that could not be killed still held the script's output open after it exited, so the output may be incomplete and nothing was stored${killed}`);
    }
    if (proc.stdoutOverflow) throw new AttemptFailure("output", `JobOutput: the script printed more than maxOutputBytes (${job.maxOutputBytes} bytes) on stdout; it was stopped and nothing was stored`);
    if (proc.cancelled) throw new AttemptFailure("cancelled", `cancelled (the scheduler stopped); the script ended with ${proc.signal ?? `exit code ${proc.exitCode}`}`);
    if (proc.timedOut) throw new AttemptFailure("timeout", `timed out after ${job.timeoutMs} ms; its processes were killed${killed}`);
    if (proc.signal) throw new AttemptFailure("signal", `killed by ${proc.signal}`);
    if (proc.exitCode !== 0) throw new AttemptFailure("exit", `exited with code ${proc.exitCode}`);

    let frame: Frame;
    let scriptMetadata: Record<string, unknown>;
    const fileBytes = fs.existsSync(outputPath) ? fs.statSync(outputPath).size : 0;
    if (fileBytes > job.maxOutputBytes) {
      throw new AttemptFailure("output", `JobOutput: the QUANTLAB_OUTPUT file holds ${fileBytes} bytes, more than maxOutputBytes (${job.maxOutputBytes}); nothing was stored`);
    }
    try {
      const output = await readOutput(proc.stdout, outputPath, job.format);
      frame = toFrame(output.data, { symbol: job.symbol });
      scriptMetadata = readScriptMetadata(metadataPath);
    } catch (error) {
      throw new AttemptFailure("output", `JobOutput: ${(error as Error).message}`);
    }

    const hasLibrary = await ctx.arctic.hasLibrary(job.library);
    const library = hasLibrary ? await ctx.arctic.getLibrary(job.library) : null;
    if (library && (job.mode !== "write" || !job.allowSchemaChange)) {
      const stored = await library.getDescription(job.symbol).catch((error) => {
        if (error instanceof SymbolNotFoundError) return null; // a new symbol: any schema
        throw error;
      });
      try {
        if (stored) checkSchema(frame, stored, { job: job.name, symbol: job.symbol, dynamicSchema: library.options.dynamicSchema });
      } catch (error) {
        throw new AttemptFailure("schema", (error as Error).message);
      }
    }
    const table = frameTable(frame);
    result.quality = tableQuality(table, job);
    const problems = ctx.validators.flatMap((validate) => validate(table, { job: job.name, symbol: job.symbol }));
    if (problems.length > 0) throw new AttemptFailure("validation", `JobOutput: the table failed validation: ${problems.join("; ")}`);
    const target = library ?? (await ctx.arctic.getLibrary(job.library, { createIfMissing: true }));
    const metadata = { ...scriptMetadata, job: job.name, runId: ctx.runId, scheduledAt: ctx.scheduledAt.toISOString() };
    try {
      const item =
        job.mode === "write"
          ? await target.write(job.symbol, table, { metadata })
          : job.mode === "append"
            ? await target.append(job.symbol, table, { metadata })
            : await target.update(job.symbol, table, { upsert: true, metadata });
      result.rows = frame.rowCount;
      result.version = frame.rowCount === 0 && job.mode === "append" ? null : item.version;
    } catch (error) {
      const cause = error instanceof UnsortedDataError ? "unsorted" : error instanceof SchemaError ? "schema" : error instanceof InvalidDataError ? "validation" : "store";
      throw new AttemptFailure(cause, `${(error as Error).message}`);
    }
    result.ok = true;
  } catch (error) {
    if (error instanceof AttemptFailure) {
      result.cause = error.runCause;
      result.error = error.message;
    } else if (error instanceof StoreError || error instanceof JobError) {
      result.cause = "store";
      result.error = error.message;
    } else throw error;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
