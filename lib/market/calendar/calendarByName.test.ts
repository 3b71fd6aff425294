import { describe, expect, it } from "vitest";
import type { CalendarName } from "./Calendar";
import { CalendarError } from "./CalendarError";
import { calendar } from "./calendarByName";

describe("calendar(name)", () => {
  it("returns each named calendar with its zone", () => {
    expect(calendar("XNYS").timezone).toBe("America/New_York");
    expect(calendar("XNAS").timezone).toBe("America/New_York");
    expect(calendar("CME").timezone).toBe("America/New_York");
    expect(calendar("24/7").timezone).toBe("UTC");
    expect(calendar("XNYS")).toBe(calendar("XNYS"));
    expect(Object.isFrozen(calendar("XNYS"))).toBe(true);
  });

  it("throws naming the valid names for an unknown calendar", () => {
    const bad = () => calendar("NYSE" as CalendarName);
    expect(bad).toThrow(CalendarError);
    expect(bad).toThrow(/"NYSE".*"XNYS", "XNAS", "CME", "24\/7"/);
    expect(() => calendar("toString" as CalendarName)).toThrow(/unknown calendar/);
  });

  it("rejects malformed dates with a message saying the format", () => {
    const xnys = calendar("XNYS");
    expect(() => xnys.sessions("2024-02-30", "2024-03-01")).toThrow(/YYYY-MM-DD.*"2024-02-30"/);
    expect(() => xnys.isSession("12/25/2024")).toThrow(CalendarError);
    expect(() => xnys.nextOpen(new Date("nope"))).toThrow(/valid Date/);
  });

  it("sessions are immutable and empty for a reversed range", () => {
    const xnys = calendar("XNYS");
    expect(Object.isFrozen(xnys.sessions("2024-06-12", "2024-06-12")[0])).toBe(true);
    expect(xnys.sessions("2024-06-12", "2024-06-11")).toEqual([]);
  });
});
