/**
 * The "a job's code lives in jobs/" rule (issue 18, §1): neither the `interpreter` field nor a start-up
 * hook in the environment (BASH_ENV, ENV, PYTHONSTARTUP, NODE_OPTIONS --require/--import) may run code
 * from elsewhere. Each attack is tried as registered (refused by add) and as stored by an older quantlab
 * (refused at run time: the run fails and the planted code never runs).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobSpec, JobSpecError } from "../../lib/jobs";
import { JobsFixture, barsCsv, columns, openFixture } from "./fixtures";

let fx: JobsFixture;
let marker: string;
let evil: string;
beforeEach(async () => {
  fx = await openFixture();
  marker = path.join(fx.root, "pwned");
  // Code outside jobs/: it leaves a marker file when it runs.
  evil = path.join(fx.root, "evil.sh");
  fs.writeFileSync(evil, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
});
afterEach(async () => {
  await fx.close();
});

/** Registers a harmless job, then rewrites its stored configuration with `change`, as an older quantlab would have accepted it. */
async function storedBeforeTheCheck(name: string, change: Record<string, unknown>) {
  const script = fx.script(`${name}.sh`, barsCsv([1]));
  await fx.jobs.add({ name, script, library: "data", symbol: name });
  const stored = columns((await fx.jobs.library.read(`job:${name}`)).data);
  await fx.jobs.library.write(`job:${name}`, { ...stored, ...Object.fromEntries(Object.entries(change).map(([k, v]) => [k, [JSON.stringify(v)]])) });
}

describe("code from outside jobs/ does not run", () => {
  const attacks: [string, Partial<JobSpec>, string][] = [
    ["an interpreter that is another program", { interpreter: [evil] }, "interpreter"],
    ["bash -c", { interpreter: ["bash", "-c", `touch ${"MARKER"}`] }, "interpreter"],
    ["BASH_ENV in the job's env", { env: { BASH_ENV: "EVIL" } }, "env"],
    ["NODE_OPTIONS --require in the job's env", { env: { NODE_OPTIONS: "--require EVIL" } }, "env"],
    ["BASH_ENV passed on from the runner", { inheritEnv: ["BASH_ENV"] }, "inheritEnv"],
  ];
  const fill = (spec: Partial<JobSpec>): Partial<JobSpec> => JSON.parse(JSON.stringify(spec).replace(/MARKER/g, marker).replace(/EVIL/g, evil));

  it.each(attacks)("%s is refused when the job is added", async (_what, attack, field) => {
    const script = fx.script("bars.sh", barsCsv([1]));
    const error = await fx.jobs.add({ name: "j", script, library: "data", symbol: "X", ...fill(attack) }).catch((e) => e);
    expect(error).toBeInstanceOf(JobSpecError);
    expect(error.field).toBe(field);
    expect(await fx.jobs.list()).toEqual([]);
  });

  it.each(attacks)("%s stored by an older version: the run fails and the code never runs", async (_what, attack, field) => {
    const saved = process.env.BASH_ENV;
    process.env.BASH_ENV = evil; // what an inheriting job would pass on
    try {
      await storedBeforeTheCheck("old", fill(attack));
      const run = await fx.jobs.run("old");
      expect(run, run.error ?? "").toMatchObject({ status: "failed", cause: "spawn", attempts: 1, exitCode: null });
      expect(run.error).toMatch(new RegExp(`^JobSpec: '${field}' `));
    } finally {
      if (saved === undefined) delete process.env.BASH_ENV;
      else process.env.BASH_ENV = saved;
    }
    expect(fs.existsSync(marker), "the planted code ran").toBe(false);
  });

  it("NODE_OPTIONS --require inherited from the runner refuses the run; other NODE_OPTIONS pass", async () => {
    const script = fx.script("bars.mjs", `console.log("timestamp,close\\n2024-01-01T00:00:00Z,1");\n`);
    await fx.jobs.add({ name: "n", script, library: "data", symbol: "N", inheritEnv: ["NODE_OPTIONS"] });
    const saved = process.env.NODE_OPTIONS;
    try {
      process.env.NODE_OPTIONS = `--require ${evil}`;
      const refused = await fx.jobs.run("n");
      expect(refused).toMatchObject({ status: "failed", cause: "spawn" });
      expect(refused.error).toContain("JobSpec: 'inheritEnv' must not pass on 'NODE_OPTIONS' holds '--require'");
      process.env.NODE_OPTIONS = "--max-old-space-size=512";
      const fine = await fx.jobs.run("n");
      expect(fine, fine.error ?? "").toMatchObject({ status: "success", rows: 1 });
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
    expect(fs.existsSync(marker)).toBe(false);
  });

  it("a PATH in the job's env does not choose the interpreter", async () => {
    const bin = path.join(fx.root, "bin");
    fs.mkdirSync(bin);
    fs.copyFileSync(evil, path.join(bin, "bash"));
    fs.chmodSync(path.join(bin, "bash"), 0o755);
    const script = fx.script("bars.sh", barsCsv([1, 2]));
    await fx.jobs.add({ name: "p", script, library: "data", symbol: "P", env: { PATH: `${bin}:/usr/bin:/bin` } });
    const run = await fx.jobs.run("p");
    expect(run, run.error ?? "").toMatchObject({ status: "success", rows: 2 });
    expect(fs.existsSync(marker)).toBe(false);
  });
});

/**
 * Code loaded through the dynamic loader or a module path (LD_PRELOAD, PYTHONPATH): each attack is first
 * shown to work on this machine when the variable reaches the interpreter, then shown refused for a job.
 */
describe("libraries and modules from outside jobs/ do not load", () => {
  /** A Python module folder whose sitecustomize leaves the marker: Python imports it at start-up. */
  function plantSitecustomize(): string {
    const dir = path.join(fx.root, "pylib");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "sitecustomize.py"), `open(${JSON.stringify(marker)}, "w").close()\n`);
    return dir;
  }
  /** A shared library whose constructor leaves the marker: the loader runs it in any program it is preloaded into. */
  function plantPreload(): string {
    const source = path.join(fx.root, "evil.c");
    const lib = path.join(fx.root, "evil.so");
    fs.writeFileSync(source, `#include <stdio.h>\n__attribute__((constructor)) static void pwn(void) { FILE *f = fopen(${JSON.stringify(marker)}, "w"); if (f) fclose(f); }\n`);
    execFileSync("gcc", ["-shared", "-fPIC", "-o", lib, source]);
    return lib;
  }
  const pythonJob = `print("timestamp,close")\nprint("2024-01-01T00:00:00Z,1")\n`;

  it("the planted code does run when the variable reaches an interpreter (the attack is real)", () => {
    const pylib = plantSitecustomize();
    execFileSync("/usr/bin/python3", ["-c", "pass"], { env: { PATH: process.env.PATH, PYTHONPATH: pylib } });
    expect(fs.existsSync(marker), "PYTHONPATH's sitecustomize ran").toBe(true);
    fs.rmSync(marker);
    const lib = plantPreload();
    execFileSync("/bin/sh", ["-c", "true"], { env: { PATH: process.env.PATH, LD_PRELOAD: lib } });
    expect(fs.existsSync(marker), "LD_PRELOAD's constructor ran").toBe(true);
  });

  it.each([
    ["PYTHONPATH", "env"],
    ["PYTHONPATH", "inheritEnv"],
    ["LD_PRELOAD", "env"],
    ["LD_PRELOAD", "inheritEnv"],
  ] as const)("%s in the job's %s is refused when the job is added", async (name, field) => {
    const planted = name === "PYTHONPATH" ? plantSitecustomize() : plantPreload();
    const script = fx.script("bars.py", pythonJob);
    const attack = field === "env" ? { env: { [name]: planted } } : { inheritEnv: [name] };
    const error = await fx.jobs.add({ name: "j", script, library: "data", symbol: "X", ...attack }).catch((e) => e);
    expect(error).toBeInstanceOf(JobSpecError);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`'${name}' `);
    expect(await fx.jobs.list()).toEqual([]);
  });

  it.each([
    ["PYTHONPATH", "env"],
    ["PYTHONPATH", "inheritEnv"],
    ["LD_PRELOAD", "env"],
    ["LD_PRELOAD", "inheritEnv"],
  ] as const)("%s in the job's %s, stored by an older version: the run fails and the code never loads", async (name, field) => {
    const planted = name === "PYTHONPATH" ? plantSitecustomize() : plantPreload();
    const script = fx.script("old.py", pythonJob);
    await fx.jobs.add({ name: "old", script, library: "data", symbol: "old" });
    const stored = columns((await fx.jobs.library.read("job:old")).data);
    const change = field === "env" ? { env: { [name]: planted } } : { inheritEnv: [name] };
    await fx.jobs.library.write("job:old", { ...stored, ...Object.fromEntries(Object.entries(change).map(([k, v]) => [k, [JSON.stringify(v)]])) });
    const saved = process.env[name];
    process.env[name] = planted; // what an inheriting job would pass on
    try {
      const run = await fx.jobs.run("old");
      expect(run, run.error ?? "").toMatchObject({ status: "failed", cause: "spawn", attempts: 1, exitCode: null });
      expect(run.error).toMatch(new RegExp(`^JobSpec: '${field}' must not (set|pass on) '${name}' `));
    } finally {
      if (saved === undefined) delete process.env[name];
      else process.env[name] = saved;
    }
    expect(fs.existsSync(marker), "the planted code ran").toBe(false);
  });

  it("a python job without them runs (the refusal is about the variables, not python)", async () => {
    const script = fx.script("fine.py", pythonJob);
    await fx.jobs.add({ name: "fine", script, library: "data", symbol: "F", env: { PYTHONUNBUFFERED: "1" } });
    const run = await fx.jobs.run("fine");
    expect(run, run.error ?? "").toMatchObject({ status: "success", rows: 1 });
  });
});
