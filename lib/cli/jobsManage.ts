import * as fs from "fs";
import { JobSpec } from "../jobs";
import { integerOption, stringOption } from "./args";
import { Command, CommandContext, OptionSpec, OptionValues } from "./command";
import { prettyJson } from "./format";
import { println } from "./io";
import { jobLines, reportJobErrors, withJobs } from "./jobsContext";
import { UsageError } from "./UsageError";

/** The options that set spec fields, shared by `add` and `update`. */
const SPEC_OPTIONS: OptionSpec[] = [
  { name: "spec", type: "string", value: "JSON|@FILE", help: "the whole spec (or the changes) as JSON, or @file.json; flags below override its fields" },
  { name: "script", type: "string", value: "PATH", help: "the script, a path inside jobs/ (e.g. jobs/examples/sample_bars.ts)" },
  { name: "cron", type: "string", value: "EXPR", help: 'cron expression, 5 fields or 6 with seconds first, e.g. "0 9 * * 1-5"; "" for none (run on demand)' },
  { name: "timezone", type: "string", value: "TZ", help: "IANA timezone of the cron expression [default: UTC]" },
  { name: "library", type: "string", value: "L", help: "library the table is stored in" },
  { name: "symbol", type: "string", value: "S", help: "symbol the table is stored as" },
  { name: "mode", type: "string", value: "M", help: "write | append | update [default: write]" },
  { name: "interpreter", type: "string", value: "CMD", help: "tsx | node | python3 | bash | sh [default: by extension: tsx, node, python3, bash]" },
  { name: "args", type: "string", value: "JSON", help: 'arguments of the script as a JSON array, e.g. \'["--days","5"]\'' },
  { name: "env", type: "string", value: "JSON", help: 'extra environment as a JSON object (stored with the job), e.g. \'{"REGION":"eu"}\'' },
  { name: "inherit-env", type: "string", value: "NAMES", help: "comma-separated variables the script gets from the daemon's environment, never stored (API keys)" },
  { name: "timeout-ms", type: "string", value: "N", help: "kill a run after N ms [default: 600000]" },
  { name: "retries", type: "string", value: "N", help: "further attempts after a failure [default: 0]" },
  { name: "retry-delay-ms", type: "string", value: "N", help: "base of the exponential backoff [default: 1000]" },
  { name: "retry-max-delay-ms", type: "string", value: "N", help: "longest wait between attempts [default: 60000]" },
  { name: "kill-grace-ms", type: "string", value: "N", help: "time between SIGTERM and SIGKILL when a run is killed [default: 5000]" },
  { name: "max-output-bytes", type: "string", value: "N", help: "largest table a run may hand over; more fails the run [default: 268435456]" },
  { name: "format", type: "string", value: "F", help: "auto | csv | jsonl | json | parquet [default: auto]" },
  { name: "description", type: "string", value: "TEXT", help: "what the job is for" },
  { name: "disabled", type: "boolean", help: "register it disabled (not scheduled until enabled)" },
];

function parseJsonOption(values: OptionValues, name: string, usage: string): unknown {
  let text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (name === "spec" && text.startsWith("@")) text = fs.readFileSync(text.slice(1), "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${name} must be JSON: ${(error as Error).message}`, { usage });
  }
}

/** The spec fields given on the command line. */
function specFromOptions(values: OptionValues, usage: string): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...((parseJsonOption(values, "spec", usage) as object | undefined) ?? {}) };
  for (const field of ["script", "timezone", "library", "symbol", "mode", "interpreter", "format", "description"]) {
    const value = stringOption(values, field);
    if (value !== undefined) spec[field] = value;
  }
  const cron = stringOption(values, "cron");
  if (cron !== undefined) spec.cron = cron === "" ? null : cron;
  for (const [option, field] of [["args", "args"], ["env", "env"]]) {
    const value = parseJsonOption(values, option, usage);
    if (value !== undefined) spec[field] = value;
  }
  for (const [option, field] of [
    ["timeout-ms", "timeoutMs"],
    ["retries", "retries"],
    ["retry-delay-ms", "retryDelayMs"],
    ["retry-max-delay-ms", "retryMaxDelayMs"],
    ["kill-grace-ms", "killGraceMs"],
    ["max-output-bytes", "maxOutputBytes"],
  ]) {
    const value = integerOption(values, option, usage);
    if (value !== undefined) spec[field] = value;
  }
  const inherit = stringOption(values, "inherit-env");
  if (inherit !== undefined) spec.inheritEnv = inherit.split(",").map((n) => n.trim()).filter((n) => n !== "");
  if (values.disabled) spec.enabled = false;
  return spec;
}

function printJob(context: CommandContext, job: object & { name: string; version: number }, verb: string): void {
  if (context.values.json) println(context.io.stdout, prettyJson(job));
  else println(context.io.stdout, `${verb} job '${job.name}' (configuration version ${job.version})`);
}

/** `quantlab jobs add NAME ...` */
export const addCommand: Command = {
  name: "add",
  args: "NAME",
  summary: "register a job (its configuration becomes version 0 of job:NAME in the jobs library)",
  options: SPEC_OPTIONS,
  positionals: [1, 1],
  run: (context) =>
    reportJobErrors(context, async () => {
      const spec = { ...specFromOptions(context.values, context.usage), name: context.positionals[0] } as JobSpec;
      const job = await withJobs(context.values, (jobs) => jobs.add(spec), { create: true });
      printJob(context, job, "added");
    }),
};

/** `quantlab jobs update NAME ...` */
export const updateCommand: Command = {
  name: "update",
  args: "NAME",
  summary: "change fields of a job (a new configuration version; fields not given keep their values)",
  options: SPEC_OPTIONS.filter((o) => o.name !== "disabled"),
  positionals: [1, 1],
  run: (context) =>
    reportJobErrors(context, async () => {
      const changes = specFromOptions(context.values, context.usage);
      if (Object.keys(changes).length === 0) throw new UsageError("'jobs update' needs at least one field to change", { usage: context.usage });
      const job = await withJobs(context.values, (jobs) => jobs.update(context.positionals[0], changes));
      printJob(context, job, "updated");
    }),
};

/** `quantlab jobs enable|disable|remove NAME` */
function simpleCommand(name: "enable" | "disable" | "remove", summary: string): Command {
  return {
    name,
    args: "NAME",
    summary,
    options: [],
    positionals: [1, 1],
    run: (context) =>
      reportJobErrors(context, async () => {
        const job = context.positionals[0];
        const result = await withJobs(context.values, async (jobs) => {
          if (name === "remove") return jobs.remove(job);
          return name === "enable" ? jobs.enable(job) : jobs.disable(job);
        });
        if (result) printJob(context, result, `${name}d`);
        else println(context.io.stdout, `removed job '${job}' (its configuration versions and runs stay readable)`);
      }),
  };
}

export const enableCommand = simpleCommand("enable", "let the scheduler run a job again (a new configuration version)");
export const disableCommand = simpleCommand("disable", "stop scheduling a job; `jobs run` still runs it (a new configuration version)");
export const removeCommand = simpleCommand("remove", "remove a job; its configuration versions and run history stay readable");

/** `quantlab jobs show NAME [--as-of V]` */
export const showCommand: Command = {
  name: "show",
  args: "NAME",
  summary: "print a job's configuration, or a past one with --as-of, or every version with --changes",
  options: [
    { name: "as-of", type: "string", value: "V|TIME", help: "a configuration version number or an ISO time" },
    { name: "changes", type: "boolean", help: "list every configuration version: version, time, change" },
  ],
  positionals: [1, 1],
  run: (context) =>
    reportJobErrors(context, async () => {
      const { values, positionals, io } = context;
      const name = positionals[0];
      if (values.changes) {
        const changes = await withJobs(values, (jobs) => jobs.changes(name));
        if (values.json) return println(io.stdout, prettyJson(changes));
        for (const c of changes) println(io.stdout, `${String(c.version).padStart(3)}  ${c.updatedAt.toISOString()}  ${c.action}`);
        return;
      }
      const text = stringOption(values, "as-of");
      const asOf = text === undefined ? undefined : /^-?\d+$/.test(text) ? Number(text) : new Date(text);
      if (asOf instanceof Date && Number.isNaN(asOf.getTime())) throw new UsageError(`--as-of must be a version number or an ISO time, got '${text}'`, { usage: context.usage });
      const job = await withJobs(values, (jobs) => jobs.get(name, { asOf }));
      if (values.json) println(io.stdout, prettyJson(job));
      else for (const line of jobLines(job)) println(io.stdout, line);
    }),
};
