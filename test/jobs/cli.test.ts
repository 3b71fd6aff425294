/**
 * `quantlab jobs ...` in-process (main with captured output) against a store in a temp folder and a
 * temp project root, and `quantlab jobs start` as a real process stopped with SIGTERM.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../lib/cli";
import { Captured } from "../cli/runCli";
import { runJobsDaemon } from "../../lib/cli/jobsStart";
import { JobRegistry } from "../../lib/jobs";
import { Arctic } from "../../lib/store";
import { PROJECT, barsCsv, waitFor } from "./fixtures";

let root: string;
let storeDir: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-jobs-cli-root-"));
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-jobs-cli-store-"));
  fs.mkdirSync(path.join(root, "jobs"));
  fs.writeFileSync(path.join(root, "jobs", "bars.sh"), barsCsv([1, 2, 3]));
  fs.writeFileSync(path.join(root, "jobs", "fail.sh"), "echo 'no data today' >&2\nexit 2\n");
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(storeDir, { recursive: true, force: true });
});

async function jobs(...args: string[]) {
  const stdout = new Captured();
  const stderr = new Captured();
  const code = await main(["jobs", ...args, "--store", "duckdb://" + storeDir, "--root", root], { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("quantlab jobs", () => {
  it("adds, lists, shows, runs and records a job", async () => {
    expect(await jobs("add", "bars", "--script", "jobs/bars.sh", "--cron", "0 9 * * 1-5", "--timezone", "America/New_York", "--library", "data", "--symbol", "BARS", "--retries", "1", "--inherit-env", "API_KEY, OTHER")).toMatchObject({
      code: 0,
      stdout: "added job 'bars' (configuration version 0)\n",
    });
    const list = await jobs("list");
    expect(list.stdout.split("\n")[0]).toMatch(/^name\s+enabled\s+cron\s+timezone\s+target\s+mode\s+script\s+version$/);
    expect(list.stdout).toMatch(/bars\s+true\s+0 9 \* \* 1-5\s+America\/New_York\s+data\/BARS\s+write\s+jobs\/bars.sh\s+0/);
    expect(JSON.parse((await jobs("show", "bars", "--json")).stdout)).toMatchObject({ name: "bars", retries: 1, inheritEnv: ["API_KEY", "OTHER"], version: 0 });

    const run = await jobs("run", "bars");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^bars: success, 3 rows stored as data\/BARS version 0 \(write, 1 attempt, \d+ ms\)\n$/);
    const arctic = await Arctic.open("duckdb://" + storeDir);
    try {
      expect((await (await arctic.getLibrary("data")).read("BARS")).data.numRows()).toBe(3);
    } finally {
      await arctic.close();
    }
    const history = await jobs("history", "bars", "--format", "csv");
    expect(history.stdout.split("\n")[0]).toBe("startedAt,job,trigger,status,cause,attempts,rows,version,durationMs,error");
    expect(history.stdout.split("\n")[1]).toMatch(/^\S+Z,bars,manual,success,,1,3,0,\d+,$/);
  });

  it("reports a failing run on stderr with its stderr tail and exits 1", async () => {
    await jobs("add", "fail", "--script", "jobs/fail.sh", "--library", "data", "--symbol", "F");
    const run = await jobs("run", "fail");
    expect(run).toMatchObject({ code: 1, stdout: "", stderr: "fail: failed (exit): exited with code 2\n  | no data today\n" });
    expect(JSON.parse((await jobs("history", "fail", "--json")).stdout)[0]).toMatchObject({ status: "failed", exitCode: 2, stderrTail: "no data today\n" });
  });

  it("shows a failing script's stderr with its control characters escaped", async () => {
    fs.writeFileSync(path.join(root, "jobs", "ansi.sh"), "printf 'bad\\033[2J\\033]0;pwned\\007 day\\n' >&2\nexit 3\n");
    await jobs("add", "ansi", "--script", "jobs/ansi.sh", "--library", "data", "--symbol", "A");
    const run = await jobs("run", "ansi");
    expect(run).toMatchObject({ code: 1, stderr: "ansi: failed (exit): exited with code 3\n  | bad\\u001b[2J\\u001b]0;pwned\\u0007 day\n" });
  });

  it("refuses a job whose table would land in the registry's library, naming the field", async () => {
    const add = await jobs("add", "evil", "--script", "jobs/bars.sh", "--library", "jobs", "--symbol", "runs");
    expect(add.code).not.toBe(0);
    expect(add.stderr).toContain("JobSpec: 'library' 'jobs' is reserved");
  });

  it("lists the readable jobs when one configuration was overwritten, naming the broken one on stderr", async () => {
    const arctic = await Arctic.open("duckdb://" + storeDir);
    try {
      await (await arctic.getLibrary("jobs")).write("job:broken", { name: ["broken"] });
    } finally {
      await arctic.close();
    }
    const list = await jobs("list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^bars\s/m);
    expect(list.stderr).toBe("warning: JobRegistry: 'job:broken' version 0 in library 'jobs' is not a job configuration: it has no column 'script'\n");
    expect((await jobs("remove", "broken")).code, "removing it reports what is wrong with it").toBe(1);
    const arctic2 = await Arctic.open("duckdb://" + storeDir);
    try {
      await (await arctic2.getLibrary("jobs")).delete("job:broken");
    } finally {
      await arctic2.close();
    }
  });

  it("enables, disables, updates and removes, each a configuration version shown by --changes and --as-of", async () => {
    expect((await jobs("disable", "bars")).stdout).toBe("disabled job 'bars' (configuration version 1)\n");
    expect((await jobs("update", "bars", "--cron", "30 9 * * 1-5")).stdout).toBe("updated job 'bars' (configuration version 2)\n");
    expect((await jobs("enable", "bars")).code).toBe(0);
    const changes = (await jobs("show", "bars", "--changes")).stdout.trim().split("\n").map((l) => l.trim().split(/\s+/));
    expect(changes.map((c) => [c[0], c[2]])).toEqual([["0", "add"], ["1", "disable"], ["2", "update"], ["3", "enable"]]);
    expect((await jobs("show", "bars", "--as-of", "0")).stdout).toMatch(/^cron\s+0 9 \* \* 1-5$/m);
    expect((await jobs("show", "bars")).stdout).toMatch(/^cron\s+30 9 \* \* 1-5$/m);
    expect((await jobs("remove", "fail")).code).toBe(0);
    expect((await jobs("list", "--json")).stdout).not.toContain('"fail"');
    expect((await jobs("history", "fail")).code, "a removed job's runs still show").toBe(0);
  });

  it("exports crontab lines and Kubernetes CronJobs", async () => {
    const crontab = await jobs("export");
    expect(crontab.stdout, "the --store given is passed on to the runs").toContain(`CRON_TZ=America/New_York\n30 9 * * 1-5 QUANTLAB_STORE=duckdb://${storeDir} quantlab jobs run bars\n`);
    const k8s = (await jobs("export", "--format", "k8s", "--image", "registry/quantlab:1")).stdout;
    for (const line of ["kind: CronJob", "  name: quantlab-bars", '  schedule: "30 9 * * 1-5"', '  timeZone: "America/New_York"', "  concurrencyPolicy: Forbid", "  suspend: false", '              image: "registry/quantlab:1"', '              command: ["quantlab", "jobs", "run", "bars"]', `                - { name: QUANTLAB_STORE, value: "duckdb://${storeDir}" }`]) {
      expect(k8s.split("\n")).toContain(line);
    }
  });

  it("turns bad input into one-line errors (exit 1) or usage errors (exit 2)", async () => {
    expect(await jobs("add", "x", "--script", "jobs/bars.sh", "--library", "d", "--symbol", "S", "--timezone", "EST5")).toMatchObject({
      code: 1,
      stderr: "error: JobSpec: 'timezone' must be an IANA name such as \"America/New_York\" or \"UTC\", got 'EST5'\n",
    });
    expect((await jobs("add", "y", "--script", "../etc/passwd", "--library", "d", "--symbol", "S")).stderr).toMatch(/^error: JobSpec: 'script' must be a path inside/);
    expect(await jobs("run", "nope")).toMatchObject({ code: 1, stderr: "error: JobRegistry: there is no job 'nope'; 'quantlab jobs list' shows the registered ones\n" });
    expect((await jobs("add", "z", "--args", "[oops")).code).toBe(2);
    expect((await jobs("update", "bars")).stderr).toContain("needs at least one field to change");
  });
});

describe("quantlab jobs start", () => {
  it("runs the daemon until SIGTERM, then stops cleanly with exit code 0", async () => {
    fs.writeFileSync(path.join(root, "jobs", "tick.sh"), `echo timestamp,x\necho "$QUANTLAB_SCHEDULED_AT,1"\n`);
    await jobs("add", "tick", "--script", "jobs/tick.sh", "--cron", "* * * * * *", "--library", "data", "--symbol", "TICK", "--mode", "append");
    await jobs("disable", "bars");
    const daemon = spawn(path.join(PROJECT, "bin", "quantlab"), ["jobs", "start", "--store", "duckdb://" + storeDir, "--root", root], { cwd: os.tmpdir() });
    let out = "";
    daemon.stdout.on("data", (d) => (out += d));
    daemon.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => daemon.once("exit", (code) => resolve(code)));
    try {
      expect(await waitFor(() => /tick: success/.test(out), 8000), out).toBe(true);
    } finally {
      daemon.kill("SIGTERM");
    }
    expect(await exited, out).toBe(0);
    expect(out).toMatch(/scheduled tick: '\* \* \* \* \* \*' UTC/);
    expect(out).toMatch(/stopping: waiting for \d+ running job\(s\)\n.*stopped\n$/);
  });
});

describe("runJobsDaemon", () => {
  it("stops gracefully on the first signal and kills a running job at once on the second", async () => {
    fs.writeFileSync(path.join(root, "jobs", "hang.sh"), "sleep 30\n");
    const arctic = await Arctic.open("duckdb://" + storeDir);
    try {
      const registry = await JobRegistry.open(arctic, { root });
      for (const job of await registry.list()) await registry.disable(job.name);
      await registry.add({ name: "hang", script: "jobs/hang.sh", cron: "* * * * * *", library: "data", symbol: "H", killGraceMs: 100 });
      const out = new Captured();
      const stop = new AbortController();
      const hurry = new AbortController();
      const daemon = runJobsDaemon(registry, { out, signal: stop.signal, hurry: hurry.signal, graceMs: 60_000 });
      expect(await waitFor(() => /started hang/.test(out.text), 4000), out.text).toBe(true);
      stop.abort();
      expect(await waitFor(() => /stopping: waiting for 1 running job/.test(out.text)), out.text).toBe(true);
      hurry.abort(); // without it the daemon would wait out its 60 s grace period
      await daemon;
      expect(out.text).toMatch(/hang: failed \(cancelled\)/);
      expect(out.text.trimEnd()).toMatch(/stopped$/);
      expect((await registry.runs("hang")).filter((r) => r.attempts > 0).map((r) => r.cause)).toEqual(["cancelled"]);
    } finally {
      await arctic.close();
    }
  });
});
