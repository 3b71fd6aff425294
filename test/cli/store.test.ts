import { setTimeout as sleep } from "timers/promises";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./runCli";
import { Arctic } from "../../lib/store";

const run = (...args: string[]) => runCli(args);

const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i));

/** What the fixture store holds, for assertions. */
interface Fixture {
  dir: string;
  uri: string;
  /** Creation time of AAPL version 0 (an --as-of time before version 1). */
  aaplV0Time: Date;
}

/**
 * A store in a temp folder with library `market_data`:
 * - AAPL v0: 10 daily rows (close 100.5.., name x; row 3 is "a,b"), metadata { source: "test" };
 *   v1: 30 rows (v0's plus 20 appended, close 200.., name y); snapshot `snap1` holds v1;
 *   v2: writeMetadata { note: "v2" }; then v1 is deleted (still readable through snap1).
 * - MSFT v0 (after the snapshot): 3 rows with a null close, a NaN close and a null name.
 * - ROWS v0: a row-indexed symbol.
 * And an empty library `empty`.
 */
async function makeFixture(): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-cli-"));
  const uri = "duckdb://" + dir;
  const arctic = await Arctic.open(uri);
  try {
    const lib = await arctic.createLibrary("market_data");
    await arctic.createLibrary("empty");
    const first = Array.from({ length: 10 }, (_, i) => i);
    const v0 = await lib.write(
      "AAPL",
      { timestamp: first.map(day), close: first.map((i) => 100.5 + i), name: first.map((i) => (i === 3 ? "a,b" : "x")) },
      { metadata: { source: "test" } },
    );
    await sleep(5);
    const more = Array.from({ length: 20 }, (_, i) => 10 + i);
    await lib.append("AAPL", { timestamp: more.map(day), close: more.map((i) => 190 + i), name: more.map(() => "y") });
    await lib.snapshot("snap1", { metadata: { purpose: "month end" } });
    await sleep(5);
    await lib.writeMetadata("AAPL", { note: "v2" });
    await lib.delete("AAPL", { versions: [1] });
    await lib.write("MSFT", { timestamp: [day(0), day(1), day(2)], close: [1.25, null, NaN], name: ["m", null, "n"] });
    await lib.write("ROWS", { a: [1, 2], b: ["p", "q"] });
    return { dir, uri, aaplV0Time: v0.timestamp };
  } finally {
    await arctic.close();
  }
}

let fx: Fixture;
beforeAll(async () => {
  fx = await makeFixture();
});
afterAll(() => {
  fs.rmSync(fx.dir, { recursive: true, force: true });
});

/** `quantlab store <args> --store <fixture>` */
const store = (...args: string[]) => run("store", ...args, "--store", fx.uri);

describe("quantlab store libraries", () => {
  it("prints the names one per line, or a JSON array", async () => {
    expect(await store("libraries")).toMatchObject({ code: 0, stdout: "empty\nmarket_data\n", stderr: "" });
    expect(JSON.parse((await store("libraries", "--json")).stdout)).toEqual(["empty", "market_data"]);
  });

  it("takes --store before the group and the command too", async () => {
    const result = await run("--store", fx.uri, "store", "libraries");
    expect(result.lines).toEqual(["empty", "market_data"]);
    expect((await run("store", "--store", fx.uri, "libraries")).lines).toEqual(["empty", "market_data"]);
  });

  it("uses $QUANTLAB_STORE when --store is not given", async () => {
    const saved = process.env.QUANTLAB_STORE;
    process.env.QUANTLAB_STORE = fx.dir;
    try {
      expect((await run("store", "libraries")).lines).toEqual(["empty", "market_data"]);
    } finally {
      if (saved === undefined) delete process.env.QUANTLAB_STORE;
      else process.env.QUANTLAB_STORE = saved;
    }
  });
});

describe("quantlab store symbols", () => {
  it("lists live symbols, filters by regex and by snapshot", async () => {
    expect((await store("symbols", "market_data")).lines).toEqual(["AAPL", "MSFT", "ROWS"]);
    expect((await store("symbols", "market_data", "--regex", "^(A|M)")).lines).toEqual(["AAPL", "MSFT"]);
    expect((await store("symbols", "market_data", "--snapshot", "snap1")).lines, "MSFT was written after snap1").toEqual(["AAPL"]);
    expect(JSON.parse((await store("symbols", "market_data", "--json")).stdout)).toEqual(["AAPL", "MSFT", "ROWS"]);
    expect((await store("symbols", "empty")).stdout).toBe("");
  });
});

describe("quantlab store versions", () => {
  it("prints a table of one symbol's versions, newest first, with deleted and snapshots", async () => {
    const { code, lines } = await store("versions", "market_data", "AAPL");
    expect(code).toBe(0);
    expect(lines[0].split(/\s+/)).toEqual(["symbol", "version", "date", "deleted", "snapshots"]);
    const rows = lines.slice(1).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      ["AAPL", "2", "false", undefined],
      ["AAPL", "1", "true", "snap1"],
      ["AAPL", "0", "false", undefined],
    ]);
    expect(rows[2][2]).toBe(fx.aaplV0Time.toISOString());
  });

  it("lists every symbol, or a snapshot's versions, as JSON", async () => {
    const all = JSON.parse((await store("versions", "market_data", "--json")).stdout);
    expect(all.map((v: { symbol: string; version: number }) => `${v.symbol}@${v.version}`)).toEqual([
      "AAPL@2",
      "AAPL@1",
      "AAPL@0",
      "MSFT@0",
      "ROWS@0",
    ]);
    const pinned = JSON.parse((await store("versions", "market_data", "--snapshot", "snap1", "--json")).stdout);
    expect(pinned).toEqual([{ symbol: "AAPL", version: 1, date: expect.any(String), deleted: true, snapshots: ["snap1"] }]);
  });
});

describe("quantlab store read", () => {
  it("prints an aligned table of at most 20 rows with ISO timestamps and a '… N more rows' line", async () => {
    const { code, lines } = await store("read", "market_data", "AAPL");
    expect(code).toBe(0);
    expect(lines).toHaveLength(1 + 20 + 1);
    expect(lines[0]).toBe("timestamp                 close  name");
    expect(lines[1]).toBe("2024-01-01T00:00:00.000Z  100.5  x");
    expect(lines[4]).toBe("2024-01-04T00:00:00.000Z  103.5  a,b");
    expect(lines[11], "numbers are right-aligned").toBe("2024-01-11T00:00:00.000Z    200  y");
    expect(lines[21]).toBe("… 10 more rows");
  });

  it("honours --limit, and --head/--tail within --start/--end", async () => {
    expect((await store("read", "market_data", "AAPL", "--limit", "3")).lines.slice(-1)).toEqual(["… 27 more rows"]);
    const window = await store("read", "market_data", "AAPL", "--start", "2024-01-05", "--end", "2024-01-09T00:00:00Z", "--tail", "3", "--limit", "2");
    expect(window.lines).toEqual([
      "timestamp                 close  name",
      "2024-01-07T00:00:00.000Z  106.5  x",
      "2024-01-08T00:00:00.000Z  107.5  x",
      "… 1 more row",
    ]);
    const all = await store("read", "market_data", "AAPL", "--head", "2");
    expect(all.lines).toHaveLength(3);
  });

  it("prints every row as CSV with a header and quoted fields", async () => {
    const { code, lines } = await store("read", "market_data", "AAPL", "--format", "csv");
    expect(code).toBe(0);
    expect(lines).toHaveLength(31);
    expect(lines[0]).toBe("timestamp,close,name");
    expect(lines[1]).toBe("2024-01-01T00:00:00.000Z,100.5,x");
    expect(lines[4]).toBe('2024-01-04T00:00:00.000Z,103.5,"a,b"');
    expect(lines[30]).toBe("2024-01-30T00:00:00.000Z,219,y");
  });

  it("prints JSON rows that parse back to the stored values", async () => {
    const rows = JSON.parse((await store("read", "market_data", "AAPL", "--json", "--tail", "2", "--columns", "close")).stdout);
    expect(rows).toEqual([
      { timestamp: "2024-01-29T00:00:00.000Z", close: 218 },
      { timestamp: "2024-01-30T00:00:00.000Z", close: 219 },
    ]);
    const csvAll = JSON.parse((await store("read", "market_data", "AAPL", "--format", "json")).stdout);
    expect(csvAll).toHaveLength(30);
    expect(JSON.parse((await store("read", "market_data", "AAPL", "--json", "--head", "0")).stdout)).toEqual([]);
  });

  it("reads --as-of a version number, a time and a snapshot (which holds a deleted version)", async () => {
    const rowsOf = async (asOf: string) =>
      JSON.parse((await store("read", "market_data", "AAPL", "--as-of", asOf, "--json", "--columns", "close")).stdout).length;
    expect(await rowsOf("0")).toBe(10);
    expect(await rowsOf("-1"), "a negative version is a value, not an option").toBe(30);
    expect(await rowsOf("-2")).toBe(10);
    expect(await rowsOf(fx.aaplV0Time.toISOString()), "the latest version at or before v0's time").toBe(10);
    expect(await rowsOf("snap1")).toBe(30);
    expect((await store("read", "market_data", "AAPL", "--as-of", "snap1", "--limit", "1")).lines.slice(-1)).toEqual(["… 29 more rows"]);
  });

  it("shows nulls and NaN: 'null' in a table, empty in CSV, null in JSON", async () => {
    const table = await store("read", "market_data", "MSFT");
    expect(table.lines).toEqual([
      "timestamp                 close  name",
      "2024-01-01T00:00:00.000Z   1.25  m",
      "2024-01-02T00:00:00.000Z   null  null",
      "2024-01-03T00:00:00.000Z    NaN  n",
    ]);
    expect((await store("read", "market_data", "MSFT", "--format", "csv")).lines.slice(1)).toEqual([
      "2024-01-01T00:00:00.000Z,1.25,m",
      "2024-01-02T00:00:00.000Z,,",
      "2024-01-03T00:00:00.000Z,NaN,n",
    ]);
    expect(JSON.parse((await store("read", "market_data", "MSFT", "--json")).stdout)[1]).toEqual({
      timestamp: "2024-01-02T00:00:00.000Z",
      close: null,
      name: null,
    });
  });

  it("reads a row-indexed symbol", async () => {
    expect((await store("read", "market_data", "ROWS")).lines).toEqual(["a  b", "1  p", "2  q"]);
  });
});

describe("quantlab store sql", () => {
  it("runs a SELECT over symbols: a table with a '… more rows' line, or every row as csv / json", async () => {
    const q = "SELECT timestamp, close FROM {AAPL} WHERE close > 100 ORDER BY timestamp";
    const table = await store("sql", "market_data", q, "--limit", "3");
    expect(table.code).toBe(0);
    expect(table.lines[0]).toMatch(/^timestamp\s+close$/);
    expect(table.lines.slice(1, 4).map((l) => l.split(/\s+/))).toEqual([
      ["2024-01-01T00:00:00.000Z", "100.5"],
      ["2024-01-02T00:00:00.000Z", "101.5"],
      ["2024-01-03T00:00:00.000Z", "102.5"],
    ]);
    expect(table.lines[4]).toBe("… 27 more rows");
    const csv = await store("sql", "market_data", "SELECT count(*) AS n, sum(close) AS total FROM {AAPL}", "--format", "csv");
    const closes = [...Array.from({ length: 10 }, (_, i) => 100.5 + i), ...Array.from({ length: 20 }, (_, i) => 200 + i)];
    expect(csv.lines).toEqual(["n,total", `30,${closes.reduce((a, b) => a + b)}`]);
    const json = await store("sql", "market_data", "SELECT name, count(*) AS n FROM {AAPL} GROUP BY name ORDER BY name", "--json");
    expect(JSON.parse(json.stdout)).toEqual([
      { name: "a,b", n: 1 },
      { name: "x", n: 9 },
      { name: "y", n: 20 },
    ]);
  });

  it("--as-of reads older versions: a time before the append (10 rows), a snapshot (v1, since deleted: 30 rows)", async () => {
    const q = "SELECT count(*) AS n FROM {AAPL}";
    expect((await store("sql", "market_data", q, "--as-of", fx.aaplV0Time.toISOString(), "--format", "csv")).lines).toEqual(["n", "10"]);
    expect((await store("sql", "market_data", q, "--as-of", "snap1", "--format", "csv")).lines).toEqual(["n", "30"]);
  });

  it("refuses anything but one SELECT, and names a missing symbol; exit code 1", async () => {
    const del = await store("sql", "market_data", "DELETE FROM x");
    expect([del.code, del.stderr.trim()]).toEqual([1, "error: sql: only a single SELECT statement may be run over the store, got: DELETE FROM x"]);
    const missing = await store("sql", "market_data", "SELECT * FROM {NOPE}");
    expect([missing.code, missing.stderr.trim()]).toEqual([1, "error: symbol 'NOPE' does not exist in library 'market_data'"]);
  });
});

describe("quantlab store sql reaches symbols, not the machine", () => {
  it("refuses files, directory listings and the catalog (exit 1, nothing printed); a trailing -- comment runs", async () => {
    for (const q of ["SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM glob('/etc/*')", "SELECT * FROM ql_versions", "SELECT * FROM '/etc/passwd'"]) {
      const r = await store("sql", "market_data", q);
      expect([r.code, r.stdout], q).toEqual([1, ""]);
      expect(r.stderr, q).toMatch(/^error: sql: .*reads only its \{SYMBOL\} placeholders/);
    }
    expect((await store("sql", "market_data", "SELECT count(*) AS n FROM {AAPL} -- all rows", "--format", "csv")).lines).toEqual(["n", "30"]);
  });
});

describe("quantlab store describe", () => {
  it("prints columns, types, rows, date range, sortedness and metadata", async () => {
    const { code, stdout } = await store("describe", "market_data", "AAPL");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^version\s+2$/m);
    expect(stdout).toMatch(/^rows\s+30$/m);
    expect(stdout).toMatch(/^date range\s+2024-01-01T00:00:00\.000Z \.\. 2024-01-30T00:00:00\.000Z$/m);
    expect(stdout).toMatch(/^sorted\s+ASCENDING$/m);
    expect(stdout).toMatch(/^metadata\s+\{"note":"v2"\}$/m);
    expect(stdout).toMatch(/^close\s+float$/m);
    expect(stdout).toMatch(/^name\s+string$/m);
  });

  it("describes --as-of a version as JSON", async () => {
    const description = JSON.parse((await store("describe", "market_data", "AAPL", "--as-of", "0", "--json")).stdout);
    expect(description).toMatchObject({
      symbol: "AAPL",
      version: 0,
      rowCount: 10,
      index: { name: "timestamp", type: "timestamp" },
      dateRange: ["2024-01-01T00:00:00.000Z", "2024-01-10T00:00:00.000Z"],
      sorted: "ASCENDING",
      metadata: { source: "test" },
    });
    expect(description.columns).toEqual([
      { name: "timestamp", type: "timestamp" },
      { name: "close", type: "float" },
      { name: "name", type: "string" },
    ]);
  });
});

describe("quantlab store snapshots", () => {
  it("lists snapshots with creation time and metadata", async () => {
    const { lines } = await store("snapshots", "market_data");
    expect(lines[0].split(/\s+/)).toEqual(["name", "created", "metadata"]);
    expect(lines[1]).toMatch(/^snap1\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+\{"purpose":"month end"\}$/);
    expect(JSON.parse((await store("snapshots", "market_data", "--json")).stdout)).toEqual([
      { name: "snap1", created: expect.any(String), metadata: { purpose: "month end" } },
    ]);
  });
});

describe("errors and help", () => {
  it.each([
    [["read", "nope", "AAPL"], /^error: library 'nope' does not exist/],
    [["read", "market_data", "NOPE"], /^error: symbol 'NOPE' does not exist/],
    [["read", "market_data", "AAPL", "--as-of", "1"], /^error: .*version 1/],
    [["read", "market_data", "AAPL", "--as-of", "no-such-snapshot"], /^error: snapshot 'no-such-snapshot' does not exist/],
    [["read", "market_data", "AAPL", "--columns", "volume"], /^error: column 'volume' does not exist/],
    [["read", "market_data", "ROWS", "--start", "2024-01-01"], /^error: 'ROWS' is row-indexed/],
    [["symbols", "market_data", "--snapshot", "nope"], /^error: snapshot 'nope' does not exist/],
  ])("store %j fails with exit code 1 and one line on stderr", async (args, message) => {
    const result = await store(...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n"), "no stack trace").toHaveLength(1);
  });

  it("refuses a --store folder that does not exist instead of creating it", async () => {
    const missing = path.join(fx.dir, "typo");
    const result = await run("store", "libraries", "--store", "duckdb://" + missing);
    expect(result).toMatchObject({ code: 1, stdout: "", stderr: `error: there is no store at '${missing}' (no such folder; given); check --store or QUANTLAB_STORE\n` });
    expect(fs.existsSync(missing)).toBe(false);
  });

  it.each([
    [["frob"], "unknown command 'frob'", "Usage: quantlab <group>"],
    [[], "no command given", "Usage: quantlab <group>"],
    [["store", "frob"], "unknown command 'store frob'", "Usage: quantlab store <command>"],
    [["store"], "'quantlab store' needs a command", "Usage: quantlab store <command>"],
    [["store", "read", "market_data", "AAPL", "--bogus"], "unknown option '--bogus'", "Usage: quantlab store read"],
    [["store", "read", "market_data"], "'store read' needs LIBRARY SYMBOL", "Usage: quantlab store read"],
    [["store", "symbols", "a", "b"], "unexpected argument 'b'", "Usage: quantlab store symbols"],
    [["store", "read", "a", "b", "--head", "2", "--tail", "2"], "--head and --tail conflict", "Usage: quantlab store read"],
    [["store", "read", "a", "b", "--head", "x"], "--head must be a whole number", "Usage: quantlab store read"],
    [["store", "read", "a", "b", "--start", "yesterday"], "--start must be an ISO-8601", "Usage: quantlab store read"],
    [["store", "read", "a", "b", "--format", "xml"], "--format must be table, csv or json", "Usage: quantlab store read"],
    [["store", "libraries", "--store"], "option '--store' needs a value", "Usage: quantlab store libraries"],
    [["store", "libraries", "--json=yes"], "option '--json' takes no value", "Usage: quantlab store libraries"],
    [["store", "read", "a", "b", "--as-of", "--json"], "option '--as-of' needs a value", "Usage: quantlab store read"],
  ])("%j is a usage error: exit code 2, message and usage on stderr", async (args, message, usage) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(usage);
  });

  it("prints help on stdout with exit code 0", async () => {
    const top = await run("--help");
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^\s+store\s+browse/m);
    const group = await run("store", "--help");
    expect(group.code).toBe(0);
    for (const command of ["libraries", "symbols", "versions", "read", "describe", "snapshots"]) {
      expect(group.stdout).toContain(`quantlab store ${command}`);
    }
    for (const option of ["--regex", "--snapshot", "--as-of", "--head", "--tail", "--columns", "--format", "--limit", "--store", "--json"]) {
      expect(group.stdout).toContain(option);
    }
    const read = await run("store", "read", "-h");
    expect(read).toMatchObject({ code: 0, stderr: "" });
    expect(read.stdout).toContain("Usage: quantlab store read LIBRARY SYMBOL [options]");
  });
});
