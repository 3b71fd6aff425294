/**
 * The registry's own library is no job target (issue 18, §1): a job whose table would land in it would
 * replace the run history or another job's configuration. And registry reads that meet something the
 * registry did not write report it with a named error instead of a TypeError.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobRegistry, JobSpecError, MalformedRegistryError } from "../../lib/jobs";
import { JobsFixture, barsCsv, columns, libraryState, openFixture } from "./fixtures";

let fx: JobsFixture;
let script: string;
beforeEach(async () => {
  fx = await openFixture();
  script = fx.script("bars.sh", barsCsv([1, 2]));
});
afterEach(async () => {
  await fx.close();
});

/** The error `promise` rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("the registry's library is refused as a job target", () => {
  it.each([
    ["the run history", "runs"],
    ["another job's configuration", "job:victim"],
    ["a differently cased name of it", "runs", "JOBS"],
  ])("when added or updated: %s stays intact", async (_what, symbol, library = "jobs") => {
    await fx.jobs.add({ name: "victim", script, library: "data", symbol: "V" });
    expect((await fx.jobs.run("victim")).status).toBe("success");
    const before = (await libraryState(fx.jobs.library)) as object;

    const added = await failure(fx.jobs.add({ name: "evil", script, library, symbol }));
    expect(added).toBeInstanceOf(JobSpecError);
    expect(added).toMatchObject({ field: "library", job: "evil" });
    expect(added.message).toMatch(/^JobSpec: 'library' '(jobs|JOBS)' is reserved: the library 'jobs' holds the job registry/);

    await fx.jobs.add({ name: "evil", script, library: "data", symbol: "E" });
    const updated = await failure(fx.jobs.update("evil", { library, symbol }));
    expect(updated).toBeInstanceOf(JobSpecError);
    expect((await fx.jobs.get("evil")).library, "a refused update stores nothing").toBe("data");

    const after = (await libraryState(fx.jobs.library)) as object;
    expect(Object.keys(after).filter((k) => !k.startsWith("job:evil@")), "nothing but evil's own configuration was written").toEqual(Object.keys(before));
    expect((await fx.jobs.get("victim")).symbol).toBe("V");
    expect((await fx.jobs.run("victim")).status).toBe("success");
    expect((await fx.jobs.history()).numRows()).toBe(2);
  });

  it("a job stored before the check that targets the registry does not run, and says why", async () => {
    await fx.jobs.add({ name: "old", script, library: "data", symbol: "runs" });
    // Rewrite the stored configuration as an older quantlab would have accepted it.
    const stored = columns((await fx.jobs.library.read("job:old")).data);
    await fx.jobs.library.write("job:old", { ...stored, library: ["jobs"] });
    expect((await fx.jobs.get("old")).library).toBe("jobs");

    const refused = await failure(fx.jobs.run("old"));
    expect(refused).toBeInstanceOf(JobSpecError);
    expect(refused).toMatchObject({ field: "library", job: "old" });
    expect(await fx.jobs.runs(), "no script ran and the history is untouched").toEqual([]);
    expect(await fx.jobs.list()).toHaveLength(1);
  });

  it("reserves a registry's own library and the default one", async () => {
    const other = await JobRegistry.open(fx.arctic, { root: fx.root, library: "ops" });
    expect(other.reservedLibraries).toEqual(["ops", "jobs"]);
    for (const library of ["ops", "jobs"]) {
      await expect(other.add({ name: `to_${library}`, script, library, symbol: "runs" })).rejects.toThrow(JobSpecError);
    }
    await other.add({ name: "fine", script, library: "data", symbol: "X" });
    expect((await other.run("fine")).status).toBe("success");
  });
});

describe("registry reads report what they cannot decode", () => {
  it("a run history replaced by another table: history() and runs() throw MalformedRegistryError, not a TypeError", async () => {
    await fx.jobs.add({ name: "bars", script, library: "data", symbol: "B" });
    await fx.jobs.run("bars");
    await fx.jobs.library.write("runs", { timestamp: [new Date("2024-01-01T00:00:00Z")], open: [1] });
    const error = await failure(fx.jobs.history());
    expect(error).toBeInstanceOf(MalformedRegistryError);
    expect(error).toMatchObject({ code: "MALFORMED_REGISTRY", symbol: "runs", version: 1, column: "runId" });
    expect(error.message).toContain("'runs' version 1 in library 'jobs' is not a run history: it has no column 'runId'");
    await expect(fx.jobs.runs("bars")).rejects.toThrow(MalformedRegistryError);
  });

  it("a row of the wrong type names its column and row", async () => {
    await fx.jobs.add({ name: "bars", script, library: "data", symbol: "B" });
    await fx.jobs.run("bars");
    await fx.jobs.run("bars");
    const good = columns((await fx.jobs.library.read("runs")).data);
    await fx.jobs.library.write("runs", { ...good, attempts: ["1", "x"] });
    const error = await failure(fx.jobs.runs());
    expect(error).toBeInstanceOf(MalformedRegistryError);
    expect(error).toMatchObject({ column: "attempts", row: 0 });
  });

  it("list() with onMalformed leaves an unreadable configuration out and reports it", async () => {
    await fx.jobs.add({ name: "good", script, library: "data", symbol: "G" });
    await fx.jobs.library.write("job:broken", { name: ["broken"], interpreter: ["{not json"] });
    await expect(fx.jobs.list()).rejects.toThrow(MalformedRegistryError);
    const reported: MalformedRegistryError[] = [];
    const jobs = await fx.jobs.list({ onMalformed: (e) => reported.push(e) });
    expect(jobs.map((j) => j.name)).toEqual(["good"]);
    expect(reported.map((e) => [e.symbol, e.version, e.job])).toEqual([["job:broken", 0, "broken"]]);
  });

  it("a history stored before the `leftovers` column reads back and takes new runs", async () => {
    await fx.jobs.add({ name: "bars", script, library: "data", symbol: "B" });
    await fx.jobs.run("bars");
    const { leftovers: _dropped, ...old } = columns((await fx.jobs.library.read("runs")).data);
    await fx.jobs.library.write("runs", old);
    expect((await fx.jobs.runs())[0].leftovers).toEqual([]);
    expect((await fx.jobs.run("bars")).status).toBe("success");
    const runs = await fx.jobs.runs();
    expect(runs.map((r) => r.status)).toEqual(["success", "success"]);
    expect(runs.map((r) => r.leftovers)).toEqual([[], []]);
  });
});
