import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { Table, TimestampArray } from "../frame";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Arctic, Library } from "./index";
import { columns, day, useMemoryLibrary } from "./testing";

const stamps = (n: number) => Array.from({ length: n }, (_, i) => new Date(day(i + 1)));

/** The column as the Table holds it (Table.array() copies into a plain Array). */
const raw = (t: Table, name: string) => t.column(name) as unknown as ArrayLike<unknown>;

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store));

/** Writes `data` as symbol "T" and reads it back. */
async function roundTrip(data: unknown): Promise<Table> {
  await lib.write("T", data);
  return (await lib.read("T")).data;
}

describe("types round trip", () => {
  const floats = [1.5, NaN, -0, 0, Infinity, -Infinity, 2.5e-308, -1e-300];
  /** What the store keeps of `floats`: every value bit for bit, except -0, which is stored as +0. */
  const storedFloats = floats.map((x) => x + 0);
  const extremes = [Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 63, 1e20, Number.MIN_VALUE];
  const expectFloats = (x: ArrayLike<unknown>, values: number[], repeat: number) => {
    expect(x).toBeInstanceOf(Float64Array);
    expect(x.length).toBe(values.length * repeat);
    for (let i = 0; i < x.length; i++) {
      const v = values[i % values.length];
      expect(Object.is(x[i], v), `row ${i}: ${String(x[i])} should be ${Object.is(v, -0) ? "-0" : v}`).toBe(true);
    }
  };

  it.each([
    ["a small frame", 1],
    ["a large frame", 500],
  ])("floats keep NaN and ±Infinity in %s, store -0 as +0, and come back as a Float64Array", async (_size, repeat) => {
    const values = Array.from({ length: repeat }, () => floats).flat();
    expectFloats(raw(await roundTrip({ x: values }), "x"), storedFloats, repeat);
  });

  it.each([
    ["a small frame", 1],
    ["a large frame", 500],
  ])("floats that are whole numbers past the int64 range round trip in %s", async (_size, repeat) => {
    const values = Array.from({ length: repeat }, () => extremes).flat();
    expectFloats(raw(await roundTrip({ x: values }), "x"), extremes, repeat);
  });

  it("small ints come back in an exact typed array", async () => {
    const t = await roundTrip({ n: new Int32Array([1, -2, 2147483647, -2147483648]) });
    const n = raw(t, "n");
    expect(ArrayBuffer.isView(n), "an int column without nulls is a typed array").toBe(true);
    expect(Array.from(n as ArrayLike<number>)).toEqual([1, -2, 2147483647, -2147483648]);
    expect((await lib.getDescription("T")).columns[0]).toEqual({ name: "n", type: "int" });
  });

  it("ints up to 2^53 come back exactly as numbers", async () => {
    const big = [2 ** 40, -(2 ** 50), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    const t = await roundTrip({ n: big.map((v) => BigInt(v)) });
    expect(ArrayBuffer.isView(raw(t, "n"))).toBe(true);
    expect(Array.from(t.array("n") as ArrayLike<number>).map(Number)).toEqual(big);
  });

  it("ints beyond 2^53 given as bigints come back exactly as a BigInt64Array", async () => {
    const values = [2n ** 62n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 9007199254740993n, 1n];
    const t = await roundTrip({ n: values });
    const n = raw(t, "n");
    expect(n).toBeInstanceOf(BigInt64Array);
    expect(Array.from(n as BigInt64Array)).toEqual(values);
  });

  it("a BigInt64Array comes back exactly", async () => {
    const values = BigInt64Array.from([2n ** 60n + 7n, -5n, 0n]);
    const t = await roundTrip({ n: values });
    expect(raw(t, "n")).toBeInstanceOf(BigInt64Array);
    expect(Array.from(t.array("n") as BigInt64Array)).toEqual(Array.from(values));
    expect((await lib.getDescription("T")).columns[0].type).toBe("int");
  });

  it("ints beyond 2^53 with nulls come back exactly, nulls as null", async () => {
    const t = await roundTrip({ n: [2n ** 60n + 1n, null, -3n] });
    expect(Array.from(t.array("n") as ArrayLike<unknown>)).toEqual([2n ** 60n + 1n, null, -3n]);
  });

  it("bools round trip", async () => {
    const t = await roundTrip({ b: [true, false, true] });
    expect(columns(t).b).toEqual([true, false, true]);
    expect((await lib.getDescription("T")).columns[0].type).toBe("bool");
  });

  it("strings round trip: unicode, empty, quotes, very long", async () => {
    const values = ["", "日本語", "emoji 📈🚀", `it's "quoted"; --`, "tab\tnewline\n", "x".repeat(100_000), "\u0000nul"];
    const t = await roundTrip({ s: values });
    expect(columns(t).s).toEqual(values);
  });

  it("timestamps keep microseconds (ISO .123456) and pre-1970 dates", async () => {
    const iso = [
      "1900-01-01T00:00:00.000001Z",
      "1969-07-20T20:17:40.5Z",
      "1969-12-31T23:59:59.999999Z",
      "2024-01-02T03:04:05.123456Z",
      "2024-01-02T03:04:05.123457Z",
      "2262-01-01T00:00:00Z",
    ];
    const t = await roundTrip({ timestamp: iso });
    const ts = raw(t, "timestamp") as TimestampArray;
    expect(ts).toBeInstanceOf(TimestampArray);
    expect(iso.map((_, i) => ts.iso(i))).toEqual([
      "1900-01-01T00:00:00.000001Z",
      "1969-07-20T20:17:40.500Z",
      "1969-12-31T23:59:59.999999Z",
      "2024-01-02T03:04:05.123456Z",
      "2024-01-02T03:04:05.123457Z",
      "2262-01-01T00:00:00.000Z",
    ]);
    expect(ts.date(1).getTime()).toBe(Date.parse("1969-07-20T20:17:40.500Z"));
    expect(Math.round(ts[3] * 1000), "epoch ms with microseconds in the fraction").toBe(Date.parse("2024-01-02T03:04:05.123Z") * 1000 + 456);
  });

  it("a TimestampArray written back round trips exactly, microseconds included", async () => {
    await lib.write("T", { timestamp: ["2024-01-02T03:04:05.123456Z", "1960-06-01T00:00:00.000001Z"].sort() });
    const first = raw((await lib.read("T")).data, "timestamp") as TimestampArray;
    await lib.write("U", { timestamp: first });
    const second = raw((await lib.read("U")).data, "timestamp") as TimestampArray;
    expect([second.iso(0), second.iso(1)]).toEqual([first.iso(0), first.iso(1)]);
  });

  it("a non-index Date column is a timestamp column", async () => {
    const t = await roundTrip({ settled: [new Date(-86_400_000), new Date(day(1))] });
    expect(raw(t, "settled")).toBeInstanceOf(TimestampArray);
    expect(columns(t).settled).toEqual([-86_400_000, day(1)]);
  });

  it("keeps nulls and NaN apart in a float column", async () => {
    const t = await roundTrip({ x: [1, null, NaN, undefined, 4] });
    const x = Array.from(t.array("x") as ArrayLike<number | null>);
    expect(Array.isArray(raw(t, "x")), "a column with nulls is a plain array").toBe(true);
    expect(x[0]).toBe(1);
    expect(x[1]).toBeNull();
    expect(Number.isNaN(x[2]), "NaN stays NaN, not null").toBe(true);
    expect(x[3], "undefined is stored as null").toBeNull();
    expect(x[4]).toBe(4);
  });

  it("columns with nulls come back as plain arrays with null, per type", async () => {
    const t = await roundTrip({
      timestamp: stamps(3),
      f: [1.5, null, 2.5],
      i: [1n, null, 3n],
      b: [true, null, false],
      s: ["a", null, ""],
      d: [new Date(5), null, new Date(7)],
    });
    for (const name of ["f", "i", "b", "s", "d"]) expect(Array.isArray(raw(t, name)), name).toBe(true);
    const c = columns(t);
    expect(c.f).toEqual([1.5, null, 2.5]);
    expect(c.i.map((v) => (v === null ? null : Number(v)))).toEqual([1, null, 3]);
    expect(c.b).toEqual([true, null, false]);
    expect(c.s).toEqual(["a", null, ""]);
    expect(c.d.map((v) => (v === null ? null : new Date(v as Date | number).getTime()))).toEqual([5, null, 7]);
  });

  it("a column of nulls only is stored and reads back as nulls", async () => {
    const t = await roundTrip({ timestamp: stamps(2), x: [null, null] });
    expect(columns(t).x).toEqual([null, null]);
  });

  describe("a column that holds no value takes the type of the first values given to it", () => {
    const type = async (column: string, asOf?: number) =>
      (await lib.getDescription("T", asOf === undefined ? {} : { asOf })).columns.find((c) => c.name === column)?.type;

    it("append: strings, bools and times into a column written all null; older versions unchanged", async () => {
      await lib.write("T", { timestamp: stamps(2), note: [null, null], flag: [null, null], at: [null, null], x: [1, 2] });
      const at = new Date("2024-05-01T12:00:00Z");
      await lib.append("T", { timestamp: [new Date(day(3))], note: ["split 2:1"], flag: [true], at: [at], x: [3] });
      const t = columns((await lib.read("T")).data);
      expect([t.note, t.flag, t.x]).toEqual([[null, null, "split 2:1"], [null, null, true], [1, 2, 3]]);
      expect(t.at.map((v) => (v === null ? null : new Date(v as number).getTime()))).toEqual([null, null, at.getTime()]);
      expect([await type("note"), await type("flag"), await type("at")]).toEqual(["string", "bool", "timestamp"]);
      expect(await type("note", 0), "version 0 keeps its type").toBe("float");
      expect(columns((await lib.read("T", { asOf: 0 })).data).note).toEqual([null, null]);
    });

    it("append: once a column holds a value its type stays (SchemaError naming it), and nothing is stored", async () => {
      await lib.write("T", { timestamp: stamps(1), note: [null] });
      await lib.append("T", { timestamp: [new Date(day(2))], note: [1.5] });
      const error = await lib.append("T", { timestamp: [new Date(day(3))], note: ["x"] }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "SchemaError", column: "note", symbol: "T" });
      expect((error as Error).message).toBe("column 'note' of 'T' is stored as float but the new data holds string; write the symbol anew to change a column's type");
      expect((await lib.listVersions("T")).length).toBe(2);
    });

    it("NaN is a value: a float column of NaN keeps its type", async () => {
      await lib.write("T", { timestamp: stamps(1), x: [NaN] });
      await expect(lib.append("T", { timestamp: [new Date(day(2))], x: ["a"] })).rejects.toMatchObject({ name: "SchemaError", column: "x" });
    });

    it("update: only the rows that stay count; the replaced ones may hold values", async () => {
      await lib.write("T", { timestamp: stamps(3), note: [null, 2.5, null] });
      await expect(lib.update("T", { timestamp: [new Date(day(3))], note: ["x"] }), "row 2 keeps 2.5").rejects.toMatchObject({ name: "SchemaError", column: "note" });
      await lib.update("T", { timestamp: [new Date(day(2)), new Date(day(3))], note: ["b", "c"] });
      expect(columns((await lib.read("T")).data).note).toEqual([null, "b", "c"]);
      expect(await type("note")).toBe("string");
    });

    it("on disk, after a restart", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-retype-"));
      try {
        let arctic = await Arctic.open(`duckdb://${dir}`);
        await (await arctic.createLibrary("l")).write("T", { timestamp: stamps(2), note: [null, null] });
        await arctic.close();
        arctic = await Arctic.open(`duckdb://${dir}`);
        const disk = await arctic.getLibrary("l");
        await disk.append("T", { timestamp: [new Date(day(3))], note: ["a"] });
        await arctic.close();
        arctic = await Arctic.open(`duckdb://${dir}`);
        const item = await (await arctic.getLibrary("l")).read("T");
        await arctic.close();
        expect(columns(item.data).note).toEqual([null, null, "a"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it("numeric columns without nulls are typed arrays, timestamps a TimestampArray of epoch ms", async () => {
    const t = await roundTrip({ timestamp: stamps(2), f: [1.5, 2], i: new Int32Array([1, 2]) });
    expect(raw(t, "f")).toBeInstanceOf(Float64Array);
    expect(ArrayBuffer.isView(raw(t, "i"))).toBe(true);
    const ts = raw(t, "timestamp");
    expect(ts).toBeInstanceOf(TimestampArray);
    expect(Array.from(ts as TimestampArray)).toEqual([day(1), day(2)]);
  });

  it("containers stay the same for reads of part of the data and across appended segments", async () => {
    await lib.write("T", { timestamp: stamps(2), f: [1.5, 2], s: ["a", "b"] });
    await lib.append("T", { timestamp: [new Date(day(3))], f: [3], s: ["c"] });
    await lib.update("T", { timestamp: [new Date(day(2))], f: [22], s: ["bb"] });
    for (const options of [{}, { rowRange: [1, 3] as [number, number] }, { dateRange: [day(1), day(3)] as [number, number] }]) {
      const t = (await lib.read("T", options)).data;
      expect(raw(t, "timestamp"), JSON.stringify(options)).toBeInstanceOf(TimestampArray);
      expect(raw(t, "f"), JSON.stringify(options)).toBeInstanceOf(Float64Array);
    }
    expect(columns((await lib.read("T")).data)).toEqual({ timestamp: [day(1), day(2), day(3)], f: [1.5, 22, 3], s: ["a", "bb", "c"] });
  });

  it("a large frame (staged through Parquet) round trips every type, nulls and microseconds", async () => {
    const n = 3000;
    const base = Date.parse("1965-01-01T00:00:00Z") * 1000;
    const us = Array.from({ length: n }, (_, i) => base + i * 3_600_000_001);
    const iso = us.map((v) => {
      const ms = Math.floor(v / 1000);
      return new Date(ms).toISOString().slice(0, -1) + String(v - ms * 1000).padStart(3, "0") + "Z";
    });
    const data = {
      timestamp: iso,
      f: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : i % 11 === 0 ? NaN : i / 3)),
      big: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : 2n ** 60n + BigInt(i))),
      b: Array.from({ length: n }, (_, i) => i % 3 === 0),
      s: Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : `s${i}é📈`)),
    };
    const t = await roundTrip(data);
    const ts = raw(t, "timestamp") as TimestampArray;
    expect(ts).toBeInstanceOf(TimestampArray);
    expect(Array.from(ts, (ms) => Math.round(ms * 1000)), "microseconds are kept").toEqual(us);
    const c = columns(t);
    expect(c.f.map((v) => (typeof v === "number" && Number.isNaN(v) ? "NaN" : v))).toEqual(
      data.f.map((v) => (typeof v === "number" && Number.isNaN(v) ? "NaN" : v)),
    );
    expect(c.big).toEqual(data.big);
    expect(c.b).toEqual(data.b);
    expect(c.s).toEqual(data.s);
  });

  it("an empty frame with columns round trips with its types", async () => {
    await lib.write("E", { timestamp: [], close: new Float64Array(0), n: new Int32Array(0), s: [] as string[] });
    const t = (await lib.read("E")).data;
    expect(t.numRows()).toBe(0);
    expect(t.columnNames()).toEqual(["timestamp", "close", "n", "s"]);
    expect((await lib.getDescription("E")).columns.map((c) => c.type).slice(0, 3)).toEqual(["timestamp", "float", "int"]);
  });
});

describe("frames in", () => {
  const expected = { timestamp: [day(1), day(2), day(3)], close: [1.5, 2.5, 3.5], venue: ["X", "Y", "Z"] };
  const input = { timestamp: stamps(3), close: [1.5, 2.5, 3.5], venue: ["X", "Y", "Z"] };

  it("an arquero Table", async () => {
    expect(columns(await roundTrip(aq.table(input)))).toEqual(expected);
  });

  it("a filtered and re-ordered arquero Table stores only its visible rows in its order", async () => {
    const t = aq
      .table({ timestamp: stamps(5), close: [5, 1, 4, 2, 3] })
      .filter((d: { close: number }) => d.close > 1)
      .orderby("timestamp");
    expect(columns(await roundTrip(t))).toEqual({ timestamp: [day(1), day(3), day(4), day(5)], close: [5, 4, 2, 3] });
    const desc = aq.table({ k: [1, 2, 3] }).orderby(aq.desc("k"));
    expect(columns(await roundTrip(desc))).toEqual({ k: [3, 2, 1] });
  });

  it("a Table read from the store can be written back as it is", async () => {
    await lib.write("A", input);
    const t = (await lib.read("A")).data;
    await lib.write("B", t);
    expect(columns((await lib.read("B")).data)).toEqual(expected);
  });

  it("an array of row objects; a key missing in a row is null there", async () => {
    const rows = [
      { timestamp: new Date(day(1)), close: 1.5, venue: "X" },
      { timestamp: new Date(day(2)), close: 2.5 },
      { timestamp: new Date(day(3)), venue: "Z", close: 3.5, note: "late" },
    ];
    const t = await roundTrip(rows);
    expect(t.columnNames()).toEqual(["timestamp", "close", "venue", "note"]);
    expect(columns(t)).toEqual({ ...expected, venue: ["X", null, "Z"], note: [null, null, "late"] });
  });

  it("an object of column arrays", async () => {
    expect(columns(await roundTrip(input))).toEqual(expected);
  });

  it("an object of typed arrays (timestamps as epoch ms in a Float64Array)", async () => {
    const t = await roundTrip({
      timestamp: Float64Array.from([day(1), day(2)]),
      f32: Float32Array.from([0.5, 1.5]),
      u8: Uint8Array.from([0, 255]),
      i16: Int16Array.from([-3, 3]),
      u32: Uint32Array.from([4294967295, 0]),
    });
    expect(columns(t)).toEqual({ timestamp: [day(1), day(2)], f32: [0.5, 1.5], u8: [0, 255], i16: [-3, 3], u32: [4294967295, 0] });
    expect((await lib.getDescription("T")).columns.map((c) => c.type)).toEqual(["timestamp", "float", "int", "int", "int"]);
  });

  it("a danfo-shaped DataFrame", async () => {
    const frame = {
      columns: ["timestamp", "close", "venue"],
      shape: [3, 3],
      column(name: string) {
        return { values: (input as Record<string, unknown[]>)[name] };
      },
    };
    expect(columns(await roundTrip(frame))).toEqual(expected);
  });

  it("an index given as ISO strings with offsets or no zone (UTC), or as epoch ms", async () => {
    const t = await roundTrip({ timestamp: ["2024-01-01T02:00:00+02:00", "2024-01-02T00:00:00", "2024-01-03"] });
    expect(columns(t).timestamp).toEqual([day(1), day(2), day(3)]);
    expect(columns(await roundTrip({ timestamp: [day(1), day(2) + 0.5] })).timestamp).toEqual([day(1), day(2) + 0.5]);
  });
});
