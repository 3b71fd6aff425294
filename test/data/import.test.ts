/**
 * importFile and importFolder against a real store: the reference CSVs round-trip value for value,
 * malformed files are refused with their line and column, and a failure stores nothing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { columnValues, ImportError, importFile, importFolder, Library } from "../../lib";
import { writeParquet } from "../../lib/store/parquet";
import { useMemoryLibrary } from "../../lib/store/testing";

const REFERENCE = path.join(__dirname, "..", "..", "notebooks", "data");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-import-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let lib: Library;
useMemoryLibrary((store) => ({ lib } = store), { name: "imported" });

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** An independent reading of the reference files: they have no quotes, so splitting on commas is exact. */
function naive(file: string): { dates: number[]; columns: Record<string, number[]> } {
  const [head, ...lines] = fs.readFileSync(file, "utf8").trim().split("\n");
  const names = head.split(",").slice(1);
  const columns: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const dates: number[] = [];
  for (const line of lines) {
    const cells = line.split(",");
    dates.push(Date.parse(cells[0].replace(" ", "T") + (cells[0].length === 10 ? "T00:00:00Z" : "Z")));
    names.forEach((n, i) => columns[n].push(Number(cells[i + 1])));
  }
  return { dates, columns };
}

describe("importFile", () => {
  it.each(["GOOG.csv", "EURUSD.csv", "BTCUSD.csv"])("round-trips %s: every value equal after import and read", async (name) => {
    const file = path.join(REFERENCE, name);
    const item = await importFile(lib, name.replace(".csv", ""), file);
    expect(item.version).toBe(0);
    const { data, metadata } = await lib.read(name.replace(".csv", ""));
    const expected = naive(file);
    expect(metadata).toEqual({ source: "import", file: name, format: "csv", rows: expected.dates.length });
    expect(data.columnNames()).toEqual(["timestamp", "Open", "High", "Low", "Close", "Volume"]);
    expect(Array.from(columnValues(data, "timestamp") as Float64Array)).toEqual(expected.dates);
    for (const [column, values] of Object.entries(expected.columns)) expect(Array.from(columnValues(data, column) as Float64Array), column).toEqual(values);
  });

  it("appends and updates from files, lower-casing names when asked", async () => {
    await importFile(lib, "X", write("a.csv", "date,Close\n2024-01-02,1\n2024-01-03,2\n"), { lowercase: true });
    await importFile(lib, "X", write("b.csv", "date,Close\n2024-01-04,3\n"), { lowercase: true, mode: "append" });
    await importFile(lib, "X", write("c.csv", "date,Close\n2024-01-03,2.5\n"), { lowercase: true, mode: "update" });
    const { data, version } = await lib.read("X");
    expect(version).toBe(2);
    expect(Array.from(columnValues(data, "close") as Float64Array)).toEqual([1, 2.5, 3]);
  });

  it("reads JSON lines and JSON arrays, with the line of a bad line", async () => {
    await importFile(lib, "J", write("j.jsonl", '{"time":"2024-01-02T14:30:00Z","px":1.5,"venue":"XNAS"}\n\n{"time":"2024-01-02T14:31:00Z","px":1.75,"venue":null}\n'));
    const { data } = await lib.read("J");
    expect(data.columnNames()).toEqual(["timestamp", "px", "venue"]);
    expect(Array.from(columnValues(data, "px") as Float64Array)).toEqual([1.5, 1.75]);
    await importFile(lib, "A", write("a.json", '[{"timestamp":"2024-01-02","px":1}]'));
    expect((await lib.read("A")).data.numRows()).toBe(1);
    await expect(importFile(lib, "K", write("k.jsonl", '{"px":1}\n{"px":2,}\n'))).rejects.toThrow(/k\.jsonl line 2: not valid JSON/);
  });

  it("refuses malformed files with the line and column, and stores nothing", async () => {
    await importFile(lib, "S", write("good.csv", "date,close\n2024-01-02,1\n"));
    const cases: [string, string, RegExp][] = [
      ["bad-number.csv", "date,close\n2024-01-02,1\n2024-01-03,1..2\n", /bad-number\.csv line 3, column 'close': '1\.\.2' is not a number/],
      ["bad-date.csv", "date,close\n2024-01-02,1\n2024/01/03,2\n", /bad-date\.csv line 3, column 'date': '2024\/01\/03' is not an ISO-8601 date/],
      ["ragged.csv", "date,close\n2024-01-02,1,9\n", /ragged\.csv line 2: 3 cells where the header has 2/],
    ];
    for (const [name, text, message] of cases) {
      await expect(importFile(lib, "S", write(name, text), { mode: "append" })).rejects.toThrow(message);
    }
    await expect(importFile(lib, "S", write("other.csv", "date,open\n2024-01-05,1\n"), { mode: "append" })).rejects.toThrow(/column/i);
    expect((await lib.listVersions("S")).map((v) => v.version)).toEqual([0]);
    await expect(importFile(lib, "T", write("t.parquetx", "x"))).rejects.toMatchObject({ code: "UNSUPPORTED_FORMAT" });
    expect(await lib.hasSymbol("T")).toBe(false);
  });

  it("reads Parquet, renaming the named time column to timestamp; a file that is not Parquet stores nothing", async () => {
    const file = path.join(dir, "bars.parquet");
    writeParquet(file, [
      { name: "Time", type: "timestamp_us", values: Float64Array.from([2, 3], (d) => Date.UTC(2024, 0, d) * 1000) },
      { name: "Close", type: "double", values: Float64Array.from([10.5, 11.25]) },
    ], 2);
    await importFile(lib, "P", file, { timestampColumn: "time", lowercase: true });
    const { data, metadata } = await lib.read("P");
    expect(data.columnNames()).toEqual(["timestamp", "close"]);
    expect(Array.from(columnValues(data, "timestamp") as Float64Array)).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
    expect(Array.from(columnValues(data, "close") as Float64Array)).toEqual([10.5, 11.25]);
    expect(metadata).toEqual({ source: "import", file: "bars.parquet", format: "parquet", rows: 2 });
    await expect(importFile(lib, "Q", write("fake.parquet", "not parquet"))).rejects.toMatchObject({ code: "BAD_VALUE" });
    expect(await lib.hasSymbol("Q")).toBe(false);
  });

  it("gives the same result for a file with a byte-order mark and Windows line ends", async () => {
    await importFile(lib, "U", write("unix.csv", "date,close\n2024-01-02,1\n2024-01-03,2\n"));
    await importFile(lib, "W", write("win.csv", "\ufeffdate,close\r\n2024-01-02,1\r\n2024-01-03,2\r\n"));
    const [u, w] = [(await lib.read("U")).data, (await lib.read("W")).data];
    expect(w.columnNames()).toEqual(u.columnNames());
    expect(Array.from(columnValues(w, "close") as Float64Array)).toEqual(Array.from(columnValues(u, "close") as Float64Array));
  });
});

describe("importFolder", () => {
  it("imports each file as the symbol it names, or none when one file is bad", async () => {
    const folder = fs.mkdtempSync(path.join(dir, "folder-"));
    fs.writeFileSync(path.join(folder, "AAA.csv"), "date,close\n2024-01-02,1\n");
    fs.writeFileSync(path.join(folder, "BBB.jsonl"), '{"date":"2024-01-02","close":2}\n');
    fs.writeFileSync(path.join(folder, "notes.md"), "ignored");
    const items = await importFolder(lib, folder);
    expect(items.map((i) => i.symbol)).toEqual(["AAA", "BBB"]);

    fs.writeFileSync(path.join(folder, "CCC.csv"), "date,close\n2024-01-02,1\n2024-01-03,oops\n");
    const error = await importFolder(lib, folder, { mode: "append" }).catch((e) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.message).toMatch(/1 of 3 files cannot be imported, so none was:\n {2}CCC\.csv: CCC\.csv line 3, column 'close'/);
    expect((await lib.listVersions("AAA")).length).toBe(1);
    expect(await lib.hasSymbol("CCC")).toBe(false);
  });
});
