import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DuckDBConnection, DuckDBInstance, DuckDBTimestampValue } from "@duckdb/node-api";
import { writeParquet } from "./index";
import type { ParquetColumn } from "./index";
import { utf8Length, writeUtf8 } from "./encode";

let dir: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;
let fileNo = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(os.tmpdir() + "/pq-");
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function tmpFile(): string {
  return path.join(dir, `t${fileNo++}.parquet`);
}

function sqlPath(p: string): string {
  return `'${p.replace(/'/g, "''")}'`;
}

async function query(sql: string): Promise<unknown[][]> {
  return (await conn.runAndReadAll(sql)).getRows() as unknown[][];
}

/** Canonical JS form of a DuckDB value (timestamps as bigint micros). */
function canon(v: unknown): unknown {
  return v instanceof DuckDBTimestampValue ? v.micros : v;
}

/** What each input cell should read back as. */
function expected(col: ParquetColumn, i: number): unknown {
  if (col.valid && col.valid[i] === 0) return null;
  const v = col.values[i];
  if (v === null || v === undefined) return null;
  switch (col.type) {
    case "double":
    case "string":
      return v;
    case "bool":
      return v !== 0;
    default:
      return typeof v === "bigint" ? v : BigInt(v as number);
  }
}

/** Writes, reads back in file order, and compares every cell exactly. */
async function roundTrip(columns: ParquetColumn[], rowCount: number, rowGroupSize?: number): Promise<string> {
  const file = tmpFile();
  writeParquet(file, columns, rowCount, rowGroupSize === undefined ? {} : { rowGroupSize });
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const rows = await query(
    `SELECT ${names} FROM read_parquet(${sqlPath(file)}, file_row_number=true) ORDER BY file_row_number`,
  );
  const got = rows.map((r) => r.map(canon));
  const want = Array.from({ length: rowCount }, (_, i) => columns.map((c) => expected(c, i)));
  expect(got).toEqual(want);
  return file;
}

async function describeTypes(file: string): Promise<string[]> {
  const rows = await query(`DESCRIBE SELECT * FROM read_parquet(${sqlPath(file)})`);
  return rows.map((r) => `${r[0]}:${r[1]}`);
}

const I64_MAX = 2n ** 63n - 1n;
const P53 = 2 ** 53;

describe("writeParquet round trips through DuckDB", () => {
  it("maps every type to the right DuckDB type", async () => {
    const file = await roundTrip(
      [
        { name: "c_1", type: "double", values: new Float64Array([1.5, -2]) },
        { name: "c_2", type: "int64", values: new BigInt64Array([1n, -1n]) },
        { name: "c_3", type: "timestamp_us", values: new Float64Array([0, 1]) },
        { name: "c_4", type: "bool", values: new Uint8Array([1, 0]) },
        { name: "c_5", type: "string", values: ["a", "b"] },
      ],
      2,
    );
    expect(await describeTypes(file)).toEqual([
      "c_1:DOUBLE",
      "c_2:BIGINT",
      "c_3:TIMESTAMP",
      "c_4:BOOLEAN",
      "c_5:VARCHAR",
    ]);
  });

  it("keeps doubles bit-exact: NaN, -0, infinities, subnormals, extremes", async () => {
    const values = new Float64Array([
      NaN, -0, 0, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, Number.MAX_VALUE,
      -Number.MAX_VALUE, Number.EPSILON, 0.1, -123456.789, P53 + 2,
    ]);
    const file = await roundTrip([{ name: "x", type: "double", values }], values.length);
    const [[nan, negZero]] = await query(
      `SELECT count(*) FILTER (WHERE isnan(x)), count(*) FILTER (WHERE x = 0 AND signbit(x)) FROM read_parquet(${sqlPath(file)})`,
    );
    expect([nan, negZero]).toEqual([1n, 1n]);
  });

  it("writes int64 extremes from BigInt64Array and ±2^53 from Float64Array", async () => {
    const big = new BigInt64Array([I64_MAX, -I64_MAX, -(2n ** 63n), 0n, -1n, 42n, -4294967296n, 4294967295n]);
    const dbl = new Float64Array([P53, -P53, 0, -1, 42, -4294967296, 4294967295, -(2 ** 63)]);
    await roundTrip(
      [
        { name: "a", type: "int64", values: big },
        { name: "b", type: "int64", values: dbl },
      ],
      big.length,
    );
  });

  it("writes timestamps incl. pre-1970 and sub-millisecond micros", async () => {
    const micros = [0, 1, -1, -999, 1577836800123456, -2208988800000001, 4102444800000000, 86_400_000_001];
    const file = await roundTrip(
      [
        { name: "f", type: "timestamp_us", values: Float64Array.from(micros) },
        { name: "b", type: "timestamp_us", values: BigInt64Array.from(micros.map((m) => BigInt(m))) },
      ],
      micros.length,
    );
    const rows = await query(`SELECT CAST(f AS VARCHAR) FROM read_parquet(${sqlPath(file)}) LIMIT 4`);
    expect(rows.map((r) => r[0])).toEqual([
      "1970-01-01 00:00:00",
      "1970-01-01 00:00:00.000001",
      "1969-12-31 23:59:59.999999",
      "1969-12-31 23:59:59.999001",
    ]);
  });

  it("writes booleans (any non-zero byte is true), across bit-packing byte boundaries", async () => {
    const values = Uint8Array.from({ length: 37 }, (_, i) => (i % 3 === 0 || i === 36 ? 1 : 0));
    values[5] = 7;
    await roundTrip([{ name: "b", type: "bool", values }], values.length);
  });

  it("writes strings: unicode, empty, quotes, very long, lone surrogates", async () => {
    const long = "ab€😀".repeat(100_000);
    const values = ["", "plain", "it's \"quoted\" \\ back", "héllo wörld", "日本語テキスト", "😀🎉👍🏽", "\n\t\r", long, "x".repeat(49)];
    await roundTrip([{ name: "s", type: "string", values }], values.length);
    // Lone surrogates cannot be UTF-8; like Buffer they become U+FFFD (short and long paths).
    const file = tmpFile();
    writeParquet(file, [{ name: "s", type: "string", values: ["a\ud800b", "\udc00".repeat(60)] }], 2);
    const rows = await query(`SELECT s FROM read_parquet(${sqlPath(file)}, file_row_number=true) ORDER BY file_row_number`);
    expect(rows).toEqual([["a\ufffdb"], ["\ufffd".repeat(60)]]);
  });

  it("keeps nulls apart from NaN", async () => {
    const values = new Float64Array([NaN, NaN, 1, 2, NaN]);
    const valid = new Uint8Array([1, 0, 1, 0, 1]);
    const file = await roundTrip([{ name: "x", type: "double", values, valid }], 5);
    const [[nulls, nans]] = await query(
      `SELECT count(*) FILTER (WHERE x IS NULL), count(*) FILTER (WHERE isnan(x)) FROM read_parquet(${sqlPath(file)})`,
    );
    expect([nulls, nans]).toEqual([2n, 2n]);
  });

  it("handles nulls in every type, all-null columns, and ignores values under nulls", async () => {
    const n = 300;
    const valid = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 3 || (i > 100 && i < 200) ? 0 : 1));
    const none = new Uint8Array(n);
    const ints = Float64Array.from({ length: n }, (_, i) => (valid[i] ? i - 150 : NaN)); // NaN only under nulls
    const columns: ParquetColumn[] = [
      { name: "d", type: "double", values: Float64Array.from({ length: n }, (_, i) => i / 3), valid },
      { name: "i", type: "int64", values: ints, valid },
      { name: "t", type: "timestamp_us", values: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * -1000n), valid },
      { name: "b", type: "bool", values: Uint8Array.from({ length: n }, (_, i) => i & 1), valid },
      { name: "s", type: "string", values: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : `s${i}`)), valid },
      { name: "dn", type: "double", values: new Float64Array(n), valid: none },
      { name: "sn", type: "string", values: new Array<string | null>(n).fill(null) },
      { name: "bn", type: "bool", values: new Uint8Array(n), valid: none },
    ];
    const file = await roundTrip(columns, n, 64);
    const rows = await query(
      `SELECT name, repetition_type FROM parquet_schema(${sqlPath(file)}) WHERE name <> 'schema' ORDER BY name`,
    );
    expect(rows.every((r) => r[1] === "OPTIONAL")).toBe(true);
  });

  it("writes REQUIRED columns when the validity has no zeros", async () => {
    const file = await roundTrip(
      [
        { name: "a", type: "double", values: new Float64Array([1, 2]), valid: new Uint8Array([1, 1]) },
        { name: "b", type: "double", values: new Float64Array([1, 2]), valid: null },
        { name: "c", type: "double", values: new Float64Array([1, 2]), valid: new Uint8Array([1, 0]) },
      ],
      2,
    );
    const rows = await query(`SELECT name, repetition_type FROM parquet_schema(${sqlPath(file)}) WHERE name <> 'schema' ORDER BY name`);
    expect(rows).toEqual([["a", "REQUIRED"], ["b", "REQUIRED"], ["c", "OPTIONAL"]]);
  });

  it("encodes long null/value runs (RLE) mixed with noisy stretches (bit-packed)", async () => {
    const n = 5000;
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) valid[i] = i < 1000 ? 1 : i < 2000 ? 0 : i < 3000 ? (i * 7919) % 5 === 0 ? 0 : 1 : i < 4000 ? 1 : i % 2;
    const values = Float64Array.from({ length: n }, (_, i) => i);
    await roundTrip([{ name: "x", type: "double", values, valid }], n);
    await roundTrip([{ name: "x", type: "double", values, valid }], n, 777);
  });

  it("writes multiple row groups and DuckDB reads them back in order", async () => {
    const n = 100;
    const columns: ParquetColumn[] = [
      { name: "i", type: "int64", values: Float64Array.from({ length: n }, (_, i) => i) },
      { name: "s", type: "string", values: Array.from({ length: n }, (_, i) => `row ${i}`) },
      { name: "d", type: "double", values: Float64Array.from({ length: n }, (_, i) => -i), valid: Uint8Array.from({ length: n }, (_, i) => (i % 5 ? 1 : 0)) },
    ];
    const file = await roundTrip(columns, n, 7);
    const [[groups, numRows]] = await query(`SELECT num_row_groups, num_rows FROM parquet_file_metadata(${sqlPath(file)})`);
    expect([groups, numRows]).toEqual([15n, 100n]);
    await query("CREATE OR REPLACE TABLE ordered (i BIGINT, s VARCHAR, d DOUBLE)");
    await query(`INSERT INTO ordered SELECT * FROM read_parquet(${sqlPath(file)})`);
    const rows = await query("SELECT i FROM ordered");
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: n }, (_, i) => BigInt(i)));
  });

  it("writes zero rows as a valid empty file with the right types", async () => {
    const file = tmpFile();
    writeParquet(
      file,
      [
        { name: "d", type: "double", values: new Float64Array(0) },
        { name: "i", type: "int64", values: new BigInt64Array(0) },
        { name: "t", type: "timestamp_us", values: new Float64Array(0) },
        { name: "b", type: "bool", values: new Uint8Array(0), valid: new Uint8Array(0) },
        { name: "s", type: "string", values: [] },
      ],
      0,
    );
    expect(await describeTypes(file)).toEqual(["d:DOUBLE", "i:BIGINT", "t:TIMESTAMP", "b:BOOLEAN", "s:VARCHAR"]);
    expect(await query(`SELECT count(*) FROM read_parquet(${sqlPath(file)})`)).toEqual([[0n]]);
    expect(await query(`SELECT num_row_groups FROM parquet_file_metadata(${sqlPath(file)})`)).toEqual([[0n]]);
  });

  it("matches the input exactly for random columns (property)", async () => {
    const colArb = fc.oneof(
      fc.record({ type: fc.constant("double" as const), gen: fc.constant(fc.double()) }),
      fc.record({ type: fc.constant("int64" as const), gen: fc.constant(fc.bigInt({ min: -I64_MAX, max: I64_MAX })) }),
      fc.record({ type: fc.constant("int64f" as const), gen: fc.constant(fc.integer({ min: -P53, max: P53 })) }),
      fc.record({ type: fc.constant("timestamp_us" as const), gen: fc.constant(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n })) }),
      fc.record({ type: fc.constant("bool" as const), gen: fc.constant(fc.boolean()) }),
      fc.record({ type: fc.constant("string" as const), gen: fc.constant(fc.string({ unit: "binary", maxLength: 80 })) }),
    );
    const tableArb = fc
      .record({
        rows: fc.integer({ min: 0, max: 120 }),
        kinds: fc.array(colArb, { minLength: 1, maxLength: 5 }),
        nullRate: fc.constantFrom(0, 0.1, 0.5, 0.95, 1),
        rowGroupSize: fc.integer({ min: 1, max: 50 }),
      })
      .chain(({ rows, kinds, nullRate, rowGroupSize }) =>
        fc.record({
          rowGroupSize: fc.constant(rowGroupSize),
          rows: fc.constant(rows),
          cols: fc.tuple(
            ...kinds.map((k) =>
              fc.record({
                type: fc.constant(k.type),
                values: fc.array(k.gen as fc.Arbitrary<unknown>, { minLength: rows, maxLength: rows }),
                valid: fc.option(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: rows, maxLength: rows }), { nil: null }),
              }),
            ),
          ),
          nullRate: fc.constant(nullRate),
        }),
      );
    await fc.assert(
      fc.asyncProperty(tableArb, async ({ rows, cols, nullRate, rowGroupSize }) => {
        const columns: ParquetColumn[] = cols.map((c, k) => {
          const name = `c_${k + 1}`;
          const valid = c.valid === null ? null : Uint8Array.from(c.valid, (u) => (u < nullRate ? 0 : 1));
          const v = c.values;
          switch (c.type) {
            case "double":
              return { name, type: "double", values: Float64Array.from(v as number[]), valid };
            case "int64":
              return { name, type: "int64", values: BigInt64Array.from(v as bigint[]), valid };
            case "int64f":
              return { name, type: "int64", values: Float64Array.from(v as number[]), valid };
            case "timestamp_us":
              return { name, type: "timestamp_us", values: BigInt64Array.from(v as bigint[]), valid };
            case "bool":
              return { name, type: "bool", values: Uint8Array.from(v as boolean[], (b) => (b ? 1 : 0)), valid };
            default:
              return { name, type: "string", values: (v as string[]).map((s, i) => (i % 13 === 12 ? null : s)), valid };
          }
        });
        await roundTrip(columns, rows, rowGroupSize);
      }),
      { numRuns: 150 },
    );
  });
});

describe("writeParquet input validation", () => {
  const f64 = (n: number) => new Float64Array(n);

  it("names the column on a length mismatch", () => {
    expect(() => writeParquet(tmpFile(), [{ name: "c_7", type: "double", values: f64(3) }], 4)).toThrow(
      /^writeParquet: column "c_7".*length 3.*4/,
    );
    expect(() =>
      writeParquet(tmpFile(), [{ name: "c_8", type: "double", values: f64(4), valid: new Uint8Array(2) }], 4),
    ).toThrow(/^writeParquet: column "c_8".*valid/);
  });

  it("rejects unsupported types and wrong array kinds", () => {
    const bad = { name: "c_1", type: "float", values: f64(1) } as unknown as ParquetColumn;
    expect(() => writeParquet(tmpFile(), [bad], 1)).toThrow(/^writeParquet: column "c_1": unsupported type "float"/);
    expect(() => writeParquet(tmpFile(), [{ name: "c_2", type: "bool", values: f64(1) }], 1)).toThrow(
      /^writeParquet: column "c_2" \(bool\): values must be Uint8Array/,
    );
    expect(() => writeParquet(tmpFile(), [{ name: "s", type: "string", values: ["a", 5 as unknown as string] }], 2)).toThrow(
      /^writeParquet: column "s".*row 1/,
    );
  });

  it("rejects bad row counts, row group sizes, names and empty column lists", () => {
    const col: ParquetColumn = { name: "a", type: "double", values: f64(1) };
    expect(() => writeParquet(tmpFile(), [col], -1)).toThrow(/^writeParquet: rowCount/);
    expect(() => writeParquet(tmpFile(), [col], 1, { rowGroupSize: 0 })).toThrow(/^writeParquet: rowGroupSize/);
    expect(() => writeParquet(tmpFile(), [col, col], 1)).toThrow(/^writeParquet: duplicate column name "a"/);
    expect(() => writeParquet(tmpFile(), [], 0)).toThrow(/^writeParquet: at least one column/);
  });

  it("rejects non-integer int64 doubles and leaves no partial file", () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 63]) {
      const file = tmpFile();
      const values = new Float64Array([1, 2, bad]);
      expect(() => writeParquet(file, [{ name: "c_3", type: "int64", values }], 3)).toThrow(
        /^writeParquet: column "c_3" row 2: .* not an integer/,
      );
      expect(fs.existsSync(file)).toBe(false);
    }
  });
});

describe("UTF-8 encoder", () => {
  it("matches Buffer for arbitrary UTF-16 (incl. lone surrogates)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }), (s) => {
        const want = Buffer.from(s, "utf8");
        expect(utf8Length(s)).toBe(want.length);
        const out = new Uint8Array(want.length);
        expect(writeUtf8(s, out, 0)).toBe(want.length);
        expect(Buffer.from(out).equals(want)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
