/**
 * Scripts that fail in each way the issue lists. Each run is recorded with its cause, and the target
 * symbol (already holding version 0) is left exactly as it was: no version, no data change.
 */
import * as fs from "fs";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobSpec } from "../../lib/jobs";
import { Library } from "../../lib/store";
import { JobsFixture, alive, barsCsv, libraryState, openFixture, waitFor } from "./fixtures";

let fx: JobsFixture;
let lib: Library;
let before: unknown;
beforeEach(async () => {
  fx = await openFixture();
  const seed = fx.script("seed.sh", barsCsv([1, 2, 3, 4, 5]));
  await fx.jobs.add({ name: "seed", script: seed, library: "data", symbol: "BARS" });
  expect((await fx.jobs.run("seed")).status).toBe("success");
  lib = await fx.arctic.getLibrary("data");
  before = await libraryState(lib);
});
afterEach(async () => {
  await fx.close();
});

/** Registers a job for `text` that targets BARS, runs it, and checks that BARS did not change. */
async function failingRun(name: string, text: string, spec: Partial<JobSpec> = {}) {
  const script = fx.script(`${name}.sh`, text);
  await fx.jobs.add({ name, script, library: "data", symbol: "BARS", ...spec });
  const run = await fx.jobs.run(name);
  expect(run.status, `${name}: ${run.error}`).toBe("failed");
  expect(run.version).toBeNull();
  expect(await libraryState(lib), `${name} must leave BARS untouched`).toEqual(before);
  const [recorded] = await fx.jobs.runs(name);
  expect(recorded, "the run is recorded as returned").toEqual(run);
  return run;
}

describe("a failing script stores nothing and says why", () => {
  it("non-zero exit: the exit code and the stderr tail", async () => {
    const run = await failingRun("exit1", `#!/usr/bin/env bash\n${barsCsv([6]).split("\n").slice(1).join("\n")}\necho "download failed: 503" >&2\nexit 1\n`);
    expect(run).toMatchObject({ cause: "exit", exitCode: 1, signal: null, timedOut: false, error: "exited with code 1" });
    expect(run.stderrTail).toContain("download failed: 503");
    expect(run.stdoutTail, "a table printed before a failing exit is still not stored").toContain("2024-01-06");
  });

  it("killed by a signal", async () => {
    const run = await failingRun("signal", `#!/usr/bin/env bash\necho partial\nkill -KILL $$\n`);
    expect(run).toMatchObject({ cause: "signal", signal: "SIGKILL", exitCode: null, timedOut: false });
  });

  it("past its timeout: the whole process group is killed, a grandchild ignoring SIGTERM included", async () => {
    const pidFile = path.join(fx.root, "grandchild.pid");
    const run = await failingRun(
      "hang",
      `#!/usr/bin/env bash\nbash -c 'trap "" TERM; exec sleep 30' &\necho $! > ${pidFile}\nsleep 30\n`,
      { timeoutMs: 400, killGraceMs: 200 },
    );
    expect(run).toMatchObject({ cause: "timeout", timedOut: true, signal: "SIGTERM" });
    const grandchild = Number(fs.readFileSync(pidFile, "utf8"));
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitFor(() => !alive(grandchild)), `grandchild ${grandchild} must be killed`).toBe(true);
  });

  it("prints garbage, binary data or nothing", async () => {
    const garbage = await failingRun("garbage", `#!/usr/bin/env bash\necho 'Traceback (most recent call last):'\necho '  File "x.py", line 3, in <module>'\necho 'ValueError: boom'\n`);
    expect(garbage.cause).toBe("output");
    expect(garbage.error).toMatch(/^JobOutput: cannot read the stdout as CSV: stdout line 2: 3 cells where the header has 1/);
    const binary = await failingRun("binary", `#!/usr/bin/env bash\nprintf 'PK\\003\\004\\000\\001garbage'\n`);
    expect(binary.error).toContain("U+0003");
    const nothing = await failingRun("nothing", `#!/usr/bin/env bash\necho "all done" >&2\n`);
    expect(nothing).toMatchObject({ cause: "output" });
    expect(nothing.error).toContain("printed nothing");
    const badJson = await failingRun("badjson", `#!/usr/bin/env bash\necho '{"timestamp": "2024-01-06", "close": 1}'\necho '{"timestamp": '\n`);
    expect(badJson.error).toContain("line 2: not valid JSON");
  });

  it("a table whose columns differ from the stored ones: the error names the column", async () => {
    const missing = await failingRun("novolume", `#!/usr/bin/env bash\necho timestamp,open,high,low,close\necho 2024-01-06,1,2,0.5,1.5\n`, { mode: "append" });
    expect(missing).toMatchObject({ cause: "schema" });
    expect(missing.error).toMatch(/column 'volume' \(float\) of 'BARS' is missing/);
    const typed = await failingRun("textclose", `#!/usr/bin/env bash\necho timestamp,open,high,low,close,volume\necho 2024-01-06,1,2,0.5,n/a,7\n`, { mode: "update" });
    expect(typed.error).toMatch(/column 'close' of 'BARS' is stored as float but the output holds string/);
    const extra = await failingRun("extra", `#!/usr/bin/env bash\n${barsCsv([6]).split("\n").slice(1, -2).join("\n").replace("volume", "volume,venue").replace(/(\d)$/m, "$1,X")}\nCSV\n`);
    expect(extra.error).toMatch(/column 'venue' is not a column of 'BARS'/);
  });

  it("a valid table whose index starts before the stored end, for append", async () => {
    const run = await failingRun("unsorted", barsCsv([3, 4]), { mode: "append" });
    expect(run.cause).toBe("unsorted");
  });

  it("bars that fail the OHLCV check", async () => {
    const run = await failingRun("badbar", `#!/usr/bin/env bash\necho timestamp,open,high,low,close,volume\necho 2024-01-06,10,11,9,10.5,5\necho 2024-01-07,10,10.2,9,10.4,5\n`, { mode: "append" });
    expect(run).toMatchObject({ cause: "validation", exitCode: 0 });
    expect(run.error).toContain("row 1: high 10.2 < max(open, close) 10.4");
    expect(run.quality, "the refused table's quality is recorded").not.toBeNull();
    expect(run.quality!.score).toBeLessThan(1);
    expect(run.quality!.findings.join("; ")).toMatch(/invalid/i);
  });

  it("an interpreter that is not installed", async () => {
    const script = fx.script("rows.py", "print('timestamp,close')\n");
    await fx.jobs.add({ name: "noprog", script, library: "data", symbol: "BARS" });
    // The runner looks python3 up on its own PATH; with none there, the script cannot start.
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent";
    let run;
    try {
      run = await fx.jobs.run("noprog");
    } finally {
      process.env.PATH = saved;
    }
    expect(run).toMatchObject({ status: "failed", cause: "spawn" });
    expect(run.error).toContain("cannot start 'python3'");
    expect(await libraryState(lib)).toEqual(before);
  });
});

describe("retries", () => {
  it("retries a failing script with exponential backoff and succeeds on the third attempt", async () => {
    const times = path.join(fx.root, "attempts.txt");
    const script = fx.script(
      "flaky.sh",
      `#!/usr/bin/env bash\necho "$QUANTLAB_ATTEMPT $(date +%s%3N)" >> ${times}\nif [ "$QUANTLAB_ATTEMPT" -lt 3 ]; then echo "try again" >&2; exit 75; fi\n${barsCsv([6]).split("\n").slice(1).join("\n")}`,
    );
    const jobs = await (await import("../../lib/jobs")).JobRegistry.open(fx.arctic, { root: fx.root, random: () => 0 });
    await jobs.add({ name: "flaky", script, library: "data", symbol: "BARS", mode: "append", retries: 3, retryDelayMs: 120, retryMaxDelayMs: 1000 });
    const run = await jobs.run("flaky");
    expect(run, run.error ?? "").toMatchObject({ status: "success", attempts: 3, rows: 1, version: 1, exitCode: 0 });
    const stamps = fs.readFileSync(times, "utf8").trim().split("\n").map((l) => l.split(" ").map(Number));
    expect(stamps.map((s) => s[0])).toEqual([1, 2, 3]);
    // With random() = 0 the waits are the lower bounds of equal jitter: 120/2 then 240/2 ms (backoff.test.ts).
    expect(stamps[1][1] - stamps[0][1]).toBeGreaterThanOrEqual(60);
    expect(stamps[2][1] - stamps[1][1]).toBeGreaterThanOrEqual(120);
  });

  it("gives up after the last retry; the record says how many attempts were made", async () => {
    const run = await failingRun("always", `#!/usr/bin/env bash\nexit 3\n`, { retries: 2, retryDelayMs: 1, retryMaxDelayMs: 5 });
    expect(run).toMatchObject({ attempts: 3, exitCode: 3, cause: "exit", error: "attempt 3 of 3: exited with code 3" });
  });
});
