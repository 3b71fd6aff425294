import { RunRecord, exportSchedule } from "../jobs";
import { stringOption } from "./args";
import { Command } from "./command";
import { prettyJson, printable } from "./format";
import { Writer, println } from "./io";
import { reportJobErrors, withJobs } from "./jobsContext";
import { storeUri } from "./openStore";
import { UsageError } from "./UsageError";

/** One line about a finished run, and the stderr tail of a failed one; what the script printed is shown escaped ({@link printable}). */
export function describeRun(out: Writer, record: RunRecord): void {
  const ms = `${Math.round(record.durationMs)} ms`;
  if (record.status === "success") {
    const stored = record.version === null ? "nothing new to store" : `${record.rows} rows stored as ${record.library}/${record.symbol} version ${record.version}`;
    println(out, `${record.job}: success, ${stored} (${record.mode}, ${record.attempts} attempt${record.attempts === 1 ? "" : "s"}, ${ms})`);
    return;
  }
  println(out, `${record.job}: ${record.status}${record.cause ? ` (${record.cause})` : ""}: ${printable(record.error ?? "")}`);
  const tail = record.stderrTail.trimEnd();
  if (record.status === "failed" && tail) for (const line of tail.split("\n").slice(-10)) println(out, `  | ${printable(line)}`);
}

/** `quantlab jobs run NAME` */
export const runCommand: Command = {
  name: "run",
  args: "NAME",
  summary: "run a job now (also a disabled one), store its table and record the run; exit 1 when it fails",
  description:
    "Runs the job's script now, validates and stores its table with the job's mode, and appends the run\n" +
    "to the history. Exit code 0 when it succeeded or was skipped (the job is already running elsewhere),\n" +
    "1 when it failed. This is the command an external scheduler (crontab, Kubernetes) calls.",
  options: [],
  positionals: [1, 1],
  run: (context) =>
    reportJobErrors(context, async () => {
      const record = await withJobs(context.values, (jobs) => jobs.run(context.positionals[0]));
      if (context.values.json) println(context.io.stdout, prettyJson(record));
      else describeRun(record.status === "failed" ? context.io.stderr : context.io.stdout, record);
      return record.status === "failed" ? 1 : 0;
    }),
};

/** `quantlab jobs export --format crontab|k8s` */
export const exportCommand: Command = {
  name: "export",
  args: "",
  summary: "print the schedule as crontab lines or Kubernetes CronJobs that call 'quantlab jobs run NAME'",
  options: [
    { name: "format", type: "string", value: "F", help: "crontab | k8s [default: crontab]" },
    { name: "image", type: "string", value: "IMAGE", help: "container image of the CronJobs [default: quantlab:latest]" },
    { name: "command", type: "string", value: "CMD", help: 'the command that runs a job [default: "quantlab jobs run"]' },
  ],
  positionals: [0, 0],
  run: (context) =>
    reportJobErrors(context, async () => {
      const format = stringOption(context.values, "format") ?? "crontab";
      if (format !== "crontab" && format !== "k8s") throw new UsageError(`--format must be crontab or k8s, got '${format}'`, { usage: context.usage });
      const given = stringOption(context.values, "store");
      const store = given === undefined ? undefined : storeUri(given);
      const text = await withJobs(context.values, async (jobs) =>
        exportSchedule(await jobs.list(), { format, image: stringOption(context.values, "image"), command: stringOption(context.values, "command"), store }),
      );
      context.io.stdout.write(text);
    }),
};
