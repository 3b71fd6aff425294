import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv, splitCsv } from "./csv";

/** RFC 4180 quoting, written independently of the parser: quote when the field holds , " CR or LF. */
const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

describe("splitCsv", () => {
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
    expect(() => splitCsv('a\n"open\nfield')).toThrow("line 2: a quoted field is not closed");
  });
});

describe("parseCsv", () => {
  it("types columns: numbers, booleans, times (to the microsecond), strings; empty cells are null", () => {
    const out = parseCsv("timestamp,x,flag,when,name\n2024-01-02,1.5,true,2024-01-02T00:00:00.000250Z,a\n2024-01-03,,FALSE,,\n");
    expect(out.timestamp).toEqual(["2024-01-02", "2024-01-03"]);
    expect(Array.from(out.x)).toEqual([1.5, null]);
    expect(out.flag).toEqual([true, false]);
    expect((out.when as Date[])[0].getTime()).toBe(Date.UTC(2024, 0, 2));
    expect(out.name).toEqual(["a", null]);
    expect(Array.from(parseCsv("t,v\n2024-01-01T00:00:00.000250Z,1\n").t as Float64Array)).toEqual([Date.UTC(2024, 0, 1) + 0.25]);
  });

  it("refuses ragged records, duplicate names and binary data with the place named", () => {
    expect(() => parseCsv("a,b\n1,2\n3\n")).toThrow("row 1 has 1 fields, the header has 2");
    expect(() => parseCsv("a,a\n1,2\n")).toThrow("the header names column 'a' twice");
    expect(() => parseCsv("a,\n1,2\n")).toThrow("column 2 of the header has no name");
    expect(() => parseCsv("a\n\u0001\n")).toThrow("U+0001");
  });
});
