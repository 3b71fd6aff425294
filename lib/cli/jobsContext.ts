import * as fs from "fs";
import * as path from "path";
import { Job, JobError, JobRegistry } from "../jobs";
import { Arctic, StoreError } from "../store";
import { stringOption } from "./args";
import { CommandContext, OptionValues } from "./command";
import { println } from "./io";
import { storeUri } from "./openStore";

/**
 * Opens the store and the job registry for a `quantlab jobs` command, runs `work`, and closes the store's
 * files whatever happens. Only `create` commands (add) may create a store folder that does not exist yet,
 * so a mistyped --store never leaves an empty store behind.
 */
export async function withJobs<T>(values: OptionValues, work: (jobs: JobRegistry, arctic: Arctic) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const uri = storeUri(stringOption(values, "store"));
  const folder = /^duckdb:(?:\/\/)?(.+)$/.exec(uri)?.[1];
  if (folder !== undefined && !options.create && !fs.existsSync(folder)) {
    throw new StoreError(`there is no store at '${path.resolve(folder)}' (no such folder); check --store or QUANTLAB_STORE`);
  }
  const arctic = await Arctic.open(uri);
  try {
    const root = stringOption(values, "root");
    return await work(await JobRegistry.open(arctic, root === undefined ? {} : { root }), arctic);
  } finally {
    await arctic.close();
  }
}

/**
 * Runs a jobs command, turning a JobError (bad spec, unknown job) into the CLI's usual one-line
 * `error: ...` on stderr and exit code 1, as main does for store errors.
 */
export async function reportJobErrors(context: CommandContext, run: () => Promise<number | void>): Promise<number | void> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof JobError)) throw error;
    println(context.io.stderr, `error: ${error.message}`);
    return 1;
  }
}

/** A job as `key: value` lines, in spec order. */
export function jobLines(job: Job): string[] {
  const show = (v: unknown) => (typeof v === "string" ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v));
  const width = Math.max(...Object.keys(job).map((k) => k.length));
  return Object.entries(job).map(([k, v]) => `${k.padEnd(width)}  ${show(v)}`);
}
