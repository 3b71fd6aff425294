import { describe, expect, it } from "vitest";
import { dayNumber } from "./civilDate";
import { dateInZone, zonedInstant } from "./zoneTime";

describe("zoneTime (offsets from Intl, not a table)", () => {
  it("wall time to instant around New York DST changes", () => {
    expect(zonedInstant(dayNumber(2024, 3, 9), 12 * 60, "America/New_York").toISOString()).toBe("2024-03-09T17:00:00.000Z");
    expect(zonedInstant(dayNumber(2024, 3, 10), 12 * 60, "America/New_York").toISOString()).toBe("2024-03-10T16:00:00.000Z");
    expect(zonedInstant(dayNumber(2024, 11, 3), 12 * 60, "America/New_York").toISOString()).toBe("2024-11-03T17:00:00.000Z");
  });

  it("negative minutes reach the previous evening", () => {
    expect(zonedInstant(dayNumber(2024, 3, 11), -6 * 60, "America/New_York").toISOString()).toBe("2024-03-10T22:00:00.000Z");
  });

  it("works for other zones", () => {
    expect(zonedInstant(dayNumber(2024, 7, 1), 8 * 60, "Europe/London").toISOString()).toBe("2024-07-01T07:00:00.000Z");
    expect(zonedInstant(dayNumber(2024, 7, 1), 9 * 60, "Asia/Tokyo").toISOString()).toBe("2024-07-01T00:00:00.000Z");
  });

  it("dateInZone reads the calendar date in the zone", () => {
    expect(dateInZone(new Date("2024-03-11T03:00:00Z"), "America/New_York")).toBe("2024-03-10");
    expect(dateInZone(new Date("2024-03-11T03:00:00Z"), "UTC")).toBe("2024-03-11");
  });
});
