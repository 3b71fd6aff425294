import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendar } from "../market";
import { BarManager } from ".";

/**
 * Expected instants are worked out by hand from the exchanges' published hours, not from lib/validate:
 * NYSE trades 09:30–16:00 New York time; CME Globex equity futures trade 18:00 New York on the day
 * before the trading date to 17:00 (the days used here are not holidays). US daylight saving time in 2024
 * began on Sunday 10 March and ended on Sunday 3 November, so New York is UTC−5 before 10 March / after
 * 3 November and UTC−4 between.
 */
const at = (iso: string) => Date.parse(iso);
const col = (t: { array(n: string): ArrayLike<unknown> }, name: string) => Array.from(t.array(name) as ArrayLike<number>);
const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());

function feed(bars: BarManager, times: string[]) {
  let price = 100;
  return times.map((t) => bars.ingest({ symbol: "SPY", timestamp: at(t), price: (price += 1), size: 1 }));
}

describe("bars on an exchange calendar", () => {
  it("XNYS: daily bars from the session open, across the March DST change", () => {
    const bars = new BarManager({ timeframes: ["1h", "1d"], calendar: "XNYS", lateTickGraceMs: 0, maxFutureMs: Infinity });
    const accepted = feed(bars, [
      "2024-03-08T14:30:00Z", // Fri, EST: open 14:30Z
      "2024-03-08T20:59:59Z", // last second before the 21:00Z close
      "2024-03-08T21:00:00Z", // at the close: outside the session
      "2024-03-11T13:29:59Z", // Mon, EDT: pre-market
      "2024-03-11T13:30:00Z", // open 13:30Z
      "2024-03-11T19:45:00Z", // last, shorter hourly bar 19:30–20:00Z
    ]);
    expect(accepted).toEqual([true, true, false, false, true, true]);
    expect(bars.stats().rejected.outsideSession).toBe(2);
    expect(iso(col(bars.getBars("SPY", "1d"), "timestamp"))).toEqual(["2024-03-08T14:30:00.000Z", "2024-03-11T13:30:00.000Z"]);
    expect(iso(col(bars.getBars("SPY", "1h"), "timestamp"))).toEqual([
      "2024-03-08T14:30:00.000Z",
      "2024-03-08T20:30:00.000Z",
      "2024-03-11T13:30:00.000Z",
      "2024-03-11T19:30:00.000Z",
    ]);
    const closed: { timestamp: number; end: number }[] = [];
    bars.on("bar", (e) => closed.push(e.bar));
    bars.advanceTime(at("2024-03-11T20:00:00Z"));
    expect(closed.map((b) => new Date(b.end).toISOString())).toEqual(["2024-03-11T20:00:00.000Z", "2024-03-11T20:00:00.000Z"]);
  });

  it("XNYS: the November change back to standard time moves the open from 13:30Z to 14:30Z", () => {
    const bars = new BarManager({ timeframes: ["1d", "30m"], calendar: "XNYS", maxFutureMs: Infinity });
    feed(bars, ["2024-11-01T13:30:00Z", "2024-11-04T14:29:59Z", "2024-11-04T14:30:00Z", "2024-11-04T15:10:00Z"]);
    expect(iso(col(bars.getBars("SPY", "1d"), "timestamp"))).toEqual(["2024-11-01T13:30:00.000Z", "2024-11-04T14:30:00.000Z"]);
    expect(iso(col(bars.getBars("SPY", "30m"), "timestamp"))).toEqual(["2024-11-01T13:30:00.000Z", "2024-11-04T14:30:00.000Z", "2024-11-04T15:00:00.000Z"]);
  });

  it("CME: a session spanning midnight is one daily bar labelled by its 18:00 New York open", () => {
    const bars = new BarManager({ timeframes: ["1d"], calendar: "CME", maxFutureMs: Infinity });
    const accepted = feed(bars, [
      "2024-03-07T23:00:00Z", // Thu 18:00 EST: opens Friday 8 March's session
      "2024-03-08T05:00:00Z", // after UTC midnight, same session
      "2024-03-10T21:59:59Z", // Sun 17:59:59 EDT: closed
      "2024-03-10T22:00:00Z", // Sun 18:00 EDT: opens Monday 11 March's session
      "2024-03-11T20:59:00Z", // Mon 16:59 EDT
      "2024-03-11T21:30:00Z", // Mon 17:30 EDT: daily halt
    ]);
    expect(accepted).toEqual([true, true, false, true, true, false]);
    const t = bars.getBars("SPY", "1d");
    expect(iso(col(t, "timestamp"))).toEqual(["2024-03-07T23:00:00.000Z", "2024-03-10T22:00:00.000Z"]);
    expect(col(t, "volume")).toEqual([2, 2]);
  });

  it("XNYS: weekly and monthly bars group whole sessions by week and calendar month", () => {
    const bars = new BarManager({ timeframes: ["1w", "1M"], calendar: "XNYS", maxFutureMs: Infinity });
    feed(bars, ["2024-02-29T15:00:00Z", "2024-03-01T15:00:00Z", "2024-03-08T15:00:00Z", "2024-03-11T15:00:00Z"]);
    // Weeks of Mon 26 Feb, Mon 4 Mar (opens EST 14:30Z) and Mon 11 Mar (EDT 13:30Z).
    expect(iso(col(bars.getBars("SPY", "1w"), "timestamp"))).toEqual(["2024-02-26T14:30:00.000Z", "2024-03-04T14:30:00.000Z", "2024-03-11T13:30:00.000Z"]);
    // February's first session is Thu 1 Feb; March's is Fri 1 Mar.
    expect(iso(col(bars.getBars("SPY", "1M"), "timestamp"))).toEqual(["2024-02-01T14:30:00.000Z", "2024-03-01T14:30:00.000Z"]);
    expect(col(bars.getBars("SPY", "1M"), "volume")).toEqual([1, 3]);
  });

  it("XNYS: empty intraday bars only inside sessions", () => {
    const bars = new BarManager({ timeframes: ["1h"], calendar: "XNYS", emptyBars: true, maxFutureMs: Infinity });
    feed(bars, ["2024-03-08T19:40:00Z", "2024-03-11T14:40:00Z"]);
    // Fri 19:30Z and 20:30Z (cut at 21:00Z), then Mon 13:30Z empty, Mon 14:30Z with the tick.
    expect(iso(col(bars.getBars("SPY", "1h"), "timestamp"))).toEqual([
      "2024-03-08T19:30:00.000Z",
      "2024-03-08T20:30:00.000Z",
      "2024-03-11T13:30:00.000Z",
      "2024-03-11T14:30:00.000Z",
    ]);
    expect(col(bars.getBars("SPY", "1h"), "volume")).toEqual([1, 0, 0, 1]);
  });
});

describe("bars without a calendar (24/7, UTC)", () => {
  it("weeks start Monday 00:00 UTC and months on the 1st 00:00 UTC", () => {
    const bars = new BarManager({ timeframes: ["1w", "1M", "1d"], maxFutureMs: Infinity });
    feed(bars, ["2024-02-29T23:59:59.999Z", "2024-03-01T00:00:00Z", "2024-03-03T23:59:59Z", "2024-03-04T00:00:00Z"]);
    expect(iso(col(bars.getBars("SPY", "1w"), "timestamp"))).toEqual(["2024-02-26T00:00:00.000Z", "2024-03-04T00:00:00.000Z"]);
    expect(iso(col(bars.getBars("SPY", "1M"), "timestamp"))).toEqual(["2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"]);
    expect(col(bars.getBars("SPY", "1d"), "volume")).toEqual([1, 1, 1, 1]);
  });
});

/**
 * The model looks each tick up by a linear search over the calendar's session list (no index, no cache)
 * and aligns 30m bars to that session's open; ticks outside sessions must be rejected.
 */
describe("calendar bars against a naive session lookup (property)", () => {
  it("XNYS and CME, 30m and 1d bars over weeks spanning the March 2024 DST change", () => {
    for (const name of ["XNYS", "CME"] as const) {
      const sessions = calendar(name).sessions("2024-02-20", "2024-03-31");
      const from = Date.parse("2024-02-26T00:00:00Z");
      const span = Date.parse("2024-03-23T00:00:00Z") - from;
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: span }), { minLength: 1, maxLength: 150 }), (offsets) => {
          const times = offsets.map((o) => from + o).sort((a, b) => a - b);
          const bars = new BarManager({ timeframes: ["30m", "1d"], calendar: name, maxFutureMs: Infinity, lateTickGraceMs: 0 });
          const expected30 = new Map<number, number>();
          const expected1d = new Map<number, number>();
          for (const t of times) {
            const s = sessions.find((x) => x.open.getTime() <= t && t < x.close.getTime());
            expect(bars.ingest({ symbol: "X", timestamp: t, price: 100, size: 1 }), new Date(t).toISOString()).toBe(s !== undefined);
            if (!s) continue;
            const open = s.open.getTime();
            const start30 = open + Math.floor((t - open) / 1_800_000) * 1_800_000;
            expected30.set(start30, (expected30.get(start30) ?? 0) + 1);
            expected1d.set(open, (expected1d.get(open) ?? 0) + 1);
          }
          expect(col(bars.getBars("X", "30m"), "timestamp")).toEqual([...expected30.keys()]);
          expect(col(bars.getBars("X", "30m"), "volume")).toEqual([...expected30.values()]);
          expect(col(bars.getBars("X", "1d"), "timestamp")).toEqual([...expected1d.keys()]);
          expect(col(bars.getBars("X", "1d"), "volume")).toEqual([...expected1d.values()]);
        }),
        { numRuns: 60 },
      );
    }
  });
});
