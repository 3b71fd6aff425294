import { RunRecord } from "../jobs";
import { integerOption, stringOption } from "./args";
import { Command } from "./command";
import { csvLine, prettyJson, printable, textTable } from "./format";
import { println } from "./io";
import { reportJobErrors, withJobs } from "./jobsContext";
import { UsageError } from "./UsageError";

/** `quantlab jobs list` */
export const listCommand: Command = {
  name: "list",
  args: "",
  summary: "list the registered jobs: name, enabled, cron, timezone, target, mode, script, version (an unreadable one is named on stderr)",
  options: [],
  positionals: [0, 0],
  run: (context) =>
    reportJobErrors(context, async () => {
      const list = await withJobs(context.values, (jobs) =>
        jobs.list({ onMalformed: (error) => println(context.io.stderr, `warning: ${printable(error.message)}`) }),
      );
      if (context.values.json) return println(context.io.stdout, prettyJson(list));
      const rows = list.map((j) => [j.name, String(j.enabled), j.cron ?? "(on demand)", j.timezone, `${j.library}/${j.symbol}`, j.mode, j.script, String(j.version)]);
      println(context.io.stdout, textTable(["name", "enabled", "cron", "timezone", "target", "mode", "script", "version"], rows, [false, false, false, false, false, false, false, true]));
    }),
};

const HISTORY_COLUMNS: (keyof RunRecord)[] = ["startedAt", "job", "trigger", "status", "cause", "attempts", "rows", "version", "durationMs", "error"];

function cell(record: RunRecord, key: keyof RunRecord): string {
  const value = record[key];
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (key === "durationMs") return String(Math.round(value as number));
  return printable(String(value));
}

/** `quantlab jobs history [NAME]` */
export const historyCommand: Command = {
  name: "history",
  args: "[NAME]",
  summary: "list runs, oldest first: start, job, trigger, status, cause, attempts, rows, version, duration, error",
  options: [
    { name: "limit", type: "string", value: "N", help: "only the last N runs [default: 20]" },
    { name: "format", type: "string", value: "F", help: "table | csv | json [default: table]; json has every field, tails included" },
  ],
  positionals: [0, 1],
  run: (context) =>
    reportJobErrors(context, async () => {
      const { values, positionals, io, usage } = context;
      const limit = integerOption(values, "limit", usage) ?? 20;
      const format = values.json ? "json" : stringOption(values, "format") ?? "table";
      if (!["table", "csv", "json"].includes(format)) throw new UsageError(`--format must be table, csv or json, got '${format}'`, { usage });
      const runs = await withJobs(values, async (jobs) => {
        if (positionals[0] !== undefined) await jobs.get(positionals[0]).catch(async (error) => {
          if ((await jobs.runs(positionals[0])).length === 0) throw error; // a removed job's runs still show
        });
        return jobs.runs(positionals[0], { limit });
      });
      if (format === "json") return println(io.stdout, prettyJson(runs));
      const rows = runs.map((r) => HISTORY_COLUMNS.map((k) => cell(r, k)));
      if (format === "csv") {
        println(io.stdout, csvLine(HISTORY_COLUMNS));
        for (const row of rows) println(io.stdout, csvLine(row));
        return;
      }
      const right = HISTORY_COLUMNS.map((k) => ["attempts", "rows", "version", "durationMs"].includes(k));
      println(io.stdout, textTable(HISTORY_COLUMNS, rows.map((r) => r.map((c, i) => (i === rows[0].length - 1 && c.length > 80 ? c.slice(0, 77) + "..." : c))), right));
    }),
};
