import { describe, expect, it } from "vitest";
import { calendar } from "./calendarByName";

// nextOpen and previousClose across weekends, holidays and session edges.
const xnys = calendar("XNYS");
const iso = (d: Date) => d.toISOString();

describe("nextOpen / previousClose on XNYS", () => {
  it("crosses a weekend", () => {
    const saturday = new Date("2024-06-08T15:00:00Z");
    expect(iso(xnys.nextOpen(saturday))).toBe("2024-06-10T13:30:00.000Z");
    expect(iso(xnys.previousClose(saturday))).toBe("2024-06-07T20:00:00.000Z");
  });

  it("crosses Good Friday and a long weekend", () => {
    const goodFriday = new Date("2024-03-29T15:00:00Z");
    expect(iso(xnys.nextOpen(goodFriday))).toBe("2024-04-01T13:30:00.000Z");
    expect(iso(xnys.previousClose(goodFriday))).toBe("2024-03-28T20:00:00.000Z");
  });

  it("crosses Christmas after an early close", () => {
    const christmas = new Date("2024-12-25T12:00:00Z");
    expect(iso(xnys.previousClose(christmas)), "Dec 24 closes 13:00 EST").toBe("2024-12-24T18:00:00.000Z");
    expect(iso(xnys.nextOpen(christmas))).toBe("2024-12-26T14:30:00.000Z");
  });

  it("crosses the 2001-09-11 closure", () => {
    // NYSE reopened on Monday 2001-09-17 at 09:33, after two minutes of silence.
    expect(iso(xnys.nextOpen(new Date("2001-09-11T14:00:00Z")))).toBe("2001-09-17T13:33:00.000Z");
  });

  it("inside a session: next session's open and the previous session's close", () => {
    const midday = new Date("2024-06-12T16:00:00Z");
    expect(iso(xnys.nextOpen(midday))).toBe("2024-06-13T13:30:00.000Z");
    expect(iso(xnys.previousClose(midday))).toBe("2024-06-11T20:00:00.000Z");
  });

  it("at an open, nextOpen is strictly later; at a close, previousClose is that close", () => {
    const open = new Date("2024-06-12T13:30:00Z");
    expect(iso(xnys.nextOpen(open))).toBe("2024-06-13T13:30:00.000Z");
    const close = new Date("2024-06-12T20:00:00Z");
    expect(iso(xnys.previousClose(close))).toBe("2024-06-12T20:00:00.000Z");
    expect(iso(xnys.nextOpen(new Date(open.getTime() - 1)))).toBe(iso(open));
  });
});
