/**
 * Gaps and extra bars against exchange calendars. Session times below are written out from the exchanges'
 * published hours, not taken from lib/market/calendar: NYSE 09:30–16:00 New York (EDT = UTC−4 in July
 * 2024), 13:00 close on 2024-07-03, closed on Independence Day 2024-07-04 (NYSE holiday calendar 2024);
 * CME Globex equity futures 18:00–17:00 New York, US DST starting 2024-03-10.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateOhlcv } from "./index";
import { cleanBars, insertRow, MINUTE, pick, rowOf, shiftFrom } from "./testing";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** NYSE sessions 2024-07-01 .. 2024-07-08 in UTC. */
const NYSE_JULY_2024: [string, string][] = [
  ["2024-07-01T13:30:00Z", "2024-07-01T20:00:00Z"],
  ["2024-07-02T13:30:00Z", "2024-07-02T20:00:00Z"],
  ["2024-07-03T13:30:00Z", "2024-07-03T17:00:00Z"], // early close 13:00
  ["2024-07-05T13:30:00Z", "2024-07-05T20:00:00Z"],
  ["2024-07-08T13:30:00Z", "2024-07-08T20:00:00Z"],
];

function barTimes(sessions: [string, string][], step: number): number[] {
  const times: number[] = [];
  for (const [open, close] of sessions) for (let t = Date.parse(open); t < Date.parse(close); t += step) times.push(t);
  return times;
}

describe("validateOhlcv against XNYS", () => {
  const times = barTimes(NYSE_JULY_2024, MINUTE);

  it("a complete RTH feed has no gaps across the weekend, the holiday and the early close", () => {
    expect(times.length).toBe(4 * 390 + 210);
    const report = validateOhlcv(cleanBars(times), { timeframe: "1m", calendar: "XNYS" });
    expect(report.counts).toMatchObject({ gaps: 0, extraBars: 0, missingBars: 0 });
    expect(report.expectedBars).toBe(times.length);
    expect(report.ok).toBe(true);
  });

  it("missing minutes inside a session and a whole missing session are gaps of the right size", () => {
    const bars = cleanBars(times);
    const dropFrom = times.indexOf(Date.parse("2024-07-02T14:00:00Z"));
    const july5 = times.filter((t) => t >= Date.parse("2024-07-05T00:00:00Z") && t < Date.parse("2024-07-06T00:00:00Z"));
    const kept = times.map((_, i) => i).filter((i) => !(i >= dropFrom && i < dropFrom + 5) && !july5.includes(times[i]));
    const report = validateOhlcv(pick(bars, kept), { timeframe: "1m", calendar: "XNYS" });
    expect(report.gaps.map(({ previous, next, missing, expectedIntervalMs }) => ({ previous, next, missing, expectedIntervalMs }))).toEqual([
      { previous: "2024-07-02T13:59:00.000Z", next: "2024-07-02T14:05:00.000Z", missing: 5, expectedIntervalMs: MINUTE },
      { previous: "2024-07-03T16:59:00.000Z", next: "2024-07-08T13:30:00.000Z", missing: 390, expectedIntervalMs: MINUTE },
    ]);
    expect(report.counts.missingBars).toBe(395);
    expect(report.score).toBeCloseTo(1 - 395 / times.length, 12);
  });

  it("bars on the holiday, after the early close and before the open are extra, and are no gap", () => {
    const bars = cleanBars(times);
    const extraTimes = ["2024-07-01T13:29:00Z", "2024-07-03T17:00:00Z", "2024-07-04T14:00:00Z", "2024-07-06T15:00:00Z"].map(Date.parse);
    for (const t of [...extraTimes].reverse()) {
      const at = times.findIndex((x) => x > t);
      const row = rowOf(bars, at);
      insertRow(bars, at, { ...row, timestamp: t });
    }
    const report = validateOhlcv(bars, { timeframe: "1m", calendar: "XNYS" });
    expect(report.extra.map((e) => e.timestamp)).toEqual(extraTimes.map(iso));
    expect(report.extra.map((e) => bars.timestamp[e.row])).toEqual(extraTimes);
    expect(report.counts.gaps).toBe(0);
  });

  it("property: k bars planted outside the sessions are exactly the extra bars", () => {
    const base = cleanBars(times);
    // instants outside RTH: 20:00Z..13:30Z next day, and the holiday
    const outside = fc.integer({ min: 0, max: 7 * 24 * 60 - 1 }).map((m) => Date.parse("2024-07-01T00:00:00Z") + m * MINUTE).filter((t) => !NYSE_JULY_2024.some(([o, c]) => t >= Date.parse(o) && t < Date.parse(c)));
    fc.assert(
      fc.property(fc.uniqueArray(outside, { maxLength: 10 }), (planted) => {
        const bars = { ...base, ...Object.fromEntries(Object.entries(base).map(([k, v]) => [k, [...v]])) } as typeof base;
        for (const t of [...planted].sort((a, b) => b - a)) {
          const at = bars.timestamp.findIndex((x) => x > t);
          const where = at < 0 ? bars.timestamp.length : at;
          insertRow(bars, where, { ...rowOf(bars, Math.min(where, bars.timestamp.length - 1)), timestamp: t });
        }
        const report = validateOhlcv(bars, { timeframe: "1m", calendar: "XNYS" });
        expect(report.extra.map((e) => e.timestamp)).toEqual([...planted].sort((a, b) => a - b).map(iso));
        expect(report.counts.gaps).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it("ETH expects pre market from 04:00 and post market to 20:00 (17:00 after an early close)", () => {
    const report = validateOhlcv(cleanBars(times), { timeframe: "1m", calendar: "XNYS", session: "ETH" });
    // between two RTH days: 16:00-20:00 (240) + 04:00-09:30 (330); after July 3: 13:00-17:00 (240) + 330
    expect(report.gaps.map((g) => [g.previous, g.next, g.missing])).toEqual([
      ["2024-07-01T19:59:00.000Z", "2024-07-02T13:30:00.000Z", 570],
      ["2024-07-02T19:59:00.000Z", "2024-07-03T13:30:00.000Z", 570],
      ["2024-07-03T16:59:00.000Z", "2024-07-05T13:30:00.000Z", 570],
      ["2024-07-05T19:59:00.000Z", "2024-07-08T13:30:00.000Z", 570],
    ]);
    expect(report.counts.extraBars).toBe(0);
  });

  it("a jump at the open is an overnight move, not an outlier, unless overnightReturns", () => {
    const bars = cleanBars(times);
    const open = times.indexOf(Date.parse("2024-07-02T13:30:00Z"));
    const intraday = times.indexOf(Date.parse("2024-07-02T15:00:00Z"));
    shiftFrom(bars, open, 1.05);
    shiftFrom(bars, intraday, 1.05);
    const report = validateOhlcv(bars, { timeframe: "1m", calendar: "XNYS" });
    expect(report.outliers.map((o) => o.row)).toEqual([intraday]);
    const strict = validateOhlcv(bars, { timeframe: "1m", calendar: "XNYS", overnightReturns: true });
    expect(strict.outliers.map((o) => o.row)).toEqual([open, intraday]);
  });

  it("daily bars stamped at midnight UTC: a missing trading day is a gap, a bar on the holiday is extra", () => {
    const days = ["2024-07-01", "2024-07-02", "2024-07-03", "2024-07-05", "2024-07-08", "2024-07-09"].map((d) => Date.parse(d + "T00:00:00Z"));
    expect(validateOhlcv(cleanBars(days), { timeframe: "1d", calendar: "XNYS" }).ok).toBe(true);
    const withHoles = [days[0], days[1], Date.parse("2024-07-04T00:00:00Z"), days[4], days[5]];
    const report = validateOhlcv(cleanBars(withHoles), { timeframe: "1d", calendar: "XNYS" });
    expect(report.gaps.map((g) => [g.previous, g.next, g.missing, g.expectedIntervalMs])).toEqual([["2024-07-02T00:00:00.000Z", "2024-07-08T00:00:00.000Z", 2, DAY]]);
    expect(report.extra.map((e) => e.timestamp)).toEqual(["2024-07-04T00:00:00.000Z"]);
  });
});

/**
 * NYSE around Independence Day 2002 (July 4 a Thursday): July 3 was a full day, Friday July 5 closed at 13:00
 * (NYSE's closings history); EDT = UTC−4. On 2002-09-11 NYSE opened at 12:00, on the first anniversary of
 * September 11.
 */
const NYSE_JULY_2002: [string, string][] = [
  ["2002-07-01T13:30:00Z", "2002-07-01T20:00:00Z"],
  ["2002-07-02T13:30:00Z", "2002-07-02T20:00:00Z"],
  ["2002-07-03T13:30:00Z", "2002-07-03T20:00:00Z"], // a full day
  ["2002-07-05T13:30:00Z", "2002-07-05T17:00:00Z"], // early close 13:00
  ["2002-07-08T13:30:00Z", "2002-07-08T20:00:00Z"],
];

describe("validateOhlcv against XNYS history", () => {
  it("a correct 1m feed of 2002-07-01..08 reports no gap and no extra bar", () => {
    const times = barTimes(NYSE_JULY_2002, MINUTE);
    expect(times.length).toBe(4 * 390 + 210);
    const report = validateOhlcv(cleanBars(times), { timeframe: "1m", calendar: "XNYS" });
    expect(report.counts).toMatchObject({ gaps: 0, extraBars: 0, missingBars: 0 });
    expect(report.expectedBars).toBe(times.length);
  });

  it("a feed that trades 2002-07-05 to 16:00 has 180 extra bars after the early close", () => {
    const times = barTimes([...NYSE_JULY_2002.slice(0, 3), ["2002-07-05T13:30:00Z", "2002-07-05T20:00:00Z"], NYSE_JULY_2002[4]], MINUTE);
    const report = validateOhlcv(cleanBars(times), { timeframe: "1m", calendar: "XNYS" });
    expect(report.counts).toMatchObject({ gaps: 0, extraBars: 180, missingBars: 0 });
    const extraDays = new Set(report.extra.map((e) => e.timestamp.slice(0, 10)));
    expect([...extraDays], "all after the 13:00 close of July 5").toEqual(["2002-07-05"]);
    expect(report.extra[0].timestamp).toBe("2002-07-05T17:00:00.000Z");
  });

  it("2002-09-11 opened at 12:00: bars from 16:00 UTC are complete, a bar at 13:30 UTC is extra", () => {
    const times = barTimes([["2002-09-11T16:00:00Z", "2002-09-11T20:00:00Z"]], MINUTE);
    expect(validateOhlcv(cleanBars(times), { timeframe: "1m", calendar: "XNYS" }).counts).toMatchObject({ gaps: 0, extraBars: 0, missingBars: 0 });
    const early = validateOhlcv(cleanBars([Date.parse("2002-09-11T13:30:00Z"), ...times]), { timeframe: "1m", calendar: "XNYS" });
    expect(early.counts.extraBars).toBe(1);
  });
});

describe("validateOhlcv against CME", () => {
  // Globex sessions 18:00-17:00 New York: before the DST change 23:00Z-22:00Z, after it 22:00Z-21:00Z.
  const sessions: [string, string][] = [
    ["2024-03-06T23:00:00Z", "2024-03-07T22:00:00Z"],
    ["2024-03-07T23:00:00Z", "2024-03-08T22:00:00Z"],
    ["2024-03-10T22:00:00Z", "2024-03-11T21:00:00Z"],
    ["2024-03-11T22:00:00Z", "2024-03-12T21:00:00Z"],
  ];
  const times = barTimes(sessions, HOUR);

  it("hourly bars of sessions spanning midnight and a DST change: no gaps; the daily halt is outside", () => {
    expect(times.length).toBe(4 * 23);
    const bars = cleanBars(times);
    const halt = Date.parse("2024-03-11T21:00:00Z"); // 17:00 EDT, the halt
    const at = times.indexOf(Date.parse("2024-03-11T22:00:00Z"));
    insertRow(bars, at, { ...rowOf(bars, at), timestamp: halt });
    const report = validateOhlcv(bars, { timeframe: "1h", calendar: "CME" });
    expect(report.counts.gaps).toBe(0);
    expect(report.expectedBars).toBe(times.length);
    expect(report.extra.map((e) => e.timestamp)).toEqual([iso(halt)]);
  });

  it("a missing overnight hour is one missing bar", () => {
    const drop = times.indexOf(Date.parse("2024-03-11T05:00:00Z"));
    const kept = times.map((_, i) => i).filter((i) => i !== drop);
    const report = validateOhlcv(pick(cleanBars(times), kept), { timeframe: "1h", calendar: "CME" });
    expect(report.gaps.map((g) => [g.previous, g.next, g.missing])).toEqual([["2024-03-11T04:00:00.000Z", "2024-03-11T06:00:00.000Z", 1]]);
  });
});
