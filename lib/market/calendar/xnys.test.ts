import { describe, expect, it } from "vitest";
import { calendar } from "./calendarByName";

const xnys = calendar("XNYS");

/** Weekdays of a year on which the calendar has no session. */
function closedWeekdays(name: "XNYS" | "XNAS", year: number): string[] {
  const cal = calendar(name);
  const closed: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const dow = new Date(t).getUTCDay();
    if (dow !== 0 && dow !== 6 && !cal.isSession(date)) closed.push(date);
  }
  return closed;
}

function earlyCloses(year: number): string[] {
  return xnys.sessions(`${year}-01-01`, `${year}-12-31`).filter((s) => s.earlyClose).map((s) => s.date);
}

// NYSE holiday calendar as published by NYSE (nyse.com/markets/hours-calendars and its yearly
// announcements), including the one-off closure for President Carter's national day of mourning in 2025.
const PUBLISHED: Record<number, { holidays: string[]; earlyCloses: string[]; sessions: number }> = {
  2019: {
    holidays: ["01-01", "01-21", "02-18", "04-19", "05-27", "07-04", "09-02", "11-28", "12-25"],
    earlyCloses: ["07-03", "11-29", "12-24"],
    sessions: 252,
  },
  2021: {
    // Christmas (Saturday) observed Friday Dec 24; New Year 2022 (Saturday) not observed: Dec 31 trades.
    holidays: ["01-01", "01-18", "02-15", "04-02", "05-31", "07-05", "09-06", "11-25", "12-24"],
    earlyCloses: ["11-26"],
    sessions: 252,
  },
  2022: {
    holidays: ["01-17", "02-21", "04-15", "05-30", "06-20", "07-04", "09-05", "11-24", "12-26"],
    earlyCloses: ["11-25"],
    sessions: 251,
  },
  2023: {
    holidays: ["01-02", "01-16", "02-20", "04-07", "05-29", "06-19", "07-04", "09-04", "11-23", "12-25"],
    earlyCloses: ["07-03", "11-24"],
    sessions: 250,
  },
  2024: {
    holidays: ["01-01", "01-15", "02-19", "03-29", "05-27", "06-19", "07-04", "09-02", "11-28", "12-25"],
    earlyCloses: ["07-03", "11-29", "12-24"],
    sessions: 252,
  },
  2025: {
    holidays: ["01-01", "01-09", "01-20", "02-17", "04-18", "05-26", "06-19", "07-04", "09-01", "11-27", "12-25"],
    earlyCloses: ["07-03", "11-28", "12-24"],
    sessions: 250,
  },
};

describe("XNYS against the published NYSE calendars", () => {
  for (const [yearText, expected] of Object.entries(PUBLISHED)) {
    const year = Number(yearText);
    it(`${year}: holidays, early closes and session count`, () => {
      expect(closedWeekdays("XNYS", year), `${year} holidays`).toEqual(expected.holidays.map((d) => `${year}-${d}`));
      expect(earlyCloses(year), `${year} early closes`).toEqual(expected.earlyCloses.map((d) => `${year}-${d}`));
      expect(xnys.sessions(`${year}-01-01`, `${year}-12-31`)).toHaveLength(expected.sessions);
    });
  }

  it("XNAS shares the NYSE holidays and hours", () => {
    const xnas = calendar("XNAS");
    expect(xnas.name).toBe("XNAS");
    expect(closedWeekdays("XNAS", 2024)).toEqual(closedWeekdays("XNYS", 2024));
    expect(xnas.sessions("2024-07-03", "2024-07-03")).toEqual(xnys.sessions("2024-07-03", "2024-07-03"));
  });

  it("Dec 31 2021 trades although Jan 1 2022 is a Saturday", () => {
    expect(xnys.isSession("2021-12-31")).toBe(true);
    expect(xnys.isSession("2022-01-01")).toBe(false);
  });

  it("closes on the one-off closures", () => {
    for (const date of ["2001-09-11", "2001-09-14", "2004-06-11", "2007-01-02", "2012-10-29", "2012-10-30", "2018-12-05"]) {
      expect(xnys.isSession(date), date).toBe(false);
    }
    expect(xnys.isSession("2001-09-17")).toBe(true);
  });

  it("early close is 13:00 New York and a regular day runs 09:30-16:00", () => {
    const [early] = xnys.sessions("2024-11-29", "2024-11-29");
    expect(early.close.toISOString()).toBe("2024-11-29T18:00:00.000Z");
    const [regular] = xnys.sessions("2024-11-27", "2024-11-27");
    expect(regular.open.toISOString()).toBe("2024-11-27T14:30:00.000Z");
    expect(regular.close.toISOString()).toBe("2024-11-27T21:00:00.000Z");
  });

  it("has 250-253 sessions in every year 2000-2035 (a guard on the holiday rules)", () => {
    for (let year = 2000; year <= 2035; year++) {
      const n = xnys.sessions(`${year}-01-01`, `${year}-12-31`).length;
      expect(n, `sessions in ${year}`).toBeGreaterThanOrEqual(year === 2001 ? 248 : 250);
      expect(n, `sessions in ${year}`).toBeLessThanOrEqual(253);
    }
  });
});

describe("XNYS across DST", () => {
  const openUtc = (date: string) => xnys.sessions(date, date)[0].open.toISOString();

  it("spring forward: 14:30 UTC before, 13:30 UTC after (2024-03-10)", () => {
    expect(openUtc("2024-03-08")).toBe("2024-03-08T14:30:00.000Z");
    expect(openUtc("2024-03-11")).toBe("2024-03-11T13:30:00.000Z");
  });

  it("fall back: 13:30 UTC before, 14:30 UTC after (2024-11-03)", () => {
    expect(openUtc("2024-11-01")).toBe("2024-11-01T13:30:00.000Z");
    expect(openUtc("2024-11-04")).toBe("2024-11-04T14:30:00.000Z");
  });
});

describe("extended hours (ETH)", () => {
  it("runs 04:00-20:00 New York on the regular trading dates, to 17:00 after an early close, across DST", () => {
    const eth = calendar("XNYS", { session: "ETH" });
    const days = eth.sessions("2024-07-02", "2024-07-05").map((s) => [s.date, s.open.toISOString(), s.close.toISOString(), s.earlyClose]);
    expect(days).toEqual([
      ["2024-07-02", "2024-07-02T08:00:00.000Z", "2024-07-03T00:00:00.000Z", false],
      ["2024-07-03", "2024-07-03T08:00:00.000Z", "2024-07-03T21:00:00.000Z", true],
      ["2024-07-05", "2024-07-05T08:00:00.000Z", "2024-07-06T00:00:00.000Z", false],
    ]);
    const winter = calendar("XNAS", { session: "ETH" }).sessions("2024-01-02", "2024-01-02")[0];
    expect([winter.open.toISOString(), winter.close.toISOString()]).toEqual(["2024-01-02T09:00:00.000Z", "2024-01-03T01:00:00.000Z"]);
    expect(eth.expectedBars(new Date("2024-07-01T00:00:00Z"), new Date("2024-07-06T00:00:00Z"), 60_000)).toBe(3 * 960 + 780);
    expect(eth.sessions("2024-01-01", "2024-12-31").length).toBe(calendar("XNYS").sessions("2024-01-01", "2024-12-31").length);
  });

  it("is the same object for the same name and session, and refused where there are no extended hours", () => {
    expect(calendar("XNYS", { session: "ETH" })).toBe(calendar("XNYS", { session: "ETH" }));
    expect(calendar("XNYS", { session: "RTH" })).toBe(calendar("XNYS"));
    expect(() => calendar("CME", { session: "ETH" })).toThrow('calendar: CME has no extended hours; "ETH" applies to "XNYS" and "XNAS"');
    expect(() => calendar("XNYS", { session: "PRE" as never })).toThrow(/unknown session "PRE"/);
  });
});
