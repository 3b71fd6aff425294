import { Job } from "./JobSpec";

/** Options of {@link exportSchedule}. */
export interface ScheduleExportOptions {
  /** "crontab": crontab(5) lines; "k8s": Kubernetes batch/v1 CronJob manifests. */
  format: "crontab" | "k8s";
  /** The command that runs a job, followed by its name. @default "quantlab jobs run" */
  command?: string;
  /** Container image of the CronJobs (k8s). @default "quantlab:latest" */
  image?: string;
  /** QUANTLAB_STORE for the runs, when the target's store is not the default one. @default none */
  store?: string;
}

/** A Kubernetes object name: lower-case letters, digits and '-', at most 52 characters for a CronJob. */
function k8sName(name: string): string {
  return ("quantlab-" + name.toLowerCase().replace(/[^a-z0-9-]+/g, "-")).slice(0, 52).replace(/-+$/, "");
}

const q = (text: string) => JSON.stringify(text); // a JSON string is a valid YAML double-quoted scalar

/**
 * The registry's schedule for another scheduler, so a team can hand it to cron or Kubernetes: each
 * enabled job with a cron expression becomes a line or a CronJob that calls `quantlab jobs run NAME`
 * (which runs, stores and records exactly as the daemon does). Jobs with a seconds field cannot be
 * expressed in either (both read 5 fields) and are listed as comments.
 * - crontab: one `CRON_TZ=<zone>` line before each job (cronie and systemd-cron read it; classic Vixie
 *   cron ignores it and uses the machine's zone).
 * - k8s: `spec.timeZone` (stable since Kubernetes 1.27), `concurrencyPolicy: Forbid` (no overlapping
 *   runs, as the daemon), `suspend` for disabled jobs, documents separated by `---`.
 * @example exportSchedule(await jobs.list(), { format: "crontab" })
 */
export function exportSchedule(jobs: Job[], options: ScheduleExportOptions): string {
  const command = options.command ?? "quantlab jobs run";
  const out: string[] = [`# quantlab job schedule, exported ${new Date().toISOString()}`];
  const storeEnv = options.store ? `QUANTLAB_STORE=${options.store} ` : "";
  for (const job of jobs) {
    if (job.cron === null) {
      out.push(`# ${job.name}: no cron expression (runs on demand only)`);
      continue;
    }
    if (job.cron.split(" ").length === 6) {
      out.push(`# ${job.name}: '${job.cron}' has a seconds field, which ${options.format === "k8s" ? "a CronJob" : "cron"} cannot express`);
      continue;
    }
    if (options.format === "crontab") {
      out.push(`# ${job.name}${job.description ? ": " + job.description : ""}`, `CRON_TZ=${job.timezone}`);
      out.push(`${job.enabled ? "" : "# (disabled) "}${job.cron} ${storeEnv}${command} ${job.name}`);
      continue;
    }
    out.push(
      "---",
      "apiVersion: batch/v1",
      "kind: CronJob",
      "metadata:",
      `  name: ${k8sName(job.name)}`,
      `  labels: { app: quantlab, quantlab-job: ${q(job.name)} }`,
      "spec:",
      `  schedule: ${q(job.cron)}`,
      `  timeZone: ${q(job.timezone)}`,
      "  concurrencyPolicy: Forbid",
      `  suspend: ${!job.enabled}`,
      "  jobTemplate:",
      "    spec:",
      "      backoffLimit: 0",
      `      activeDeadlineSeconds: ${Math.ceil(((job.timeoutMs + job.killGraceMs) * (job.retries + 1) + job.retryMaxDelayMs * job.retries) / 1000) + 60}`,
      "      template:",
      "        spec:",
      "          restartPolicy: Never",
      "          containers:",
      "            - name: job",
      `              image: ${q(options.image ?? "quantlab:latest")}`,
      `              command: [${[...command.split(" "), job.name].map(q).join(", ")}]`,
      ...(options.store ? ["              env:", `                - { name: QUANTLAB_STORE, value: ${q(options.store)} }`] : []),
    );
  }
  return out.join("\n") + "\n";
}
