import { describe, expect, it } from "vitest";
import { calendar } from "./calendarByName";

const crypto = calendar("24/7");

describe("24/7", () => {
  it("every UTC day is a session 00:00-24:00 UTC", () => {
    expect(crypto.timezone).toBe("UTC");
    const days = crypto.sessions("2024-12-24", "2024-12-26");
    expect(days.map((s) => s.date)).toEqual(["2024-12-24", "2024-12-25", "2024-12-26"]);
    expect(days[1].open.toISOString()).toBe("2024-12-25T00:00:00.000Z");
    expect(days[1].close.toISOString()).toBe("2024-12-26T00:00:00.000Z");
    expect(crypto.isSession("2024-03-10")).toBe(true);
  });

  it("expects 1440 one-minute bars per day and 24 hourly ones", () => {
    const start = new Date("2024-03-10T00:00:00Z");
    const end = new Date("2024-03-12T00:00:00Z");
    expect(crypto.expectedBars(start, end, 60_000)).toBe(2 * 1440);
    expect(crypto.expectedBars(start, end, 3_600_000)).toBe(48);
  });

  it("a close is the next day's open", () => {
    const t = new Date("2024-05-05T12:00:00Z");
    expect(crypto.previousClose(t).toISOString()).toBe("2024-05-05T00:00:00.000Z");
    expect(crypto.nextOpen(t).toISOString()).toBe("2024-05-06T00:00:00.000Z");
  });
});
