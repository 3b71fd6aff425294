import { describe, expect, it } from "vitest";
import { exportSchedule } from "./exportSchedule";
import { JOB_DEFAULTS, Job } from "./JobSpec";

const job = (fields: Partial<Job>): Job => ({
  ...JOB_DEFAULTS,
  args: [],
  env: {},
  name: "bars",
  script: "jobs/bars.sh",
  library: "data",
  symbol: "BARS",
  version: 0,
  updatedAt: new Date(0),
  ...fields,
});

describe("exportSchedule", () => {
  const jobs = [
    job({ name: "daily_bars", cron: "0 9 * * 1-5", timezone: "America/New_York", description: "bars" }),
    job({ name: "off", cron: "@daily", enabled: false }),
    job({ name: "fast", cron: "*/5 * * * * *" }),
    job({ name: "manual", cron: null }),
  ];

  it("writes crontab lines with CRON_TZ, comments out disabled jobs, and lists what cron cannot express", () => {
    const lines = exportSchedule(jobs, { format: "crontab" }).split("\n");
    expect(lines.slice(1)).toEqual([
      "# daily_bars: bars",
      "CRON_TZ=America/New_York",
      "0 9 * * 1-5 quantlab jobs run daily_bars",
      "# off",
      "CRON_TZ=UTC",
      "# (disabled) @daily quantlab jobs run off",
      "# fast: '*/5 * * * * *' has a seconds field, which cron cannot express",
      "# manual: no cron expression (runs on demand only)",
      "",
    ]);
  });

  it("writes one CronJob per schedulable job, suspended when disabled, with a DNS-1123 name", () => {
    const text = exportSchedule(jobs, { format: "k8s", store: "duckdb:///data/db" });
    const docs = text.split("---\n").slice(1);
    expect(docs).toHaveLength(2);
    expect(docs[0]).toContain("  name: quantlab-daily-bars\n");
    expect(docs[0]).toContain('  schedule: "0 9 * * 1-5"\n  timeZone: "America/New_York"\n  concurrencyPolicy: Forbid\n  suspend: false\n');
    expect(docs[0]).toContain('                - { name: QUANTLAB_STORE, value: "duckdb:///data/db" }');
    expect(docs[1]).toContain("  suspend: true\n");
    expect(text).toContain("# fast: '*/5 * * * * *' has a seconds field, which a CronJob cannot express");
  });
});
