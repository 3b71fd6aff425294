/**
 * Real scripts in each interpreter, stored through every mode, with each way of handing over a table:
 * CSV and JSON lines on stdout, CSV / JSON / Parquet in the file at QUANTLAB_OUTPUT. Expected tables are
 * the rows the scripts were told to print (close = 100 + day + offset), not anything the runner computed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobsFixture, PROJECT, columns, openFixture } from "./fixtures";

let fx: JobsFixture;
beforeEach(async () => {
  fx = await openFixture();
});
afterEach(async () => {
  await fx.close();
});

const day = (d: number) => Date.UTC(2024, 0, d);
/** Each script prints, for args [offset, ...days], rows { timestamp: 2024-01-<d>, close: 100 + d + offset, n: d }. */
const SCRIPTS: Record<string, string> = {
  "rows.sh": `#!/usr/bin/env bash
offset=$1; shift
echo "timestamp,close,n"
for d in "$@"; do printf '2024-01-%02dT00:00:00Z,%s,%s\\n' "$d" "$((100 + d + offset))" "$d"; done
`,
  "rows.py": `import json, sys
offset = int(sys.argv[1])
for d in map(int, sys.argv[2:]):
    print(json.dumps({"timestamp": f"2024-01-{d:02d}T00:00:00Z", "close": 100 + d + offset, "n": d}))
`,
  "rows.ts": `import * as fs from "fs";
const [offset, ...days] = process.argv.slice(2).map(Number);
const lines: string[] = ["timestamp,close,n"];
for (const d of days) lines.push(\`\${new Date(Date.UTC(2024, 0, d)).toISOString()},\${100 + d + offset},\${d}\`);
fs.writeFileSync(process.env.QUANTLAB_OUTPUT as string, lines.join("\\n") + "\\n");
`,
  "rows.mjs": `import * as fs from "fs";
const [offset, ...days] = process.argv.slice(2).map(Number);
const rows = days.map((d) => ({ timestamp: Date.UTC(2024, 0, d), close: 100 + d + offset, n: d }));
fs.writeFileSync(process.env.QUANTLAB_OUTPUT, JSON.stringify(rows));
`,
};

describe("scripts in every interpreter, through every mode", () => {
  for (const [file, text] of Object.entries(SCRIPTS)) {
    it(`${file}: write, append, update`, async () => {
      const script = fx.script(file, text);
      const symbol = file.replace(".", "_");
      await fx.jobs.add({ name: symbol, script, library: "data", symbol, args: ["0", "1", "2", "3"] });
      const first = await fx.jobs.run(symbol);
      expect(first, first.error ?? "").toMatchObject({ status: "success", rows: 3, version: 0, exitCode: 0, attempts: 1, cause: null });

      await fx.jobs.update(symbol, { mode: "append", args: ["0", "4", "5"] });
      expect(await fx.jobs.run(symbol)).toMatchObject({ status: "success", rows: 2, version: 1 });

      await fx.jobs.update(symbol, { mode: "update", args: ["1000", "2", "3"] });
      expect(await fx.jobs.run(symbol)).toMatchObject({ status: "success", rows: 2, version: 2 });

      const lib = await fx.arctic.getLibrary("data");
      const stored = columns((await lib.read(symbol)).data);
      expect(stored.timestamp).toEqual([1, 2, 3, 4, 5].map(day));
      expect(stored.close).toEqual([101, 1102, 1103, 104, 105]);
      expect(stored.n).toEqual([1, 2, 3, 4, 5]);
      expect(columns((await lib.read(symbol, { asOf: 0 })).data).close).toEqual([101, 102, 103]);
      expect((await lib.readMetadata(symbol)).metadata).toMatchObject({ job: symbol });
    });
  }
});

describe("tables handed over as a file", () => {
  it("reads Parquet from QUANTLAB_OUTPUT", async () => {
    const script = fx.script(
      "parquet.ts",
      `import { writeParquet } from ${JSON.stringify(PROJECT + "/lib/store/parquet")};
const ts = Float64Array.from([1, 2], (d) => Date.UTC(2024, 0, d) * 1000);
writeParquet(process.env.QUANTLAB_OUTPUT as string, [
  { name: "timestamp", type: "timestamp_us", values: ts },
  { name: "close", type: "double", values: Float64Array.from([10.5, 11.25]) },
  { name: "venue", type: "string", values: ["X", "Y"] },
], 2);
console.log("this line on stdout is a log line: the file wins");
`,
    );
    await fx.jobs.add({ name: "pq", script, library: "data", symbol: "PQ" });
    const run = await fx.jobs.run("pq");
    expect(run, run.error ?? "").toMatchObject({ status: "success", rows: 2 });
    const stored = columns((await (await fx.arctic.getLibrary("data")).read("PQ")).data);
    expect(stored).toEqual({ timestamp: [day(1), day(2)], close: [10.5, 11.25], venue: ["X", "Y"] });
  });

  it("reads a JSON object of columns and a CSV with quoted fields, nulls and booleans", async () => {
    const json = fx.script("cols.sh", `#!/usr/bin/env bash\necho '{"timestamp": ["2024-01-01", "2024-01-02"], "close": [1.5, null]}' > "$QUANTLAB_OUTPUT"\n`);
    await fx.jobs.add({ name: "cols", script: json, library: "data", symbol: "COLS" });
    expect(await fx.jobs.run("cols")).toMatchObject({ status: "success", rows: 2 });
    const csv = fx.script("quoted.sh", `#!/usr/bin/env bash\nprintf 'name,flag,note,when\\r\\n"a,b",true,"say ""hi""",2024-01-01T00:00:00.000001Z\\r\\nc,FALSE,,2024-01-02\\r\\n'\n`);
    await fx.jobs.add({ name: "quoted", script: csv, library: "data", symbol: "QUOTED" });
    const run = await fx.jobs.run("quoted");
    expect(run, run.error ?? "").toMatchObject({ status: "success", rows: 2 });
    const lib = await fx.arctic.getLibrary("data");
    expect(columns((await lib.read("COLS")).data)).toEqual({ timestamp: [day(1), day(2)], close: [1.5, null] });
    const quoted = columns((await lib.read("QUOTED")).data);
    expect(quoted.name).toEqual(["a,b", "c"]);
    expect(quoted.flag).toEqual([true, false]);
    expect(quoted.note).toEqual(['say "hi"', null]);
    expect(quoted.when[0]).toBeCloseTo(day(1) + 0.001, 6);
    expect((await lib.getDescription("QUOTED")).columns.map((c) => c.type)).toEqual(["string", "bool", "string", "timestamp"]);
  });
});

describe("the script's environment", () => {
  it("is exactly the documented variables, the job's env and TZ, with the project root as working directory", async () => {
    const script = fx.script(
      "env.mjs",
      `for (const [name, value] of Object.entries(process.env)) console.log(JSON.stringify({ name, value }));
console.log(JSON.stringify({ name: "<cwd>", value: process.cwd() }));
`,
    );
    process.env.QUANTLAB_TEST_SECRET = "must-not-leak";
    try {
      await fx.jobs.add({ name: "env", script, library: "data", symbol: "ENV", timezone: "America/New_York", env: { FOO: "bar" } });
      const scheduledAt = new Date(Date.UTC(2024, 2, 8, 14, 0));
      const run = await fx.jobs.run("env", { scheduledAt });
      expect(run, run.error ?? "").toMatchObject({ status: "success" });
      const t = columns((await (await fx.arctic.getLibrary("data")).read("ENV")).data);
      const env = Object.fromEntries(t.name.map((n, i) => [n, t.value[i]]));
      const inherited = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"].filter((n) => process.env[n] !== undefined);
      const quantlab = ["JOB", "RUN_ID", "ATTEMPT", "SCHEDULED_AT", "OUTPUT", "METADATA", "STORE", "LIBRARY", "SYMBOL", "MODE"].map((n) => `QUANTLAB_${n}`);
      expect(Object.keys(env).sort()).toEqual([...inherited, ...quantlab, "TZ", "FOO", "<cwd>"].sort());
      expect(env).toMatchObject({
        FOO: "bar",
        TZ: "America/New_York",
        QUANTLAB_JOB: "env",
        QUANTLAB_RUN_ID: run.runId,
        QUANTLAB_ATTEMPT: "1",
        QUANTLAB_SCHEDULED_AT: "2024-03-08T14:00:00.000Z",
        QUANTLAB_STORE: "duckdb://" + fx.storeDir,
        QUANTLAB_LIBRARY: "data",
        QUANTLAB_SYMBOL: "ENV",
        QUANTLAB_MODE: "write",
        "<cwd>": fx.root,
      });
    } finally {
      delete process.env.QUANTLAB_TEST_SECRET;
    }
  });
});

describe("inheritEnv and QUANTLAB_METADATA", () => {
  it("pass the named variables of the runner's environment, and never store their values with the job", async () => {
    const script = fx.script("key.sh", `#!/usr/bin/env bash\necho "timestamp,key,other"\necho "2024-01-01,\${API_KEY:-none},\${OTHER_KEY:-none}"\n`);
    process.env.API_KEY = "k-123";
    process.env.OTHER_KEY = "not-asked-for";
    try {
      await fx.jobs.add({ name: "key", script, library: "data", symbol: "KEY", inheritEnv: ["API_KEY"] });
      expect(await fx.jobs.run("key")).toMatchObject({ status: "success" });
    } finally {
      delete process.env.API_KEY;
      delete process.env.OTHER_KEY;
    }
    expect(columns((await (await fx.arctic.getLibrary("data")).read("KEY")).data)).toMatchObject({ key: ["k-123"], other: ["none"] });
    const stored = await (await fx.arctic.getLibrary("jobs")).read("job:key");
    expect(JSON.stringify(stored.data.objects())).not.toContain("k-123");
    expect((await fx.jobs.get("key")).inheritEnv).toEqual(["API_KEY"]);
    await expect(fx.jobs.add({ name: "bad", script, library: "data", symbol: "B", inheritEnv: ["QUANTLAB_STORE"] })).rejects.toThrow("JobSpec: 'inheritEnv' must not name 'QUANTLAB_STORE'");
    await expect(fx.jobs.add({ name: "bad", script, library: "data", symbol: "B", inheritEnv: ["A-B"] })).rejects.toThrow(/'inheritEnv' holds 'A-B', which is not an environment variable name/);
  });

  it("merges the JSON object a script writes to QUANTLAB_METADATA into the version's metadata; anything else fails the run", async () => {
    const good = fx.script("meta.sh", `#!/usr/bin/env bash\necho '{"source":"binance","job":"spoofed"}' > "$QUANTLAB_METADATA"\necho "timestamp,close"\necho "2024-01-01,1"\n`);
    await fx.jobs.add({ name: "meta", script: good, library: "data", symbol: "META" });
    const run = await fx.jobs.run("meta");
    expect(run, run.error ?? "").toMatchObject({ status: "success" });
    expect((await (await fx.arctic.getLibrary("data")).readMetadata("META")).metadata).toEqual({ source: "binance", job: "meta", runId: run.runId, scheduledAt: expect.any(String) });
    const bad = fx.script("badmeta.sh", `#!/usr/bin/env bash\necho '[1,2]' > "$QUANTLAB_METADATA"\necho "timestamp,close"\necho "2024-01-02,2"\n`);
    await fx.jobs.add({ name: "badmeta", script: bad, library: "data", symbol: "META", mode: "append" });
    const failed = await fx.jobs.run("badmeta");
    expect(failed).toMatchObject({ status: "failed", cause: "output" });
    expect(failed.error).toMatch(/QUANTLAB_METADATA file holds an array, not a JSON object/);
    expect((await (await fx.arctic.getLibrary("data")).listVersions("META")).length).toBe(1);
  });
});

describe("the store during a run", () => {
  it("is free for the script itself: an incremental job reads the last stored bar through QUANTLAB_STORE and appends the next", async () => {
    const script = fx.script(
      "next.sh",
      `#!/usr/bin/env bash
set -euo pipefail
last=$(${PROJECT}/bin/quantlab store read "$QUANTLAB_LIBRARY" "$QUANTLAB_SYMBOL" --store "$QUANTLAB_STORE" --format csv --tail 1 | tail -n 1)
day=$(( $(echo "$last" | cut -d, -f3) + 1 ))
echo "timestamp,close,n"
printf '2024-01-%02dT00:00:00Z,%s,%s\\n' "$day" "$((100 + day))" "$day"
`,
    );
    const seed = fx.script("rows.sh", SCRIPTS["rows.sh"]);
    await fx.jobs.add({ name: "seed", script: seed, library: "data", symbol: "INC", args: ["0", "1", "2"] });
    await fx.jobs.run("seed");
    await fx.jobs.add({ name: "next", script, library: "data", symbol: "INC", mode: "append" });
    for (let i = 0; i < 2; i++) {
      const run = await fx.jobs.run("next");
      expect(run, run.error + "\n" + run.stderrTail).toMatchObject({ status: "success", rows: 1 });
    }
    expect(columns((await (await fx.arctic.getLibrary("data")).read("INC")).data).n).toEqual([1, 2, 3, 4]);
  });
});
