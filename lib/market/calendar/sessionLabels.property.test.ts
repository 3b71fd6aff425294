import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalendarName } from "./Calendar";
import { calendar } from "./calendarByName";

const NAMES: CalendarName[] = ["XNYS", "XNAS", "CME", "24/7"];
const DAY = 86_400_000;

/** A `YYYY-MM-DD` string between 1995 and 2040. */
const dateString = fc
  .integer({ min: Date.UTC(1995, 0, 1) / DAY, max: Date.UTC(2040, 11, 31) / DAY })
  .map((day) => new Date(day * DAY).toISOString().slice(0, 10));

describe("a session label is a date string or a Date at 00:00 UTC, alike (property)", () => {
  for (const name of NAMES) {
    const cal = calendar(name);
    it(`${name}: isSession and sessions agree for d and new Date(d + "T00:00:00Z")`, () => {
      fc.assert(
        fc.property(dateString, fc.integer({ min: 0, max: 10 }), (d, span) => {
          const label = new Date(`${d}T00:00:00Z`);
          expect(cal.isSession(label)).toBe(cal.isSession(d));
          expect(cal.isSession(new Date(d))).toBe(cal.isSession(d));
          const end = new Date(label.getTime() + span * DAY);
          const endText = end.toISOString().slice(0, 10);
          expect(cal.sessions(label, end)).toEqual(cal.sessions(d, endText));
          expect(cal.sessions(d, end)).toEqual(cal.sessions(label, endText));
          const listed = cal.sessions(d, d);
          expect(listed.length).toBe(cal.isSession(d) ? 1 : 0);
          if (listed.length) expect(listed[0].date).toBe(d);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('new Date("2024-01-02") is January 2 on XNYS, not the New York evening of January 1 (a holiday)', () => {
    const xnys = calendar("XNYS");
    expect(xnys.isSession(new Date("2024-01-02"))).toBe(true);
    expect(xnys.sessions(new Date("2024-01-01"), new Date("2024-01-02")).map((s) => s.date)).toEqual(["2024-01-02"]);
    expect(xnys.isSession(new Date("2024-01-01"))).toBe(false);
  });

  it("any other instant stands for its date in the exchange zone", () => {
    const xnys = calendar("XNYS");
    // 2024-01-02T00:00:01Z is 19:00:01 on Monday 2024-01-01 in New York (New Year's Day).
    expect(xnys.isSession(new Date("2024-01-02T00:00:01Z"))).toBe(false);
    expect(xnys.isSession(new Date("2024-01-02T14:30:00Z"))).toBe(true);
    expect(calendar("CME").sessions(new Date("2024-03-08T23:30:00Z"), new Date("2024-03-08T23:30:00Z")).map((s) => s.date)).toEqual(["2024-03-08"]);
  });
});
