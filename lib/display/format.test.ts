import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { tagColumnKind, TimestampArray, toTable } from "../frame";
import { Arctic } from "../store";
import { DisplayError } from "./DisplayError";
import { DISPLAY_DEFAULTS, getDisplayOptions, setDisplayOptions } from "./displayOptions";
import { formatDuration, formatDurations } from "./formatDuration";
import { formatFloat, formatFloats } from "./formatFloat";
import { formatTime } from "./formatTime";
import { tableBundle } from "./show";
import { tablePreview } from "./tablePreview";

afterEach(() => {
  setDisplayOptions(DISPLAY_DEFAULTS);
});

const DAY = 86_400_000;
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 });
/** Doubles of every magnitude a quant meets, from 1e-12 to 1e20, and exact integers. */
const quantFloat = fc.oneof(finite, fc.integer({ min: -1e9, max: 1e9 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: 1e-12, max: 1e-3 }));

/** How far a printed float may be from the value: half a unit of its last digit. */
function halfUnit(text: string): number {
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) throw new Error(`not a number: ${text}`);
  const decimals = m[1]?.length ?? 0;
  return 0.5 * 10 ** ((m[2] ? Number(m[2]) : 0) - decimals);
}

describe("formatFloats", () => {
  it("prints each finite value within half a unit of its last digit, and leaves the values untouched", () => {
    fc.assert(
      fc.property(fc.array(quantFloat, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 10 }), (values, precision) => {
        const before = Float64Array.from(values);
        const texts = formatFloats(values, precision);
        expect(Float64Array.from(values)).toEqual(before);
        texts.forEach((text, i) => {
          const back = Number(text);
          const tolerance = halfUnit(text) * (1 + 1e-12) + Math.abs(values[i]) * Number.EPSILON;
          expect(Math.abs(back - values[i]), `${values[i]} printed as ${text}`).toBeLessThanOrEqual(tolerance);
        });
      }),
    );
  });

  it("gives a column's fixed-point cells one number of decimals, at least one and at most the precision", () => {
    fc.assert(
      fc.property(fc.array(quantFloat, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 10 }), (values, precision) => {
        const decimals = new Set(formatFloats(values, precision).filter((t) => !t.includes("e")).map((t) => t.split(".")[1]?.length ?? 0));
        expect(decimals.size).toBeLessThanOrEqual(1);
        for (const d of decimals) {
          expect(d).toBeGreaterThanOrEqual(1);
          expect(d).toBeLessThanOrEqual(precision);
        }
      }),
    );
  });

  it("writes pandas' forms: aligned decimals, scientific beyond the precision, NaN and inf", () => {
    expect(formatFloats([1.5, 2.25, 3])).toEqual(["1.50", "2.25", "3.00"]);
    expect(formatFloats([0.1 + 0.2, 100])).toEqual(["0.3", "100.0"]);
    expect(formatFloats([1.23456789e-7, 9.87654321e20, 1])).toEqual(["1.23457e-07", "9.87654e+20", "1.0"]);
    expect(formatFloats([NaN, Infinity, -Infinity, -0.0000001])).toEqual(["NaN", "inf", "-inf", "-1.00000e-07"]);
    expect(formatFloats([-0.00000004], 6)).toEqual(["-4.00000e-08"]);
    expect(formatFloats([-1e-7, 0.5], 2)).toEqual(["-1.0e-07", "0.5"]);
    expect(formatFloat(0.1 + 0.2)).toBe("0.3");
    expect(formatFloat(42)).toBe("42");
  });
});

describe("formatTime", () => {
  // From 1970: before, some zones' offsets had seconds (local mean time), which an offset in minutes cannot say.
  const ms = fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) });

  it("in UTC, reads back as the same instant", () => {
    fc.assert(
      fc.property(ms, (t) => {
        expect(Date.parse(formatTime(t).replace(" ", "T") + "Z")).toBe(t);
      }),
    );
    expect(formatTime(1.001)).toBe("1970-01-01 00:00:00.001001");
  });

  it("in any zone, is the local time with its offset, which reads back as the same second", () => {
    const zones = ["America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"];
    fc.assert(
      fc.property(ms, fc.constantFrom(...zones), (t, zone) => {
        const text = formatTime(t, zone);
        const iso = zone === "UTC" ? text.replace(" ", "T") + "Z" : text.replace(" ", "T");
        expect(Date.parse(iso), `${t} in ${zone}: ${text}`).toBe(t);
      }),
    );
    expect(formatTime(Date.parse("2024-01-02T14:30:00Z"), "America/New_York")).toBe("2024-01-02 09:30:00-05:00");
    expect(formatTime(Date.parse("2024-07-02T14:30:00.250Z"), "America/New_York")).toBe("2024-07-02 10:30:00.250-04:00");
  });
});

describe("formatDuration", () => {
  it("reads back as the same milliseconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ms) => {
        const m = /^(-?)(\d+) days (\d\d):(\d\d):(\d\d)(?:\.(\d{3}))?$/.exec(formatDuration(ms));
        expect(m, formatDuration(ms)).not.toBeNull();
        const [, sign, d, h, mi, s, frac] = m!;
        const back = (Number(d) * DAY + Number(h) * 3_600_000 + Number(mi) * 60_000 + Number(s) * 1000 + Number(frac ?? 0)) * (sign ? -1 : 1);
        expect(back).toBe(ms === 0 ? 0 : ms);
      }),
    );
  });

  it("shows a column of whole days as days, as pandas shows a timedelta column", () => {
    expect(formatDurations([46 * DAY, DAY, NaN])).toEqual(["46 days", "1 days", "NaT"]);
    expect(formatDurations([46 * DAY, 3_600_000])).toEqual(["46 days 00:00:00", "0 days 01:00:00"]);
  });
});

describe("setDisplayOptions", () => {
  it("changes the zone, rows and precision of every later table, and refuses bad values naming the option", () => {
    expect(getDisplayOptions()).toEqual({ timezone: "UTC", rows: 10, precision: 6 });
    const table = toTable([
      ["timestamp", TimestampArray.from([Date.parse("2024-03-01T15:00:00Z"), Date.parse("2024-03-02T15:00:00Z"), Date.parse("2024-03-03T15:00:00Z")])],
      ["px", Float64Array.from([1 / 3, 2 / 3, 1])],
    ]);
    setDisplayOptions({ timezone: "Europe/London", rows: 2, precision: 2 });
    const p = tablePreview(table, getDisplayOptions().rows);
    expect(p.columns[0]).toEqual({ name: "timestamp", type: "timestamp", timezone: "Europe/London" });
    expect(p.rows).toEqual([{ index: 0, cells: ["2024-03-01 15:00:00+00:00", "0.33"] }, null, { index: 2, cells: ["2024-03-03 15:00:00+00:00", "1.00"] }]);
    expect(tableBundle(table)["text/plain"]).toContain("timestamp (Europe/London)");
    expect(() => setDisplayOptions({ timezone: "america/new_york" })).toThrow(DisplayError);
    expect(() => setDisplayOptions({ timezone: "america/new_york" })).toThrow(/'timezone'.*did you mean 'America\/New_York'/);
    expect(() => setDisplayOptions({ rows: 0 })).toThrow(/'rows' must be a positive integer, got 0/);
    expect(() => setDisplayOptions({ precision: 16 })).toThrow(/'precision'/);
    expect(getDisplayOptions()).toEqual({ timezone: "Europe/London", rows: 2, precision: 2 });
  });
});

describe("column types", () => {
  it("a column tagged by the store or the backtester shows its kind, whatever its array", () => {
    const p = tablePreview(toTable([["n", tagColumnKind(Float64Array.from([5e9, 1]), "int")], ["hold", tagColumnKind(Float64Array.from([2 * DAY, DAY]), "duration")], ["x", Float64Array.from([1, 2])]]), 10);
    expect(p.columns.map((c) => c.type)).toEqual(["int", "duration", "float"]);
    expect(p.rows[0]?.cells).toEqual(["5000000000", "2 days", "1.0"]);
  });

  it("a store read shows each column's stored type: an int past 32 bits is int, a float of whole numbers with a null is float", async () => {
    const ac = await Arctic.open("mem://");
    try {
      const lib = await ac.getLibrary("t", { createIfMissing: true });
      await lib.write("S", {
        timestamp: [new Date(0), new Date(60_000)],
        big: BigInt64Array.from([5_000_000_000n, 7n]),
        small: Int32Array.from([1, 2]),
        whole: [1, null],
      });
      const data = (await lib.read("S")).data;
      expect(data.column("big")).toBeInstanceOf(Float64Array);
      const p = tablePreview(data, 10);
      expect(p.columns.map((c) => `${c.name}:${c.type}`)).toEqual(["timestamp:timestamp", "big:int", "small:int", "whole:float"]);
      expect(p.rows[0]?.cells).toEqual(["1970-01-01 00:00:00", "5000000000", "1", "1.0"]);
      expect(p.rows[1]?.cells[3]).toBeNull();
    } finally {
      await ac.close();
    }
  });
});
