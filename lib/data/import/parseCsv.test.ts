import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimestampArray } from "../../frame";
import { ImportError } from "./ImportError";
import { detectDelimiter, parseCsv } from "./parseCsv";
import { typeColumns } from "./typeColumns";

/** Quotes a cell the way RFC 4180 writers do: when it holds the delimiter, a quote or a line break. */
const quote = (cell: string, d: string) => (cell.includes(d) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

describe("parseCsv", () => {
  it("reads back any table of text cells written as CSV, quotes, delimiters and line breaks included", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "b", ",", ";", '"', "\n", "\r\n", " ", "é", "1") , minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.constantFrom(",", ";", "\t", "|"), fc.constantFrom("\n", "\r\n"), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 20 }), (width, d, eol, body) => {
        const rows = body.map((r) => r.slice(0, width).map((c) => "x" + c)); // a leading letter: never a number or date
        const names = Array.from({ length: width }, (_, i) => `c${i}`);
        const text = [names, ...rows].map((r) => r.map((c) => quote(c, d)).join(d)).join(eol) + eol;
        const csv = parseCsv(text, "t.csv", { delimiter: d });
        expect(csv.header).toBe(true);
        expect(csv.names).toEqual(names);
        expect(csv.cells).toEqual(names.map((_, c) => rows.map((r) => r[c])));
      }),
    );
  });

  it("detects the delimiter and the header, skips a byte-order mark, blank lines and Windows line ends", () => {
    const text = "\ufeffdate;close;venue\r\n2024-01-02;470.5;XNAS\r\n\r\n2024-01-03;472,25\r\n";
    expect(() => parseCsv(text, "t.csv")).toThrow(/line 4: 2 cells where the header has 3/);
    const ok = parseCsv("\ufeffdate;close\r\n2024-01-02;470.5\r\n\r\n2024-01-03;472.25\r\n", "t.csv");
    expect(ok).toMatchObject({ delimiter: ";", header: true, names: ["date", "close"], lines: [2, 4] });
    expect(ok.cells).toEqual([["2024-01-02", "2024-01-03"], ["470.5", "472.25"]]);
    expect(detectDelimiter("a\tb\tc,d")).toBe("\t");
  });

  it("takes a first row of numbers or dates as data, not as a header", () => {
    const csv = parseCsv("2024-01-02,1\n2024-01-03,2\n", "t.csv");
    expect(csv.header).toBe(false);
    expect(csv.names).toEqual(["column_1", "column_2"]);
    expect(csv.lines).toEqual([1, 2]);
  });

  it("names the line of an unclosed quote, and refuses an empty file", () => {
    expect(() => parseCsv('a,b\n1,"x\n2,3\n', "t.csv")).toThrow(/t\.csv line 2: a quoted cell is never closed/);
    expect(() => parseCsv("\n\n", "t.csv")).toThrow(ImportError);
  });
});

describe("typeColumns", () => {
  it("makes pandas' unnamed first date column the timestamp index, numbers Float64Arrays and empty cells null", () => {
    const csv = parseCsv(",Open,Close,Note\n2004-08-19,100,100.34,\n2004-08-20 09:30:00,101.01,,split\n", "GOOG.csv");
    const cols = Object.fromEntries(typeColumns(csv, "GOOG.csv"));
    expect(Object.keys(cols)).toEqual(["timestamp", "Open", "Close", "Note"]);
    expect(cols.timestamp).toBeInstanceOf(TimestampArray);
    expect(Array.from(cols.timestamp as TimestampArray)).toEqual([Date.UTC(2004, 7, 19), Date.UTC(2004, 7, 20, 9, 30)]);
    expect(cols.Open).toBeInstanceOf(Float64Array);
    expect(cols.Close).toEqual([100.34, null]);
    expect(cols.Note).toEqual([null, "split"]);
  });

  it("names the line and column of a value that does not fit its column", () => {
    const csv = parseCsv("date,close\n2024-01-02,1\n2024-01-03,1.5\n2024-01-04,n/a\n", "t.csv");
    const error = (() => {
      try {
        typeColumns(csv, "t.csv");
      } catch (e) {
        return e as ImportError;
      }
    })();
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: "BAD_VALUE", line: 4, column: "close" });
    expect(error?.message).toBe("t.csv line 4, column 'close': 'n/a' is not a number, as the column's first value is; fix the value or leave the cell empty for a missing value");
    const badDate = parseCsv(",close\n2024-01-02,1\n2024-13-45x,2\n", "t.csv");
    expect(() => typeColumns(badDate, "t.csv")).toThrow("t.csv line 3, column 'column 1 (unnamed)': '2024-13-45x' is not an ISO-8601 date or date-time");
  });

  it("uses a named timestamp column, or says which columns there are", () => {
    const csv = parseCsv("Time,px\n2024-01-02T14:30:00Z,1\n", "t.csv");
    expect(typeColumns(csv, "t.csv", { timestampColumn: "time", lowercase: true }).map(([n]) => n)).toEqual(["timestamp", "px"]);
    expect(() => typeColumns(csv, "t.csv", { timestampColumn: "when" })).toThrow("t.csv: no column 'when' to use as the timestamp; the columns are 'Time', 'px'");
    const gap = parseCsv("date,px\n2024-01-02,1\n,2\n", "t.csv");
    expect(() => typeColumns(gap, "t.csv")).toThrow("t.csv line 3, column 'date': the timestamp is empty; every row needs one");
  });
});
