import { describe, expect, it } from "vitest";
import { TimezoneError, checkTimezone } from "./timezone";

describe("checkTimezone", () => {
  it("accepts IANA names as the zone database spells them, links included", () => {
    for (const zone of ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "America/Havana", "US/Eastern"]) expect(checkTimezone(zone)).toBe(zone);
  });

  it("refuses other spellings, abbreviations and POSIX rules with a TimezoneError naming the value", () => {
    const cases: [string, RegExp][] = [
      ["america/new_york", /spelled exactly, got 'america\/new_york' \(did you mean 'America\/New_York'\?\)/],
      ["Mars/Olympus", /must be an IANA name such as "America\/New_York" or "UTC", got 'Mars\/Olympus'/],
      ["EST5", /got 'EST5'/],
    ];
    for (const [zone, message] of cases) {
      let caught: unknown;
      try {
        checkTimezone(zone);
      } catch (error) {
        caught = error;
      }
      expect(caught, zone).toBeInstanceOf(TimezoneError);
      expect((caught as TimezoneError).timezone).toBe(zone);
      expect((caught as TimezoneError).code).toBe("INVALID_TIMEZONE");
      expect((caught as Error).message).toMatch(message);
    }
  });
});
