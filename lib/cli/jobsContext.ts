import * as fs from "fs";
import { Job, JobError, JobRegistry } from "../jobs";
import { Arctic } from "../store";
import { stringOption } from "./args";
import { CommandContext, OptionValues } from "./command";
import { println } from "./io";
import { noStore, storeLocation } from "./openStore";

/**
 * Opens the store and the job registry for a `quantlab jobs` command, runs `work`, and closes the store's
 * files whatever happens. Only `create` commands (add) may create a store folder that does not exist yet,
 * so a mistyped --store never leaves an empty store behind.
 */
export async function withJobs<T>(values: OptionValues, work: (jobs: JobRegistry, arctic: Arctic) => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const location = storeLocation(stringOption(values, "store"));
  if (location.path !== null && !options.create && !fs.existsSync(location.path)) throw noStore(location);
  const arctic = await Arctic.open(location.uri);
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
