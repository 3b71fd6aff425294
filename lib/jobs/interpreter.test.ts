import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { JobSpecError } from "./errors";
import { checkInterpreter, findProgram, interpreterCommand } from "./interpreter";
import { startupHook } from "./startupHooks";

const refusal = (parts: string[]) => {
  try {
    checkInterpreter(parts, "j");
  } catch (error) {
    return error as JobSpecError;
  }
  return null;
};

describe("checkInterpreter", () => {
  it.each([
    [["bash"]],
    [["bash", "-eu", "-o", "pipefail"]],
    [["sh", "-e"]],
    [["python3", "-X", "utf8", "-u"]],
    [["python3", "-W", "error", "-B"]],
    [["node", "--max-old-space-size=4096", "--enable-source-maps"]],
    [["tsx", "--no-warnings"]],
  ])("allows %j", (parts) => {
    expect(refusal(parts)).toBeNull();
  });

  it.each([
    [["/tmp/evil"], "must be one of tsx, node, python3, bash, sh (by name; put other programs' calls in a script in jobs/), got '/tmp/evil'"],
    [["/bin/bash"], "got '/bin/bash'"],
    [["perl"], "got 'perl'"],
    [["bash", "-c", "curl x | sh"], "gives bash the option '-c', which is not allowed"],
    [["bash", "-i"], "option '-i'"],
    [["bash", "--rcfile", "/tmp/x"], "option '--rcfile'"],
    [["bash", "-o", "vi"], "option '-o vi'"],
    [["sh", "-c", "id"], "option '-c'"],
    [["python3", "-c", "import os"], "option '-c'"],
    [["python3", "-m", "http.server"], "option '-m'"],
    [["python3", "-W", "ignore::evil.Warning"], "option '-W ignore::evil.Warning'"],
    [["python3", "-X"], "option '-X'"],
    [["node", "-e", "1"], "option '-e'"],
    [["node", "--require", "/tmp/x.js"], "option '--require'"],
    [["node", "-r", "/tmp/x.js"], "option '-r'"],
    [["tsx", "--import=/tmp/x.mjs"], "option '--import=/tmp/x.mjs'"],
    [["node", "--loader", "/tmp/x.mjs"], "option '--loader'"],
  ])("refuses %j, naming what", (parts, message) => {
    const error = refusal(parts);
    expect(error).toBeInstanceOf(JobSpecError);
    expect(error).toMatchObject({ field: "interpreter", job: "j" });
    expect(error!.message).toContain(message);
  });
});

describe("interpreterCommand", () => {
  it("looks python3, bash and sh up on the runner's PATH, not on one the job sets", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-path-"));
    try {
      const fake = path.join(dir, "bash");
      fs.writeFileSync(fake, "#!/bin/sh\necho fake\n", { mode: 0o755 });
      expect(findProgram("bash", `relative/bin${path.delimiter}${dir}${path.delimiter}/usr/bin`)).toBe(fake);
      expect(findProgram("bash", "/nonexistent")).toBeNull();
      expect(() => interpreterCommand("jobs/x.sh", null, dir, "j", "/nonexistent")).toThrow("cannot start 'bash': it is not on the PATH of the process running the job (/nonexistent)");
      const [program] = interpreterCommand("jobs/x.sh", null, dir, "j", `/nonexistent${path.delimiter}${dir}`);
      expect(program).toBe(fake);
      expect(interpreterCommand("jobs/x.sh", null, dir, "j")[0]).toBe(findProgram("bash", process.env.PATH));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks a stored interpreter again at run time", () => {
    expect(() => interpreterCommand("jobs/x.sh", ["bash", "-c", "id"], "/", "j")).toThrow(JobSpecError);
  });
});

describe("startupHook", () => {
  it.each([
    ["BASH_ENV", "/tmp/x"],
    ["ENV", "/tmp/x"],
    ["PYTHONSTARTUP", "/tmp/x.py"],
    ["NODE_OPTIONS", "--require /tmp/x.js"],
    ["NODE_OPTIONS", "--max-old-space-size=100 -r /tmp/x.js"],
    ["NODE_OPTIONS", "--require=/tmp/x.js"],
    ["NODE_OPTIONS", "--import=file:///tmp/x.mjs"],
    ["NODE_OPTIONS", '"--import" /tmp/x.mjs'],
    ["NODE_OPTIONS", "--experimental-loader /tmp/x.mjs"],
    ["LD_PRELOAD", "/tmp/x.so"],
    ["LD_AUDIT", "/tmp/x.so"],
    ["LD_LIBRARY_PATH", "/tmp/lib"],
    ["PYTHONPATH", "/tmp/lib"],
    ["PYTHONHOME", "/tmp/py"],
    ["PYTHONUSERBASE", "/tmp/user"],
  ])("refuses %s=%s", (name, value) => {
    expect(startupHook(name, value)).toMatch(new RegExp(`^'${name}' `));
  });

  it.each([
    ["NODE_OPTIONS", "--max-old-space-size=4096 --enable-source-maps"],
    ["NODE_OPTIONS", "--report-dir=/tmp/require"],
    ["PYTHONUNBUFFERED", "1"],
    ["PYTHONIOENCODING", "utf-8"],
    ["LD_BIND_NOW", "1"],
    ["ENVIRONMENT", "prod"],
    ["API_KEY", "--require"],
  ])("lets %s=%s pass", (name, value) => {
    expect(startupHook(name, value)).toBeNull();
  });
});

describe("startupHook on NODE_OPTIONS", () => {
  const safe = fc.constantFrom("--max-old-space-size=512", "--enable-source-maps", "--no-warnings", "--stack-size=2000", "--report-dir=/tmp/require");
  const hook = fc.tuple(fc.constantFrom("-r", "--require", "--import", "--loader", "--experimental-loader"), fc.constantFrom(" /tmp/x.js", "=/tmp/x.js", " file:///tmp/x.mjs"));

  it("refuses a hook wherever it stands among other options, and passes the options without one", () => {
    fc.assert(
      fc.property(fc.array(safe, { maxLength: 4 }), hook, fc.nat(), fc.constantFrom(" ", "  ", "\t"), (options, [flag, value], at, gap) => {
        expect(startupHook("NODE_OPTIONS", options.join(gap))).toBeNull();
        const withHook: string[] = [...options];
        withHook.splice(at % (options.length + 1), 0, flag + value);
        expect(startupHook("NODE_OPTIONS", withHook.join(gap))).toContain(`holds '${flag}`);
      }),
    );
  });
});
