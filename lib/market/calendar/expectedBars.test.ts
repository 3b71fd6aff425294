import { describe, expect, it } from "vitest";
import { CalendarError } from "./CalendarError";
import { calendar } from "./calendarByName";

const xnys = calendar("XNYS");
const MINUTE = 60_000;
const utcDay = (date: string): [Date, Date] => [new Date(`${date}T00:00:00Z`), new Date(`${date}T23:59:59Z`)];

describe("expectedBars on XNYS", () => {
  it("390 one-minute bars on a regular day", () => {
    expect(xnys.expectedBars(...utcDay("2024-06-12"), MINUTE)).toBe(390);
  });

  it("210 on an early-close day (09:30-13:00)", () => {
    expect(xnys.expectedBars(...utcDay("2024-11-29"), MINUTE)).toBe(210);
  });

  it("0 on a holiday and on a weekend", () => {
    expect(xnys.expectedBars(...utcDay("2024-12-25"), MINUTE)).toBe(0);
    expect(xnys.expectedBars(...utcDay("2024-06-08"), MINUTE)).toBe(0);
  });

  it("bars align to the open; a last shorter bar counts", () => {
    expect(xnys.expectedBars(...utcDay("2024-06-12"), 5 * MINUTE)).toBe(78);
    expect(xnys.expectedBars(...utcDay("2024-06-12"), 60 * MINUTE), "6 full hours + 15:30-16:00").toBe(7);
  });

  it("counts bars that start in [start, end)", () => {
    const open = new Date("2024-06-12T13:30:00Z");
    expect(xnys.expectedBars(open, new Date(open.getTime() + 10 * MINUTE), MINUTE)).toBe(10);
    expect(xnys.expectedBars(new Date(open.getTime() + 30_000), new Date(open.getTime() + 10 * MINUTE), MINUTE)).toBe(9);
    expect(xnys.expectedBars(open, open, MINUTE)).toBe(0);
  });

  it("a week across a holiday: 4 sessions", () => {
    expect(xnys.expectedBars(new Date("2024-12-23T00:00:00Z"), new Date("2024-12-28T00:00:00Z"), MINUTE)).toBe(3 * 390 + 210);
  });

  it("rejects a non-positive timeframe", () => {
    expect(() => xnys.expectedBars(...utcDay("2024-06-12"), 0)).toThrow(CalendarError);
    expect(() => xnys.expectedBars(...utcDay("2024-06-12"), Number.NaN)).toThrow(/timeframeMs/);
  });
});
