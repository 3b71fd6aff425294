import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobSpecError } from "./errors";
import { JOB_DEFAULTS } from "./JobSpec";
import { validateJobSpec } from "./validateJobSpec";

let root: string;
let outside: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-spec-"));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-outside-"));
  fs.mkdirSync(path.join(root, "jobs", "sub"), { recursive: true });
  fs.writeFileSync(path.join(root, "jobs", "x.sh"), "echo a\n");
  fs.writeFileSync(path.join(root, "jobs", "notes.txt"), "");
  fs.writeFileSync(path.join(root, "secret.sh"), "echo secret\n");
  fs.writeFileSync(path.join(outside, "evil.sh"), "echo evil\n");
  fs.symlinkSync(path.join(outside, "evil.sh"), path.join(root, "jobs", "link-out.sh"));
  fs.symlinkSync(outside, path.join(root, "jobs", "dir-out"));
  fs.symlinkSync(path.join(root, "jobs", "x.sh"), path.join(root, "jobs", "sub", "link-in.sh"));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

const base = { name: "bars", script: "jobs/x.sh", library: "market_data", symbol: "SPY" };

/** The JobSpecError `spec` raises. */
function specError(spec: unknown): JobSpecError {
  try {
    validateJobSpec(spec, root);
  } catch (error) {
    expect(error).toBeInstanceOf(JobSpecError);
    return error as JobSpecError;
  }
  throw new Error(`expected ${JSON.stringify(spec)} to be refused`);
}

describe("validateJobSpec", () => {
  it("fills in every default", () => {
    expect(validateJobSpec(base, root)).toEqual({ ...JOB_DEFAULTS, ...base });
  });

  it("keeps what is given and normalises the cron expression's spacing", () => {
    const spec = { ...base, cron: " 0  9 * * 1-5 ", timezone: "America/New_York", mode: "append" as const, retries: 2, env: { API: "x" }, args: ["--days", "5"], interpreter: ["bash", "-e"] };
    expect(validateJobSpec(spec, root)).toMatchObject({ ...spec, cron: "0 9 * * 1-5" });
    expect(validateJobSpec({ ...base, cron: "*/5 * * * * *" }, root).cron).toBe("*/5 * * * * *");
    expect(validateJobSpec({ ...base, timezone: "US/Eastern" }, root).timezone).toBe("US/Eastern");
  });

  const refused: [string, Record<string, unknown>, string, string | RegExp][] = [
    ["a POSIX zone", { timezone: "EST5" }, "timezone", "JobSpec: 'timezone' must be an IANA name such as \"America/New_York\" or \"UTC\", got 'EST5'"],
    ["a misspelt zone", { timezone: "Europe/Londn" }, "timezone", "got 'Europe/Londn'"],
    ["a zone in the wrong case", { timezone: "america/new_york" }, "timezone", "did you mean 'America/New_York'?"],
    ["a cron minute out of range", { cron: "61 * * * *" }, "cron", "JobSpec: 'cron' must be a cron expression of 5 fields (or 6 with seconds first), got '61 * * * *': minute: 61 is a invalid expression for minute"],
    ["a cron of 7 fields", { cron: "1 2 3 4 5 6 7" }, "cron", "expected 5 or 6 fields but got 7"],
    ["a cron that is not text", { cron: 5 }, "cron", "got 5"],
    ["an unknown mode", { mode: "replace" }, "mode", `JobSpec: 'mode' must be one of "write", "append", "update", got 'replace'`],
    ["negative retries", { retries: -1 }, "retries", "JobSpec: 'retries' must be a whole number >= 0, got -1"],
    ["a zero timeout", { timeoutMs: 0 }, "timeoutMs", "got 0"],
    ["a timeout of 2^31 ms, which a Node timer fires at once", { timeoutMs: 2 ** 31 }, "timeoutMs", "JobSpec: 'timeoutMs' must be a whole number from 1 to 2147483647 (about 24.8 days, the longest timer Node keeps), got 2147483648"],
    ["a kill grace past the longest timer", { killGraceMs: 2 ** 40 }, "killGraceMs", "from 0 to 2147483647"],
    ["a retry delay past the longest timer", { retryDelayMs: 2 ** 31, retryMaxDelayMs: 2 ** 32 }, "retryDelayMs", "from 0 to 2147483647"],
    ["a zero output cap", { maxOutputBytes: 0 }, "maxOutputBytes", "from 1 to 524288000 (500 MiB), got 0"],
    ["an output cap past 500 MiB", { maxOutputBytes: 2 ** 30 }, "maxOutputBytes", "got 1073741824"],
    ["a cap below the base delay", { retryDelayMs: 500, retryMaxDelayMs: 100 }, "retryMaxDelayMs", "must be >= retryDelayMs (500), got 100"],
    ["a QUANTLAB_ variable in env", { env: { QUANTLAB_OUTPUT: "/etc/passwd" } }, "env", "must not set 'QUANTLAB_OUTPUT'"],
    ["an env value that is not text", { env: { N: 1 } }, "env", "'N' must be a string, got 1"],
    ["a misspelt field", { cronn: "* * * * *" }, "cronn", "JobSpec: 'cronn' is not a job spec field"],
    ["a name with a space", { name: "my job" }, "name", "got 'my job'"],
    ["an empty library", { library: "" }, "library", "JobSpec: 'library' must be a non-empty string"],
    ["a missing symbol", { symbol: undefined }, "symbol", "got undefined"],
    ["an unknown extension without interpreter", { script: "jobs/notes.txt" }, "interpreter", "'interpreter' is needed for"],
    ["args that are not strings", { args: [1] }, "args", "must be an array of strings"],
    ["an empty interpreter", { interpreter: [] }, "interpreter", "got []"],
    ["an interpreter off the allow-list", { interpreter: "/tmp/evil" }, "interpreter", "must be one of tsx, node, python3, bash, sh"],
    ["an interpreter running inline code", { interpreter: ["bash", "-c", "id"] }, "interpreter", "gives bash the option '-c'"],
    ["BASH_ENV in env", { env: { BASH_ENV: "/tmp/evil.sh" } }, "env", "JobSpec: 'env' must not set 'BASH_ENV' makes the interpreter run another file"],
    ["NODE_OPTIONS --require in env", { env: { NODE_OPTIONS: "--require /tmp/x.js" } }, "env", "'NODE_OPTIONS' holds '--require'"],
    ["ENV in inheritEnv", { inheritEnv: ["ENV"] }, "inheritEnv", "must not name 'ENV' makes"],
    ["PYTHONSTARTUP in inheritEnv", { inheritEnv: ["PYTHONSTARTUP"] }, "inheritEnv", "'PYTHONSTARTUP'"],
  ];
  for (const [what, change, field, message] of refused) {
    it(`refuses ${what}, naming '${field}'`, () => {
      const error = specError({ ...base, ...change });
      expect(error.field).toBe(field);
      expect(error.code).toBe("INVALID_JOB_SPEC");
      if (typeof message === "string") expect(error.message).toContain(message);
      else expect(error.message).toMatch(message);
    });
  }

  it("refuses a spec that is not an object", () => {
    expect(specError(null).message).toBe("JobSpec: a job spec must be an object, got null");
  });
});

describe("script paths", () => {
  const script = (s: string) => specError({ ...base, script: s });

  it("refuses '..' out of jobs/, absolute paths elsewhere and links that point out", () => {
    expect(script("jobs/../secret.sh").message).toMatch(/^JobSpec: 'script' must be a path inside .*jobs, got 'jobs\/..\/secret.sh'$/);
    expect(script("../../etc/passwd").field).toBe("script");
    expect(script("/bin/sh").message).toContain("got '/bin/sh'");
    expect(script("jobs/link-out.sh").message).toMatch(/'jobs\/link-out.sh' is a link to '.*evil.sh', which is outside/);
    expect(script("jobs/dir-out/evil.sh").message).toContain("which is outside");
    expect(script("jobs").message).toContain("must be a path inside");
  });

  it("refuses missing files and folders, and suggests jobs/ when it was left out", () => {
    expect(script("jobs/nope.sh").message).toContain("names no file");
    expect(script("jobs/sub").message).toContain("is not a file");
    expect(script("x.sh").message).toContain("(did you mean 'jobs/x.sh'?)");
  });

  it("accepts absolute paths and links that stay inside jobs/, storing the path relative to the root", () => {
    expect(validateJobSpec({ ...base, script: path.join(root, "jobs", "x.sh") }, root).script).toBe("jobs/x.sh");
    expect(validateJobSpec({ ...base, script: "jobs/sub/../x.sh" }, root).script).toBe("jobs/x.sh");
    expect(validateJobSpec({ ...base, script: "jobs/sub/link-in.sh" }, root).script).toBe("jobs/sub/link-in.sh");
  });
});
