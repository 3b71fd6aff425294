import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimeframeError, parseDuration, parseTimeframe, timeframeMs, type TimeframeUnit } from "./timeframe";

/** Spellings a trader may use for each unit, written out here from pandas' offset aliases and common usage. */
const SPELLED: Record<TimeframeUnit, string[]> = {
  second: ["s", "S", "sec", "second", "seconds"],
  minute: ["m", "T", "min", "minute", "minutes"],
  hour: ["h", "H", "hour", "hours"],
  day: ["d", "D", "day", "days"],
  week: ["w", "W", "week", "weeks"],
  month: ["M", "MS", "mo", "month", "months"],
  ticks: ["t", "tick", "ticks"],
  volume: ["v", "volume"],
};
const SECONDS: Partial<Record<TimeframeUnit, number>> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };
const units = Object.keys(SPELLED) as TimeframeUnit[];

describe("parseTimeframe", () => {
  it("reads every spelling of a unit as that unit, with its fixed length, and canonicalises it", () => {
    fc.assert(
      fc.property(fc.constantFrom(...units), fc.integer({ min: 1, max: 10_000 }), fc.nat(), fc.boolean(), (unit, n, pick, spaced) => {
        const spelling = SPELLED[unit][pick % SPELLED[unit].length];
        const tf = parseTimeframe(`${n}${spaced ? " " : ""}${spelling}`);
        expect(tf.unit).toBe(unit);
        expect(tf.n).toBe(n);
        const seconds = SECONDS[unit];
        if (seconds === undefined) expect(tf.ms).toBeNaN();
        else expect(tf.ms).toBe(n * seconds * 1000);
        const again = parseTimeframe(tf.canonical);
        expect([again.unit, again.n, again.canonical]).toEqual([unit, n, tf.canonical]);
      }),
    );
  });

  it("keeps minutes and months apart: m is a minute, M a month", () => {
    expect(parseTimeframe("1m").unit).toBe("minute");
    expect(parseTimeframe("1M").unit).toBe("month");
    expect(parseTimeframe("1MS").unit).toBe("month");
    expect(parseTimeframe("5min").canonical).toBe("5m");
    expect(parseTimeframe("1H").canonical).toBe("1h");
  });

  it("tells pandas' month end 'M' from its month start 'MS': both one month, anchored apart", () => {
    expect([parseTimeframe("3M").anchor, parseTimeframe("3M").unit, parseTimeframe("3M").n]).toEqual(["end", "month", 3]);
    for (const text of ["MS", "2MS", "1mo", "month", "6months"]) expect(parseTimeframe(text).anchor, text).toBe("start");
    for (const text of ["1w", "1d", "5min", "100t"]) expect(parseTimeframe(text).anchor, text).toBeNull();
    expect(parseTimeframe("1MS").canonical).toBe(parseTimeframe("1M").canonical);
  });

  it("takes a count of 1 when it is left out, as pandas does with 'D'", () => {
    expect(parseTimeframe("D")).toMatchObject({ n: 1, unit: "day", canonical: "1d" });
    expect(parseTimeframe("min")).toMatchObject({ n: 1, unit: "minute" });
  });

  it("allows a fractional count only for volume bars", () => {
    expect(parseTimeframe("2.5v").n).toBe(2.5);
    expect(() => parseTimeframe("1.5m")).toThrow(TimeframeError);
  });

  it("refuses anything else with one error that names the value and lists the forms", () => {
    for (const bad of ["", "0m", "-1h", "1x", "m1", "1 h 2", "1mm", "1e3s", "toString", "constructor"]) {
      let caught: unknown;
      try {
        parseTimeframe(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).toBeInstanceOf(TimeframeError);
      const error = caught as TimeframeError;
      expect(error.code).toBe("INVALID_TIMEFRAME");
      expect(error.timeframe).toBe(bad);
      expect(error.message).toContain(JSON.stringify(bad));
      expect(error.message).toContain('"5m" or "5min"');
      expect(error.message).toContain("M/MS/mo (calendar months)");
    }
    expect(() => parseTimeframe(5 as unknown as string)).toThrow(/timeframe 5 is not a timeframe/);
  });

  it("refuses units the caller cannot use, saying so", () => {
    expect(() => parseTimeframe("100t", { units: ["minute", "hour"], what: "resample rule" })).toThrow(
      /^resample rule "100t" is not a timeframe \(ticks is not accepted here\); use a count and a unit, e\.g\. "5m" or "5min", "1h"; units m\/min\/T, h\/H$/,
    );
  });
});

describe("timeframeMs", () => {
  it("gives fixed lengths and refuses months, ticks and volume", () => {
    expect(timeframeMs("5min")).toBe(300_000);
    expect(timeframeMs("1w")).toBe(604_800_000);
    for (const bad of ["1M", "100t", "5v"]) expect(() => timeframeMs(bad)).toThrow(TimeframeError);
  });
});

describe("parseDuration", () => {
  it("adds compound parts and keeps the sign", () => {
    expect(parseDuration("9h30min")).toBe(34_200_000);
    expect(parseDuration("-1h30m")).toBe(-5_400_000);
    expect(parseDuration(" 15 min ")).toBe(900_000);
    expect(parseDuration(250)).toBe(250);
  });

  it("equals the sum of its parts for any compound duration", () => {
    const part = fc.record({ n: fc.integer({ min: 0, max: 1000 }), unit: fc.constantFrom<TimeframeUnit>("second", "minute", "hour", "day", "week"), pick: fc.nat() });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.boolean(), (parts, negative) => {
        const text = (negative ? "-" : "") + parts.map((p) => `${p.n}${SPELLED[p.unit][p.pick % SPELLED[p.unit].length]}`).join("");
        const expected = parts.reduce((sum, p) => sum + p.n * SECONDS[p.unit]! * 1000, 0);
        expect(parseDuration(text)).toBe(negative ? -expected : expected);
      }),
    );
  });

  it("refuses months, ticks, garbage and non-finite numbers", () => {
    for (const bad of ["1M", "5t", "1h junk", "", "h", NaN, Infinity, null, {}]) expect(() => parseDuration(bad), String(bad)).toThrow(TimeframeError);
  });
});
