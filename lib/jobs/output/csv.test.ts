import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv as readCsvCells, splitCsvRows, typeColumns } from "../../data";
import { TimestampArray } from "../../frame";
import { parseCsv } from "./csv";

const splitCsv = (text: string) => splitCsvRows(text, ",", "stdout").rows;

/** RFC 4180 quoting, written independently of the parser: quote when the field holds , " CR or LF. */
const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

describe("CSV records (lib/data's splitter, shared with quantlab import)", () => {
  it("reads RFC 4180 records: quoted commas, doubled quotes, line breaks inside quotes, CRLF", () => {
    expect(splitCsv('a,b\r\n"x,1","say ""hi"""\r\n"multi\nline",\n')).toEqual([
      ["a", "b"],
      ["x,1", 'say "hi"'],
      ["multi\nline", ""],
    ]);
  });

  it("round-trips any table of strings written with RFC 4180 quoting", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r\n", " ", "é") });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.array(fc.array(field, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 5 })), (rows) => {
        // A record of one empty field is an empty line, which CSV cannot tell from no record.
        fc.pre(rows.every((r) => !(r.length === 1 && r[0] === "")));
        const text = rows.map((r) => r.map(quote).join(",")).join("\r\n");
        expect(splitCsv(text)).toEqual(rows);
      }),
    );
  });

  it("names the line of an unclosed quote", () => {
    expect(() => splitCsv('a\n"open\nfield')).toThrow("stdout line 2: a quoted cell is never closed");
  });
});

describe("parseCsv", () => {
  it("types columns: numbers, booleans, times (to the microsecond), strings; empty cells are null", () => {
    const out = parseCsv("timestamp,x,flag,when,name\n2024-01-02,1.5,true,2024-01-02T00:00:00.000250Z,a\n2024-01-03,,FALSE,,\n");
    expect(out.timestamp).toBeInstanceOf(TimestampArray);
    expect(Array.from(out.timestamp as TimestampArray)).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]);
    expect(Array.from(out.x)).toEqual([1.5, null]);
    expect(out.flag).toEqual([true, false]);
    expect((out.when as Date[])[0].getTime()).toBe(Date.UTC(2024, 0, 2));
    expect(out.name).toEqual(["a", null]);
    expect(Array.from(parseCsv("t,v\n2024-01-01T00:00:00.000250Z,1\n").t as Float64Array)).toEqual([Date.UTC(2024, 0, 1) + 0.25]);
  });

  it("refuses ragged records, duplicate names and binary data with the place named", () => {
    expect(() => parseCsv("a,b\n1,2\n3\n")).toThrow("stdout line 3: 1 cells where the header has 2");
    expect(() => parseCsv("a,a\n1,2\n")).toThrow("the header names column 'a' twice");
    expect(() => parseCsv("a,\n1,2\n")).toThrow("column 2 of the header has no name");
    expect(() => parseCsv("a\n\u0001\n")).toThrow("U+0001");
  });
});

describe("one CSV rule set for job output and file import", () => {
  it("reads ' 3 ' and 'inf' as numbers, and refuses text in a number column naming line and column, on both paths", () => {
    const text = "timestamp,close,note\n2024-01-02, 3 ,a\n2024-01-03,inf,b\n";
    const job = parseCsv(text);
    expect(Array.from(job.close as Float64Array)).toEqual([3, Infinity]);
    const imported = Object.fromEntries(typeColumns(readCsvCells(text, "t.csv"), "t.csv"));
    expect(Array.from(imported.close as Float64Array)).toEqual([3, Infinity]);
    const bad = "timestamp,close\n2024-01-02,1\n2024-01-03,abc\n";
    expect(() => parseCsv(bad)).toThrow("stdout line 3, column 'close': 'abc' is not a number");
    expect(() => typeColumns(readCsvCells(bad, "t.csv"), "t.csv")).toThrow("t.csv line 3, column 'close': 'abc' is not a number");
  });

  it("types any table of numbers, dates, booleans and words alike on both paths", () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.constantFrom(" 3 ", "-0.5", "1e3", "inf", "-inf", "nan", ""),
    );
    const word = fc.constantFrom("abc", "x y", "", "true", "FALSE");
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, word), { minLength: 1, maxLength: 8 }), (rows) => {
        fc.pre(rows.some(([n]) => n.trim() !== "") && rows.some(([, w]) => w.trim() !== ""));
        const text = "n,w\n" + rows.map(([n, w]) => `${n},${w}`).join("\n") + "\n";
        let job: unknown;
        let imported: unknown;
        try {
          job = Object.fromEntries(Object.entries(parseCsv(text)).map(([k, v]) => [k, Array.from(v as ArrayLike<unknown>)]));
        } catch (error) {
          job = (error as Error).message.replace(/^stdout/, "");
        }
        try {
          imported = Object.fromEntries(typeColumns(readCsvCells(text, "x", { delimiter: ",", header: true }), "x").map(([k, v]) => [k, Array.from(v)]));
        } catch (error) {
          imported = (error as Error).message.replace(/^x/, "");
        }
        expect(job).toEqual(imported);
      }),
    );
  });
});

describe("a header without rows", () => {
  it("is an empty table with an empty time index (a collector with nothing new)", () => {
    const out = parseCsv("timestamp,open,close\n");
    expect(Object.keys(out)).toEqual(["timestamp", "open", "close"]);
    expect(out.timestamp).toBeInstanceOf(TimestampArray);
    expect(out.timestamp.length).toBe(0);
    expect(out.close.length).toBe(0);
  });
});
