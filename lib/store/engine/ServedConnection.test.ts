import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TimestampArray, columnKindOf } from "../../frame";
import { Catalog } from "./Catalog";
import { Connection, ParamType } from "./Connection";
import { Database } from "./Database";
import { FileClient } from "./FileClient";
import { FileHost } from "./FileHost";
import type { OutputArray, OutputKind } from "./readColumns";
import { socketPath } from "./wire";

/**
 * A connection served by a FileHost (another process's calls, here over a real Unix socket in this
 * process) must behave as a local DuckConnection does: same values, same typed arrays and tags, same
 * errors, and the same send/settle rule.
 */

let dir: string;
let database: Database;
let host: FileHost;
let local: Connection;
let client: FileClient;
/** A second database with a local connection, for running the same actions on a DuckConnection alone. */
let otherDatabase: Database;
let other: Connection;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-served-"));
  const file = path.join(dir, "lib.duckdb");
  database = await Database.create(file);
  local = await database.connect();
  host = (await FileHost.start(socketPath(file), database, () => undefined))!;
  expect(host).not.toBeNull();
  client = (await FileClient.connect(socketPath(file), file))!;
  expect(client).not.toBeNull();
  expect(await client.call(1, Date.now() + 30_000)).toBe("granted");
  otherDatabase = await Database.create(path.join(dir, "other.duckdb"));
  other = await otherDatabase.connect();
});

afterEach(async () => {
  client.close();
  await host.stop();
  host.disconnect();
  local.close();
  database.close();
  other.close();
  otherDatabase.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The error message `work` rejects with (fails the test when it resolves). */
async function failure(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error("expected the statement to fail");
}

/** Same row count, and per column the same container class, kind tag and values (NaN equal, -0 not +0). */
function expectSameColumns(served: { arrays: OutputArray[]; rowCount: number }, mine: { arrays: OutputArray[]; rowCount: number }): void {
  expect(served.rowCount).toBe(mine.rowCount);
  expect(served.arrays.length).toBe(mine.arrays.length);
  mine.arrays.forEach((expected, i) => {
    const got = served.arrays[i];
    expect(got.constructor, `column ${i}`).toBe(expected.constructor);
    expect(columnKindOf(got), `column ${i} kind`).toBe(columnKindOf(expected));
    expect(columnKindOf(got), `column ${i} kind`).toBeDefined();
    expect(Array.from(got as ArrayLike<unknown>), `column ${i}`).toEqual(Array.from(expected as ArrayLike<unknown>));
  });
}

describe("a served connection gives what a local one gives", () => {
  beforeEach(async () => {
    await local.run(`CREATE TABLE t (i INTEGER, b BIGINT, d DOUBLE, s VARCHAR, ts TIMESTAMP, f BOOLEAN)`);
    await local.run(`INSERT INTO t VALUES
      (1, 5, 1.5, 'a', TIMESTAMP '2020-01-01 00:00:00.123456', true),
      (2, 9007199254740993, 'NaN'::DOUBLE, NULL, TIMESTAMP '1969-12-31 23:59:59', false),
      (3, -3, NULL, 'ü''quote', NULL, NULL),
      (4, NULL, '-0.0'::DOUBLE, '', TIMESTAMP '2262-01-01 00:00:00', true)`);
  });

  it("rows, rowObjects and value (with and without params, no rows) are equal", async () => {
    const s = client.connection;
    const queries: [string, unknown[]?][] = [
      ["SELECT i, b, d, s, f FROM t ORDER BY i"],
      ["SELECT i, d FROM t WHERE i >= $1 ORDER BY i", [2]],
      ["SELECT count(*) AS n, sum(i) AS total FROM t"],
      ["SELECT * FROM t WHERE false"],
    ];
    for (const [sql, params] of queries) {
      expect(await s.rows(sql, params), sql).toStrictEqual(await local.rows(sql, params));
      expect(await s.rowObjects(sql, params), sql).toStrictEqual(await local.rowObjects(sql, params));
      expect(await s.value(sql, params), sql).toStrictEqual(await local.value(sql, params));
    }
    expect(await s.value("SELECT count(*) FROM t")).toBe(4n);
    expect(await s.value("SELECT i FROM t WHERE false")).toBeUndefined();
    expect(Object.is(await s.value("SELECT d FROM t WHERE i = 4"), -0)).toBe(true);
    expect(Number.isNaN(await s.value("SELECT d FROM t WHERE i = 2"))).toBe(true);
  });

  it("DuckDB's value classes (timestamps, decimals, lists, structs, maps, blobs...) arrive as the same classes", async () => {
    const sql = `SELECT ts, 1.25 AS dec, [1, 2] AS list, {'a': 1, 'b': [ts]} AS struct, MAP {'k': 2.5} AS map,
      DATE '2024-02-29' AS date, INTERVAL 90 MINUTE AS span, '\\xAA\\x00'::BLOB AS blob,
      '0b5f6c7e-3e7a-4d3b-9a51-2f1d6f0e8a11'::UUID AS id, TIME '12:34:56' AS time
      FROM t WHERE ts IS NOT NULL ORDER BY i`;
    const mine = await local.rows(sql);
    const served = await client.connection.rows(sql);
    expect(served).toStrictEqual(mine); // also compares each value's class
    expect(served.map((r) => r.map(String))).toStrictEqual(mine.map((r) => r.map(String)));
    expect(served[0].map((v) => Object.getPrototypeOf(v)?.constructor?.name)).toStrictEqual(mine[0].map((v) => Object.getPrototypeOf(v)?.constructor?.name));
    expect(String(served[0][1])).toBe("1.25");
    const objects = await client.connection.rowObjects(sql);
    expect(objects).toStrictEqual(await local.rowObjects(sql));
    expect(String(await client.connection.value(sql))).toBe(String(await local.value(sql)));
  });

  it("run changes what the local connection sees, with typed params", async () => {
    await client.connection.run("INSERT INTO t (i, d, s) VALUES ($1, $2, $3)", [10, NaN, "x"], ["int", "float", "string"]);
    await client.connection.run("INSERT INTO t (i) VALUES (11); INSERT INTO t (i) VALUES (12)");
    expect(await local.rows("SELECT i, d, s FROM t WHERE i >= 10 ORDER BY i")).toStrictEqual([
      [10, NaN, "x"],
      [11, null, null],
      [12, null, null],
    ]);
  });

  it("readColumns: the same typed arrays (TimestampArray, Int32Array, Float64Array, BigInt64Array), nulls, NaN and kind tags", async () => {
    const cases: [string, OutputKind[]][] = [
      ["SELECT epoch_us(ts)::DOUBLE / 1000, d, i::BIGINT, s, f FROM t WHERE ts IS NOT NULL ORDER BY i", ["timestamp", "float", "int", "string", "bool"]],
      ["SELECT epoch_us(ts)::DOUBLE / 1000, d, b, s, f FROM t ORDER BY i", ["timestamp", "float", "int", "string", "bool"]],
      ["SELECT i::BIGINT FROM t ORDER BY i", ["int"]],
      ["SELECT (i * 3000000000)::BIGINT FROM t ORDER BY i", ["int"]],
      ["SELECT b FROM t WHERE b IS NOT NULL ORDER BY i", ["int"]],
      ["SELECT d FROM t WHERE d IS NOT NULL ORDER BY i", ["float"]],
      ["SELECT epoch_us(ts)::DOUBLE / 1000 FROM t WHERE false", ["timestamp"]],
    ];
    const seen = new Set<unknown>();
    for (const [sql, kinds] of cases) {
      const mine = await local.readColumns(sql, kinds);
      const served = await client.connection.readColumns(sql, kinds);
      expectSameColumns(served, mine);
      for (const a of mine.arrays) seen.add(a.constructor);
    }
    // The cases cover every container readColumns makes.
    for (const kind of [TimestampArray, Int32Array, Float64Array, BigInt64Array, Array]) expect(seen.has(kind), kind.name).toBe(true);
    const first = await client.connection.readColumns(cases[0][0], cases[0][1]);
    expect(first.arrays[0]).toBeInstanceOf(TimestampArray);
    expect((first.arrays[0] as TimestampArray).iso(0)).toBe("2020-01-01T00:00:00.123456Z");
    expect(columnKindOf(first.arrays[0])).toBe("timestamp");
    expect(columnKindOf(first.arrays[2])).toBe("int");
  });

  it("statementCount and shape are equal", async () => {
    for (const sql of ["SELECT 1; SELECT 2;", "SELECT 1", "INSERT INTO t (i) VALUES (1); DELETE FROM t; SELECT 3"]) {
      expect(await client.connection.statementCount(sql), sql).toBe(await local.statementCount(sql));
    }
    for (const sql of ["SELECT i, b, d, s, ts, f, [1] AS l FROM t", "INSERT INTO t (i) VALUES (1)", "SELECT epoch_us(ts) AS e FROM t"]) {
      expect(await client.connection.shape(sql), sql).toStrictEqual(await local.shape(sql));
    }
    expect((await client.connection.shape("SELECT i, ts FROM t")).columns).toStrictEqual([
      { name: "i", kind: "int" },
      { name: "ts", kind: "timestamp" },
    ]);
  });

  it("a failing statement fails with the same message, whichever method runs it", async () => {
    const s = client.connection;
    const failing: [string, (c: Connection) => Promise<unknown>][] = [
      ["syntax error", (c) => c.run("SELEC 1")],
      ["missing table", (c) => c.rows("SELECT * FROM missing_table")],
      ["missing column", (c) => c.rowObjects("SELECT nope FROM t")],
      ["bad cast", (c) => c.value("SELECT 'x'::INTEGER")],
      ["wrong param count", (c) => c.run("INSERT INTO t (i) VALUES ($1)", [1, 2], ["int", "int"])],
      ["readColumns missing table", (c) => c.readColumns("SELECT x FROM missing_table", ["float"])],
      ["statementCount syntax", (c) => c.statementCount("SELECT FROM WHERE (")],
      ["shape missing table", (c) => c.shape("SELECT * FROM missing_table")],
      ["constraint", (c) => c.run("CREATE TABLE t (x INTEGER)")],
    ];
    for (const [what, work] of failing) {
      const mine = await failure(() => work(local));
      expect(mine.length, what).toBeGreaterThan(0);
      expect(await failure(() => work(s)), what).toBe(mine);
    }
    // The connection works on after its failures.
    expect(await s.value("SELECT count(*) FROM t")).toBe(4n);
  });
});

/** A small random table: named columns of one kind each, and rows of values (null allowed). */
const kindValue: Record<OutputKind, fc.Arbitrary<unknown>> = {
  float: fc.oneof(fc.double(), fc.constantFrom(NaN, -0, Infinity, -Infinity)),
  int: fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
  bool: fc.boolean(),
  string: fc.string({ unit: "grapheme", maxLength: 8 }),
  // Epoch microseconds, years 1900 to 2100.
  timestamp: fc.bigInt({ min: -2_208_988_800_000_000n, max: 4_102_444_800_000_000n }),
};
const SQL_OF: Record<OutputKind, string> = { float: "DOUBLE", int: "BIGINT", bool: "BOOLEAN", string: "VARCHAR", timestamp: "TIMESTAMP" };
const PARAM_OF: Record<OutputKind, ParamType> = { float: "float", int: "int", bool: "bool", string: "string", timestamp: "int" };

const table = fc
  .array(fc.constantFrom<OutputKind>("float", "int", "bool", "string", "timestamp"), { minLength: 1, maxLength: 4 })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      rows: fc.array(fc.tuple(...kinds.map((k) => fc.option(kindValue[k], { freq: 4 }))), { maxLength: 8 }),
    }),
  );

describe("readColumns over the socket equals readColumns here (property)", () => {
  it("random small tables of every kind, with nulls, NaN, -0 and 64-bit ints", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(table, async ({ kinds, rows }) => {
        const name = `p${n++}`;
        await local.run(`CREATE TABLE ${name} (${kinds.map((k, i) => `c${i} ${SQL_OF[k]}`).join(", ")}, r INTEGER)`);
        for (const [r, row] of rows.entries()) {
          const slots = kinds.map((k, i) => (k === "timestamp" ? `make_timestamp($${i + 1}::BIGINT)` : `$${i + 1}`));
          await local.run(`INSERT INTO ${name} VALUES (${slots.join(", ")}, ${r})`, row, kinds.map((k) => PARAM_OF[k]));
        }
        const select = kinds.map((k, i) => (k === "timestamp" ? `epoch_us(c${i})::DOUBLE / 1000` : `c${i}`)).join(", ");
        const sql = `SELECT ${select} FROM ${name} ORDER BY r`;
        const mine = await local.readColumns(sql, kinds);
        expect(mine.rowCount).toBe(rows.length);
        expectSameColumns(await client.connection.readColumns(sql, kinds), mine);
        // rows() of the same columns (timestamps as epoch microseconds): DuckDB's values, as they are here.
        const plain = `SELECT ${kinds.map((k, i) => (k === "timestamp" ? `epoch_us(c${i})` : `c${i}`)).join(", ")} FROM ${name} ORDER BY r`;
        expect(await client.connection.rows(plain)).toStrictEqual(await local.rows(plain));
        await local.run(`DROP TABLE ${name}`);
      }),
      { numRuns: 60 },
    );
  });
});

/** One step of a connection's use: a statement sent without waiting, an awaited statement, or settle(). */
type Action =
  | { a: "sendOk"; k: number }
  | { a: "sendFail"; k: number }
  | { a: "runOk"; k: number }
  | { a: "runFail"; k: number }
  | { a: "rows" }
  | { a: "settle" };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ a: fc.constant("sendOk" as const), k: fc.nat(99) }),
  fc.record({ a: fc.constant("sendFail" as const), k: fc.nat(9) }),
  fc.record({ a: fc.constant("runOk" as const), k: fc.nat(99) }),
  fc.record({ a: fc.constant("runFail" as const), k: fc.nat(9) }),
  fc.constant({ a: "rows" as const }),
  fc.constant({ a: "settle" as const }),
);

/** Plays `actions` on `c` against table `t`; records each awaited step's outcome, then the table. */
async function play(c: Connection, actions: Action[]): Promise<unknown[]> {
  const record: unknown[] = [];
  const awaited = async (step: string, work: () => Promise<unknown>) => {
    try {
      record.push([step, "ok", await work()]);
    } catch (error) {
      record.push([step, "threw", (error as Error).message]);
    }
  };
  for (const [i, x] of actions.entries()) {
    switch (x.a) {
      case "sendOk":
        c.send(`INSERT INTO t VALUES (${x.k})`);
        break;
      case "sendFail":
        c.send(`INSERT INTO missing_${x.k} VALUES (1)`);
        break;
      case "runOk":
        await awaited(`${i} run`, () => c.run(`INSERT INTO t VALUES (${x.k})`));
        break;
      case "runFail":
        await awaited(`${i} runFail`, () => c.run(`INSERT INTO t VALUES ('not a number ${x.k}')`));
        break;
      case "rows":
        await awaited(`${i} rows`, () => c.rows("SELECT x FROM t ORDER BY x"));
        break;
      case "settle":
        await awaited(`${i} settle`, () => c.settle());
        break;
    }
  }
  await awaited("final settle", () => c.settle());
  await awaited("final rows", () => c.rows("SELECT x FROM t ORDER BY x"));
  return record;
}

describe("send and settle: the same rule for a local and a served connection", () => {
  beforeEach(async () => {
    await local.run("CREATE TABLE t (x INTEGER)");
    await other.run("CREATE TABLE t (x INTEGER)");
  });

  it("after a failed send, later sends do not run and the next awaited statement throws its error without running; then statements run again", async () => {
    for (const c of [other, client.connection]) {
      c.send("INSERT INTO t VALUES (1)");
      c.send("INSERT INTO missing_table VALUES (2)");
      c.send("INSERT INTO t VALUES (3)");
      const error = await failure(() => c.run("INSERT INTO t VALUES (4)"));
      expect(error).toMatch(/missing_table/);
      await c.run("INSERT INTO t VALUES (5)");
      expect(await c.rows("SELECT x FROM t ORDER BY x")).toStrictEqual([[1], [5]]);
    }
  });

  it("settle() throws a failed send's error; the statement after it runs", async () => {
    for (const c of [other, client.connection]) {
      c.send("INSERT INTO missing_table VALUES (1)");
      c.send("INSERT INTO t VALUES (2)");
      expect(await failure(() => c.settle())).toMatch(/missing_table/);
      await c.settle(); // nothing left to report
      await c.run("INSERT INTO t VALUES (3)");
      expect(await c.rows("SELECT x FROM t ORDER BY x")).toStrictEqual([[3]]);
    }
  });

  it("a Catalog transaction whose work throws after a failed send is rolled back, on either connection", async () => {
    for (const c of [other, client.connection]) {
      const catalog = new Catalog(c);
      const thrown = await failure(() =>
        catalog.transaction(async () => {
          c.send("INSERT INTO t VALUES (1)");
          c.send("INSERT INTO missing_table VALUES (2)");
          throw new Error("the work failed");
        }),
      );
      expect(thrown).toBe("the work failed");
      // No transaction is left open (BEGIN would fail inside one), and the first insert was rolled back.
      await c.run("BEGIN TRANSACTION");
      await c.run("COMMIT");
      expect(await c.rows("SELECT x FROM t")).toStrictEqual([]);
    }
  });

  it("random sequences of sends, awaited statements and settles give identical records (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 12 }), async (actions) => {
        await other.run("DELETE FROM t");
        await local.run("DELETE FROM t");
        const mine = await play(other, actions);
        const served = await play(client.connection, actions);
        expect(served).toStrictEqual(mine);
      }),
      { numRuns: 150 },
    );
  });
});
