import { getTasks } from "node-cron";
import { describe, expect, it } from "vitest";
import { missedSlots } from "./missedSlots";

describe("missedSlots", () => {
  it("counts the slots strictly between two times, in the job's timezone", () => {
    expect(missedSlots("0 9 * * *", "UTC", new Date("2024-01-01T10:00Z"), new Date("2024-01-03T10:00Z"))).toEqual({
      count: 2,
      first: new Date("2024-01-02T09:00Z"),
      latest: new Date("2024-01-03T09:00Z"),
      truncated: false,
    });
    // 09:00 New York on weekdays across the 2024 DST change (Sunday 10 March): Friday 8 March is EST
    // (UTC-5, 14:00Z), Monday 11 and Tuesday 12 March are EDT (UTC-4, 13:00Z); tz database rules.
    const dst = missedSlots("0 9 * * 1-5", "America/New_York", new Date("2024-03-08T13:00Z"), new Date("2024-03-12T23:00Z"));
    expect(dst).toMatchObject({ count: 3, first: new Date("2024-03-08T14:00Z"), latest: new Date("2024-03-12T13:00Z") });
    expect(missedSlots("*/10 * * * * *", "UTC", new Date("2024-01-01T10:00:00Z"), new Date("2024-01-01T10:01:00Z")).count).toBe(5);
  });

  it("stops after maxSteps and says so, and leaves no node-cron task behind", () => {
    const found = missedSlots("* * * * *", "UTC", new Date("2024-01-01T00:00Z"), new Date("2024-01-02T00:00Z"), 100);
    expect(found).toMatchObject({ count: 100, truncated: true, latest: new Date("2024-01-01T23:59Z") });
    expect(getTasks().size).toBe(0);
  });
});
