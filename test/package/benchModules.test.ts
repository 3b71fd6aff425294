/**
 * `npm run bench` loads every benchmark module before it runs any. Asking it for a benchmark that does not
 * exist makes it load them all and stop with the list of names, so this test fails when a benchmark module
 * cannot be loaded outside the test runner (once, one imported a test helper that imports vitest).
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..", "..");

describe("the benchmark runner", () => {
  it("loads every benchmark module outside vitest, and names them all for an unknown one", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "run.ts"), "no-such-benchmark"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    // Only the first lines of a failure: the child's stack trace carries source maps the reporter chokes on.
    const said = run.stderr.split("\n").slice(0, 3).join(" | ").slice(0, 400);
    expect(run.status, said).toBe(2);
    expect(said).toMatch(/no benchmark named 'no-such-benchmark'; there are store\.write, .*store\.fairness.*cli\.start/);
    expect(run.stdout, "nothing ran").toBe("");
  });
});
