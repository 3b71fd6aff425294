import { describe, expect, it } from "vitest";
import { TimestampArray, formatTimestampUs, parseIsoUs, toEpochUs } from "./index";

/** A TimestampArray (epoch ms) from epoch microseconds. */
function usToTimestampArray(us: Float64Array): TimestampArray {
  return TimestampArray.from(us, (v) => v / 1000) as TimestampArray;
}

/** Epoch microseconds of a UTC date-time given as Date.UTC arguments plus microseconds. */
const us = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, micros = 0) => Date.UTC(y, mo - 1, d, h, mi, s) * 1000 + micros;

describe("parseIsoUs", () => {
  it.each([
    ["2024-01-02", us(2024, 1, 2)],
    ["2024-01-02T03:04", us(2024, 1, 2, 3, 4)],
    ["2024-01-02T03:04:05", us(2024, 1, 2, 3, 4, 5)],
    ["2024-01-02 03:04:05", us(2024, 1, 2, 3, 4, 5)],
    ["2024-01-02T03:04:05Z", us(2024, 1, 2, 3, 4, 5)],
    ["2024-01-02t03:04:05z", us(2024, 1, 2, 3, 4, 5)],
    ["  2024-01-02T03:04:05Z  ", us(2024, 1, 2, 3, 4, 5)],
  ])("parses %j", (text, expected) => {
    expect(parseIsoUs(text)).toBe(expected);
  });

  it("takes a string without a zone as UTC, never local time", () => {
    expect(parseIsoUs("2024-07-01T12:00:00")).toBe(parseIsoUs("2024-07-01T12:00:00Z"));
    expect(parseIsoUs("2024-07-01")).toBe(Date.UTC(2024, 6, 1) * 1000);
  });

  it.each([
    ["2024-01-02T05:04:05+02:00", us(2024, 1, 2, 3, 4, 5)],
    ["2024-01-02T05:04:05+0200", us(2024, 1, 2, 3, 4, 5)],
    ["2024-01-01T22:34:05-04:30", us(2024, 1, 2, 3, 4, 5)],
    ["2024-01-02T03:04:05+00:00", us(2024, 1, 2, 3, 4, 5)],
    ["2024-01-02T03:04:05-00:00", us(2024, 1, 2, 3, 4, 5)],
    ["2024-01-02T08:49:05.000001+05:45", us(2024, 1, 2, 3, 4, 5, 1)],
  ])("applies the offset of %j", (text, expected) => {
    expect(parseIsoUs(text)).toBe(expected);
  });

  it.each([
    ["2024-01-02T03:04:05.1Z", 100_000],
    ["2024-01-02T03:04:05.123Z", 123_000],
    ["2024-01-02T03:04:05.123456Z", 123_456],
    ["2024-01-02T03:04:05,5Z", 500_000],
    ["2024-01-02T03:04:05.123456789Z", 123_456],
    ["2024-01-02T03:04:05.000001", 1],
  ])("keeps the fraction of %j to the microsecond", (text, micros) => {
    expect(parseIsoUs(text)).toBe(us(2024, 1, 2, 3, 4, 5, micros));
  });

  it("parses dates before 1970 and far ones", () => {
    expect(parseIsoUs("1969-12-31T23:59:59.999999Z")).toBe(-1);
    expect(parseIsoUs("1900-01-01T00:00:00Z")).toBe(Date.UTC(1900, 0, 1) * 1000);
    expect(parseIsoUs("1969-07-20T20:17:40.5Z")).toBe(Date.UTC(1969, 6, 20, 20, 17, 40, 500) * 1000);
    expect(parseIsoUs("2262-04-11T00:00:00Z")).toBe(Date.UTC(2262, 3, 11) * 1000);
  });

  it("accepts 29 February in a leap year only", () => {
    expect(parseIsoUs("2024-02-29")).toBe(us(2024, 2, 29));
    expect(parseIsoUs("2023-02-29")).toBeNaN();
    expect(parseIsoUs("1900-02-29"), "1900 was not a leap year").toBeNaN();
    expect(parseIsoUs("2000-02-29")).toBe(us(2000, 2, 29));
  });

  it.each([
    "",
    "hello",
    "2024",
    "2024-1-2",
    "2024-13-01",
    "2024-00-10",
    "2024-01-00",
    "2024-01-32",
    "2024-04-31",
    "2024-01-02T24:00:01",
    "2024-01-02T25:00",
    "2024-01-02T12:60",
    "2024-01-02T12:00:61",
    "2024-01-02T12:00:00+2",
    "2024-01-02T12:00:00 UTC",
    "01/02/2024",
    "2024-01-02T",
    "Tue, 02 Jan 2024 03:04:05 GMT",
  ])("returns NaN for the invalid date %j", (text) => {
    expect(parseIsoUs(text)).toBeNaN();
  });
});

describe("toEpochUs", () => {
  it("takes Dates, epoch milliseconds (fraction = microseconds) and ISO strings", () => {
    expect(toEpochUs(new Date(Date.UTC(2024, 0, 2)))).toBe(us(2024, 1, 2));
    expect(toEpochUs(1_700_000_000_123)).toBe(1_700_000_000_123_000);
    expect(toEpochUs(1_700_000_000_123.456)).toBe(1_700_000_000_123_456);
    expect(toEpochUs(-1.5)).toBe(-1500);
    expect(toEpochUs("2024-01-02T03:04:05.123456Z")).toBe(us(2024, 1, 2, 3, 4, 5, 123_456));
  });

  it.each([
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["an invalid Date", new Date("nope")],
    ["null", null],
    ["undefined", undefined],
    ["a boolean", true],
    ["an object", {}],
    ["a bigint", 10n],
    ["a bad string", "soon"],
  ])("returns NaN for %s", (_kind, value) => {
    expect(toEpochUs(value)).toBeNaN();
  });
});

describe("TimestampArray and formatting", () => {
  it("a TimestampArray holds epoch milliseconds with microseconds in the fraction", () => {
    const ts = usToTimestampArray(Float64Array.from([us(2024, 1, 2, 3, 4, 5, 123_456), -1, 0]));
    expect(ts).toBeInstanceOf(TimestampArray);
    expect(ts).toBeInstanceOf(Float64Array);
    expect(Math.round(ts[0] * 1000)).toBe(us(2024, 1, 2, 3, 4, 5, 123_456));
    expect(ts[1]).toBe(-0.001);
    expect(ts.date(0)).toEqual(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 123)));
  });

  it("iso() keeps microseconds when present, also before 1970", () => {
    const ts = usToTimestampArray(Float64Array.from([us(2024, 1, 2, 3, 4, 5, 123_456), -1, 0, us(1900, 1, 1, 0, 0, 0, 1)]));
    expect(ts.iso(0)).toBe("2024-01-02T03:04:05.123456Z");
    expect(ts.iso(1)).toBe("1969-12-31T23:59:59.999999Z");
    expect(ts.iso(2)).toBe("1970-01-01T00:00:00.000Z");
    expect(ts.iso(3)).toBe("1900-01-01T00:00:00.000001Z");
  });

  it("formatTimestampUs and parseIsoUs are inverses", () => {
    for (const v of [0, 1, -1, 999, -999_999, 1_704_164_645_123_456, -2_208_988_799_999_999, 7_258_118_400_000_000]) {
      expect(parseIsoUs(formatTimestampUs(v)), String(v)).toBe(v);
    }
  });
});
