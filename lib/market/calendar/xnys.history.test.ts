import { describe, expect, it } from "vitest";
import { calendar } from "./calendarByName";
import type { Session } from "./Session";

/*
 * Every XNYS session from 2000 to 2030 whose hours differ from 09:30-16:00 New York, written out from
 * NYSE's published history (nyse.com holiday and early-close announcements; NYSE's closings history as
 * compiled in pandas_market_calendars' nyse.py) and checked date by date against exchange_calendars' XNYS
 * (which agrees on every 13:00 close and has no late opens). 2026-2030 are NYSE's standing rules
 * (13:00 on July 3 when July 4 falls Tuesday to Friday, the day after Thanksgiving, Christmas Eve on
 * Monday to Thursday).
 */
const EARLY_CLOSES: Record<number, string[]> = {
  2000: ["07-03", "11-24"],
  2001: ["07-03", "11-23", "12-24"],
  2002: ["07-05", "11-29", "12-24"], // July 4 a Thursday: the Friday after closed early, July 3 was a full day
  2003: ["07-03", "11-28", "12-24", "12-26"], // and the Friday after Christmas
  2004: ["11-26"],
  2005: ["06-01 15:56", "11-25"], // 2005-06-01: a systems communication problem
  2006: ["07-03", "11-24"],
  2007: ["07-03", "11-23", "12-24"],
  2008: ["07-03", "11-28", "12-24"], // 2008-12-26, a Friday after Christmas, was a full day
  2009: ["11-27", "12-24"],
  2010: ["11-26"],
  2011: ["11-25"],
  2012: ["07-03", "11-23", "12-24"],
  2013: ["07-03", "11-29", "12-24"], // July 4 a Thursday: from 2013 the Wednesday before closes early
  2014: ["07-03", "11-28", "12-24"],
  2015: ["11-27", "12-24"],
  2016: ["11-25"],
  2017: ["07-03", "11-24"],
  2018: ["07-03", "11-23", "12-24"],
  2019: ["07-03", "11-29", "12-24"],
  2020: ["11-27", "12-24"],
  2021: ["11-26"],
  2022: ["11-25"],
  2023: ["07-03", "11-24"],
  2024: ["07-03", "11-29", "12-24"],
  2025: ["07-03", "11-28", "12-24"],
  2026: ["11-27", "12-24"],
  2027: ["11-26"],
  2028: ["07-03", "11-24"],
  2029: ["07-03", "11-23", "12-24"],
  2030: ["07-03", "11-29", "12-24"],
};

/** Late opens of the regular session (moments of silence; the first anniversary of September 11). */
const LATE_OPENS: Record<string, string> = {
  "2001-09-17": "09:33",
  "2001-10-08": "09:31",
  "2002-09-11": "12:00",
  "2003-03-20": "09:32",
  "2004-06-07": "09:32",
  "2006-12-27": "09:32",
};

/** Weekdays NYSE closed outside its holiday rules. */
const ONE_OFF_CLOSURES = [
  "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", // September 11
  "2004-06-11", // national day of mourning, President Reagan
  "2007-01-02", // President Ford
  "2012-10-29", "2012-10-30", // Hurricane Sandy
  "2018-12-05", // President George H. W. Bush
  "2025-01-09", // President Carter
];

const xnys = calendar("XNYS");
const eth = calendar("XNYS", { session: "ETH" });
const NEW_YORK = new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const hm = (t: Date) => NEW_YORK.format(t);

function expectedEarlyCloses(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [year, days] of Object.entries(EARLY_CLOSES)) {
    for (const entry of days) {
      const [day, time = "13:00"] = entry.split(" ");
      out[`${year}-${day}`] = time;
    }
  }
  return out;
}

describe("XNYS hours 2000-2030 against NYSE's published history (every date asserted)", () => {
  const sessions = xnys.sessions("2000-01-01", "2030-12-31");

  it("the sessions closing before 16:00 are exactly the published early closes, at the published time", () => {
    const actual: Record<string, string> = {};
    for (const s of sessions) if (hm(s.close) !== "16:00") actual[s.date] = hm(s.close);
    expect(actual).toEqual(expectedEarlyCloses());
    expect(sessions.filter((s) => s.earlyClose).map((s) => s.date)).toEqual(Object.keys(expectedEarlyCloses()).sort());
  });

  it("the sessions opening after 09:30 are exactly the published late opens", () => {
    const actual: Record<string, string> = {};
    for (const s of sessions) if (hm(s.open) !== "09:30") actual[s.date] = hm(s.open);
    expect(actual).toEqual(LATE_OPENS);
    expect(sessions.filter((s) => s.lateOpen).map((s) => s.date)).toEqual(Object.keys(LATE_OPENS));
  });

  it("is closed on each one-off closure, and XNAS has the same sessions", () => {
    for (const date of ONE_OFF_CLOSURES) expect(xnys.isSession(date), date).toBe(false);
    const strip = (s: Session) => [s.date, s.open.getTime(), s.close.getTime(), s.earlyClose, s.lateOpen];
    expect(calendar("XNAS").sessions("2000-01-01", "2030-12-31").map(strip)).toEqual(sessions.map(strip));
  });

  it("2002-07-03 was a full day, 2002-07-05 and 2003-12-26 closed at 13:00 (also in extended hours: 17:00)", () => {
    const at = (cal: typeof xnys, date: string) => cal.sessions(date, date).map((s) => [hm(s.open), hm(s.close), s.earlyClose]);
    expect(at(xnys, "2002-07-03")).toEqual([["09:30", "16:00", false]]);
    expect(at(xnys, "2002-07-05")).toEqual([["09:30", "13:00", true]]);
    expect(at(xnys, "2003-12-26")).toEqual([["09:30", "13:00", true]]);
    expect(at(eth, "2002-07-03")).toEqual([["04:00", "20:00", false]]);
    expect(at(eth, "2002-07-05")).toEqual([["04:00", "17:00", true]]);
    expect(at(eth, "2003-12-26")).toEqual([["04:00", "17:00", true]]);
  });

  it("extended hours keep 04:00-20:00 on the 7 days of unscheduled late opens or early closes", () => {
    const irregular = [...Object.keys(LATE_OPENS), "2005-06-01"].sort();
    expect(irregular).toHaveLength(7);
    for (const date of irregular) {
      const [s] = eth.sessions(date, date);
      expect([hm(s.open), hm(s.close), s.earlyClose, s.lateOpen], date).toEqual(["04:00", "20:00", false, false]);
      const [regular] = xnys.sessions(date, date);
      expect(regular.lateOpen || regular.earlyClose, date).toBe(true);
    }
  });

  it("expected one-minute bars follow the hours", () => {
    const day = (date: string): [Date, Date] => [new Date(`${date}T00:00:00Z`), new Date(`${date}T23:59:59Z`)];
    expect(xnys.expectedBars(...day("2002-09-11"), 60_000)).toBe(240);
    expect(xnys.expectedBars(...day("2001-09-17"), 60_000)).toBe(387);
    expect(xnys.expectedBars(...day("2005-06-01"), 60_000)).toBe(386);
    expect(xnys.expectedBars(...day("2002-07-03"), 60_000)).toBe(390);
    expect(xnys.expectedBars(...day("2002-07-05"), 60_000)).toBe(210);
  });
});
