import { describe, expect, it } from "vitest";
import { calendar } from "./calendarByName";

const cme = calendar("CME");

describe("CME Globex equity index sessions", () => {
  it("Monday 2024-03-11 opens Sunday 18:00 New York (22:00 UTC, DST began that morning), closes 17:00 (21:00 UTC)", () => {
    const [monday] = cme.sessions("2024-03-11", "2024-03-11");
    expect(monday.date).toBe("2024-03-11");
    expect(monday.open.toISOString()).toBe("2024-03-10T22:00:00.000Z");
    expect(monday.close.toISOString()).toBe("2024-03-11T21:00:00.000Z");
  });

  it("Friday 2024-03-08 opens Thursday 18:00 EST (23:00 UTC)", () => {
    const [friday] = cme.sessions("2024-03-08", "2024-03-08");
    expect(friday.open.toISOString()).toBe("2024-03-07T23:00:00.000Z");
    expect(friday.close.toISOString()).toBe("2024-03-08T22:00:00.000Z");
  });

  it("sessions span midnight and leave the 17:00-18:00 halt", () => {
    const [tue, wed] = cme.sessions("2024-06-11", "2024-06-12");
    expect(wed.open.toISOString().slice(0, 10), "opens the calendar day before").toBe("2024-06-11");
    expect(wed.open.getTime() - tue.close.getTime()).toBe(3_600_000);
    expect(cme.expectedBars(new Date("2024-06-12T03:00:00Z"), new Date("2024-06-12T05:00:00Z"), 60_000)).toBe(120);
  });

  it("has no session on NYSE holidays or weekends", () => {
    expect(cme.isSession("2024-12-25")).toBe(false);
    expect(cme.sessions("2024-12-21", "2024-12-27").map((s) => s.date)).toEqual([
      "2024-12-23",
      "2024-12-24",
      "2024-12-26",
      "2024-12-27",
    ]);
    // Thursday's session opens on the holiday evening.
    expect(cme.nextOpen(new Date("2024-12-24T22:00:00Z")).toISOString()).toBe("2024-12-25T23:00:00.000Z");
  });

  it("a Date given as a trading date is read in New York time", () => {
    expect(cme.isSession(new Date("2024-03-11T03:00:00Z")), "Sunday 23:00 in New York").toBe(false);
  });
});
