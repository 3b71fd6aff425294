import { describe, expect, it } from "vitest";
import { formatDay } from "./civilDate";
import { easterSunday } from "./easter";

describe("easterSunday", () => {
  it("matches published Western Easter dates", () => {
    // Gregorian Easter dates as tabulated by the US Naval Observatory / common almanacs.
    const known: Record<number, string> = {
      2000: "2000-04-23",
      2008: "2008-03-23",
      2011: "2011-04-24",
      2019: "2019-04-21",
      2024: "2024-03-31",
      2025: "2025-04-20",
      2035: "2035-03-25",
    };
    for (const [year, date] of Object.entries(known)) expect(formatDay(easterSunday(Number(year))), year).toBe(date);
  });
});
