import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalendarName } from "./Calendar";
import { calendar } from "./calendarByName";

const DAY = 86_400_000;
const NAMES: CalendarName[] = ["XNYS", "XNAS", "CME", "24/7"];

/**
 * For an instant t, let c = previousClose(t) and o = nextOpen(t). Sessions cover [open, close).
 * - c <= t < o;
 * - if t lies in a session s, s is the only session overlapping the open interval (c, o)
 *   (c is the close of the session before s, o the open of the one after);
 * - otherwise no session overlaps (c, o): t sits in the gap between two consecutive sessions.
 */
describe("nextOpen / previousClose bracket t (property, 2000-2035)", () => {
  for (const name of NAMES) {
    it(name, () => {
      const cal = calendar(name);
      fc.assert(
        fc.property(fc.date({ min: new Date("2000-01-03T00:00:00Z"), max: new Date("2035-12-28T00:00:00Z"), noInvalidDate: true }), (t) => {
          const c = cal.previousClose(t);
          const o = cal.nextOpen(t);
          expect(o.getTime()).toBeGreaterThan(t.getTime());
          expect(c.getTime()).toBeLessThanOrEqual(t.getTime());
          const nearby = cal.sessions(new Date(c.getTime() - 2 * DAY), new Date(o.getTime() + 2 * DAY));
          expect(nearby.some((s) => s.close.getTime() === c.getTime()), "c is a session close").toBe(true);
          expect(nearby.some((s) => s.open.getTime() === o.getTime()), "o is a session open").toBe(true);
          const overlapping = nearby.filter((s) => s.open.getTime() < o.getTime() && s.close.getTime() > c.getTime());
          const containing = nearby.filter((s) => s.open.getTime() <= t.getTime() && t.getTime() < s.close.getTime());
          expect(containing.length, "sessions never overlap").toBeLessThanOrEqual(1);
          expect(overlapping).toEqual(containing);
        }),
        { numRuns: 400 },
      );
    });
  }
});
