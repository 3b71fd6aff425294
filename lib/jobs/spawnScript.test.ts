import { describe, expect, it } from "vitest";
import { spawnScript } from "./spawnScript";

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
const bash = (script: string, options: Partial<Parameters<typeof spawnScript>[1]> = {}) =>
  spawnScript(["bash", "-c", script], { cwd: "/", env, timeoutMs: 10_000, killGraceMs: 200, ...options });

describe("spawnScript", () => {
  it("keeps all of stdout and the last tailBytes of stdout and stderr", async () => {
    const result = await bash("for i in $(seq 1 1000); do echo line$i; echo err$i >&2; done", { tailBytes: 16 });
    expect(result).toMatchObject({ exitCode: 0, signal: null, timedOut: false, cancelled: false, spawnError: null, stdoutOverflow: false, leftovers: [] });
    expect(result.stdout.toString().split("\n")).toHaveLength(1001);
    const printed = (prefix: string) => Array.from({ length: 1000 }, (_, i) => `${prefix}${i + 1}\n`).join("");
    expect(result.stdoutTail).toBe(printed("line").slice(-16));
    expect(result.stderrTail).toBe(printed("err").slice(-16));
  });

  it("stops a script whose stdout passes maxStdoutBytes and keeps none of it", async () => {
    const result = await bash("yes quantlab", { maxStdoutBytes: 100_000 });
    expect(result).toMatchObject({ stdoutOverflow: true, spawnError: null });
    expect(result.signal).not.toBeNull();
    expect(result.stdout.length).toBe(0);
    expect(result.stdoutTail).toContain("quantlab\n");
  });

  it("stops the process group when the abort signal fires", async () => {
    const controller = new AbortController();
    const aborted = bash("sleep 30 & wait", { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const result = await aborted;
    expect(result).toMatchObject({ cancelled: true, timedOut: false, signal: "SIGTERM" });
  });

  it("reports a program that does not exist", async () => {
    const result = await spawnScript(["quantlab-no-such-program"], { cwd: "/", env, timeoutMs: 1000, killGraceMs: 100 });
    expect(result.spawnError).toMatch(/^cannot start 'quantlab-no-such-program': spawn quantlab-no-such-program ENOENT/);
    expect(result.exitCode).toBeNull();
  });
});
