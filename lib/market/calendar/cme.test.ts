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

  it("has no session on New Year's Day, Good Friday, Christmas or weekends", () => {
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

  const utc = (s: { date: string; open: Date; close: Date; earlyClose: boolean }) => [s.date, s.open.toISOString(), s.close.toISOString(), s.earlyClose];

  it("trades through Martin Luther King Jr. Day until 13:00 New York, then opens Tuesday's session at 18:00", () => {
    expect(cme.sessions("2024-01-12", "2024-01-16").map(utc)).toEqual([
      ["2024-01-12", "2024-01-11T23:00:00.000Z", "2024-01-12T22:00:00.000Z", false],
      ["2024-01-15", "2024-01-14T23:00:00.000Z", "2024-01-15T18:00:00.000Z", true],
      ["2024-01-16", "2024-01-15T23:00:00.000Z", "2024-01-16T22:00:00.000Z", false],
    ]);
    // 1-minute bars from Sunday 18:00 to Tuesday 17:00: 19 hours before the halt, 23 after.
    expect(cme.expectedBars(new Date("2024-01-14T23:00:00Z"), new Date("2024-01-16T22:00:00Z"), 60_000)).toBe((19 + 23) * 60);
    expect(cme.isSession(new Date("2024-01-15T17:59:00Z"))).toBe(true);
  });

  it("halts at 13:00 on each trading-through holiday, in EST and EDT alike", () => {
    const halts: [string, string][] = [
      ["2024-02-19", "2024-02-19T18:00:00.000Z"], // Washington's Birthday
      ["2024-05-27", "2024-05-27T17:00:00.000Z"], // Memorial Day (EDT)
      ["2024-06-19", "2024-06-19T17:00:00.000Z"], // Juneteenth
      ["2024-07-04", "2024-07-04T17:00:00.000Z"],
      ["2024-09-02", "2024-09-02T17:00:00.000Z"], // Labor Day
      ["2024-11-28", "2024-11-28T18:00:00.000Z"], // Thanksgiving (EST)
      ["2022-06-20", "2022-06-20T17:00:00.000Z"], // Juneteenth observed on the Monday
      ["2020-07-03", "2020-07-03T17:00:00.000Z"], // July 4 on a Saturday, observed on the Friday
    ];
    for (const [date, close] of halts) {
      const [session] = cme.sessions(date, date);
      expect([session.date, session.close.toISOString(), session.earlyClose], date).toEqual([date, close, true]);
    }
    expect(cme.sessions("2021-06-18", "2021-06-18")[0].earlyClose, "no Juneteenth holiday before 2022").toBe(false);
  });

  it("closes at 13:15 on the days NYSE closes at 13:00", () => {
    for (const [date, close] of [
      ["2024-07-03", "2024-07-03T17:15:00.000Z"],
      ["2024-11-29", "2024-11-29T18:15:00.000Z"],
      ["2024-12-24", "2024-12-24T18:15:00.000Z"],
    ]) {
      expect(utc(cme.sessions(date, date)[0]).slice(2), date).toEqual([close, true]);
    }
  });

  it("skips Good Friday and New Year's Day: the next session opens at 18:00 the day before it", () => {
    expect(cme.sessions("2024-03-28", "2024-04-01").map((s) => s.date)).toEqual(["2024-03-28", "2024-04-01"]);
    expect(cme.nextOpen(new Date("2024-03-28T21:00:00Z")).toISOString(), "Easter Sunday 18:00 EDT").toBe("2024-03-31T22:00:00.000Z");
    expect(cme.isSession("2025-01-01")).toBe(false);
    expect(cme.sessions("2025-01-02", "2025-01-02")[0].open.toISOString()).toBe("2025-01-01T23:00:00.000Z");
  });

  it("trades the Good Fridays of a jobs report from 18:00 Thursday to 09:15 New York (08:15 Chicago), and no other", () => {
    // Good Fridays 2000-2035 on which the US employment report came out: 2010-04-02, 2012-04-06, 2015-04-03,
    // 2021-04-02, 2023-04-07, 2026-04-03 (CME holiday notices; 2015: "closes at 9:15 a.m. EDT").
    const goodFridays: string[] = [];
    for (let year = 2000; year <= 2035; year++) {
      const sessions = cme.sessions(`${year}-03-19`, `${year}-04-26`);
      for (const s of sessions) if (s.close.getTime() - s.open.getTime() === 15.25 * 3_600_000) goodFridays.push(s.date);
    }
    expect(goodFridays).toEqual(["2010-04-02", "2012-04-06", "2015-04-03", "2021-04-02", "2023-04-07", "2026-04-03"]);
    expect(cme.sessions("2026-04-03", "2026-04-03").map(utc)).toEqual([["2026-04-03", "2026-04-02T22:00:00.000Z", "2026-04-03T13:15:00.000Z", true]]);
    expect(cme.nextOpen(new Date("2026-04-03T13:15:00Z")).toISOString(), "Sunday 18:00 EDT").toBe("2026-04-05T22:00:00.000Z");
    for (const closed of ["2005-03-25", "2018-03-30", "2024-03-29", "2025-04-18"]) expect(cme.isSession(closed), closed).toBe(false);
  });

  it("halts at 11:30 New York (10:30 Chicago) on holidays before the 2014/2015 move to 12:00 Chicago", () => {
    const halts: [string, string][] = [
      ["2006-02-20", "2006-02-20T16:30:00.000Z"], // Presidents' Day 2006, EST
      ["2007-09-03", "2007-09-03T15:30:00.000Z"], // Labor Day 2007, EDT
      ["2013-07-04", "2013-07-04T15:30:00.000Z"],
      ["2014-01-20", "2014-01-20T16:30:00.000Z"], // MLK Day: 10:30 Chicago until 2014
      ["2014-05-26", "2014-05-26T17:00:00.000Z"], // Memorial Day: 12:00 Chicago from 2014
      ["2015-01-19", "2015-01-19T18:00:00.000Z"],
    ];
    for (const [date, close] of halts) expect(utc(cme.sessions(date, date)[0]).slice(2), date).toEqual([close, true]);
  });

  it("follows NYSE's early closes of 2002-2003 and trades the Hurricane Sandy mornings until 09:15 New York", () => {
    expect(utc(cme.sessions("2002-07-03", "2002-07-03")[0]).slice(2)).toEqual(["2002-07-03T21:00:00.000Z", false]);
    expect(utc(cme.sessions("2002-07-05", "2002-07-05")[0]).slice(2)).toEqual(["2002-07-05T17:15:00.000Z", true]);
    expect(utc(cme.sessions("2003-12-26", "2003-12-26")[0]).slice(2)).toEqual(["2003-12-26T18:15:00.000Z", true]);
    expect(cme.sessions("2012-10-29", "2012-10-31").map(utc)).toEqual([
      ["2012-10-29", "2012-10-28T22:00:00.000Z", "2012-10-29T13:15:00.000Z", true],
      ["2012-10-30", "2012-10-29T22:00:00.000Z", "2012-10-30T13:15:00.000Z", true],
      ["2012-10-31", "2012-10-30T22:00:00.000Z", "2012-10-31T21:00:00.000Z", false],
    ]);
  });
});
