/**
 * Bounds of a run (issue 18, §1): the longest timeout a Node timer keeps is accepted and honoured, and a
 * table larger than maxOutputBytes fails the run with nothing stored, whether printed or written to
 * QUANTLAB_OUTPUT. A row dated in year 9999, which would block every later append, is refused naming it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidDataError } from "../../lib/store";
import { JobsFixture, barsCsv, libraryState, openFixture } from "./fixtures";

let fx: JobsFixture;
beforeEach(async () => {
  fx = await openFixture();
});
afterEach(async () => {
  await fx.close();
});

const rows = (n: number) => `#!/usr/bin/env bash\necho timestamp,close\nfor i in $(seq 1 ${n}); do printf '%s,%s\\n' "$(date -u -d @$((1704067200 + i * 60)) +%Y-%m-%dT%H:%M:%SZ)" "$i"; done\n`;

describe("timeoutMs", () => {
  it("the longest timer Node keeps (2^31 - 1 ms) runs the script to its end instead of killing it at once", async () => {
    const script = fx.script("bars.sh", barsCsv([1, 2], "sleep 0.2"));
    await fx.jobs.add({ name: "long", script, library: "data", symbol: "L", timeoutMs: 2 ** 31 - 1 });
    expect(await fx.jobs.run("long")).toMatchObject({ status: "success", timedOut: false, rows: 2 });
    await expect(fx.jobs.update("long", { timeoutMs: 2 ** 31 })).rejects.toMatchObject({ field: "timeoutMs" });
  });
});

describe("maxOutputBytes", () => {
  it("a table printed past the cap fails the run and stores nothing", async () => {
    await fx.jobs.add({ name: "seed", script: fx.script("seed.sh", rows(3)), library: "data", symbol: "S" });
    await fx.jobs.run("seed");
    const before = await libraryState(await fx.arctic.getLibrary("data"));
    // 200 rows of about 23 bytes: about 4.6 kB against a cap of 2 kB.
    await fx.jobs.add({ name: "big", script: fx.script("big.sh", rows(200)), library: "data", symbol: "S", maxOutputBytes: 2000 });
    const run = await fx.jobs.run("big");
    expect(run).toMatchObject({ status: "failed", cause: "output", version: null, rows: 0 });
    expect(run.error).toBe("JobOutput: the script printed more than maxOutputBytes (2000 bytes) on stdout; it was stopped and nothing was stored");
    expect(await libraryState(await fx.arctic.getLibrary("data"))).toEqual(before);
    await fx.jobs.update("big", { maxOutputBytes: 10_000 });
    expect(await fx.jobs.run("big"), "the same table under a larger cap").toMatchObject({ status: "success", rows: 200 });
  });

  it("a QUANTLAB_OUTPUT file past the cap fails the run and stores nothing", async () => {
    const script = fx.script("file.sh", `${rows(200).replace("#!/usr/bin/env bash\n", "#!/usr/bin/env bash\n{\n")}} > "$QUANTLAB_OUTPUT"\n`);
    await fx.jobs.add({ name: "file", script, library: "data", symbol: "F", maxOutputBytes: 2000 });
    const run = await fx.jobs.run("file");
    expect(run).toMatchObject({ status: "failed", cause: "output" });
    expect(run.error).toMatch(/^JobOutput: the QUANTLAB_OUTPUT file holds \d+ bytes, more than maxOutputBytes \(2000\); nothing was stored$/);
    expect(await fx.arctic.hasLibrary("data")).toBe(false);
  });

  it("defaults to 256 MiB", async () => {
    await fx.jobs.add({ name: "d", script: fx.script("d.sh", rows(1)), library: "data", symbol: "D" });
    expect((await fx.jobs.get("d")).maxOutputBytes).toBe(256 * 1024 * 1024);
  });
});

describe("out-of-range timestamps", () => {
  it("a year-9999 row is refused naming its row, and later appends still work", async () => {
    const script = fx.script(
      "dates.sh",
      `#!/usr/bin/env bash\necho timestamp,close\nfor t in $DATES; do echo "$t,1"; done\n`,
    );
    await fx.jobs.add({ name: "dates", script, library: "data", symbol: "T", mode: "append", env: { DATES: "2024-01-01T00:00:00Z" } });
    expect((await fx.jobs.run("dates")).status).toBe("success");
    await fx.jobs.update("dates", { env: { DATES: "2024-01-02T00:00:00Z 9999-12-31T00:00:00Z" } });
    const poisoned = await fx.jobs.run("dates");
    expect(poisoned).toMatchObject({ status: "failed", cause: "validation", version: null });
    expect(poisoned.error).toContain("row 1");
    expect(poisoned.error).toContain("9999-12-31T00:00:00.000Z");
    await fx.jobs.update("dates", { env: { DATES: "2024-01-03T00:00:00Z" } });
    expect(await fx.jobs.run("dates"), "the next append is not blocked").toMatchObject({ status: "success", version: 1 });
  });

  it("the store refuses it for every writer with InvalidDataError naming column and row", async () => {
    const lib = await fx.arctic.getLibrary("direct", { createIfMissing: true });
    const error = await lib.write("X", { timestamp: [new Date("2024-01-01T00:00:00Z"), new Date("9999-12-31T00:00:00Z")], close: [1, 2] }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    expect(error).toMatchObject({ column: "timestamp", row: 1, symbol: "X" });
  });
});
