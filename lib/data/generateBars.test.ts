import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnValues, Table } from "../frame";
import { calendar } from "../market";
import { generateBars } from "./generateBars";

const col = (t: Table, name: string) => columnValues(t, name) as Float64Array;
const MINUTE = 60_000;

describe("generateBars", () => {
  it("gives the same bars for the same seed, and other bars for another", () => {
    const a = generateBars({ timeframe: "5m", start: "2024-01-01", end: "2024-01-02", seed: 42 });
    const b = generateBars({ timeframe: "5m", start: "2024-01-01", end: "2024-01-02", seed: 42 });
    const c = generateBars({ timeframe: "5m", start: "2024-01-01", end: "2024-01-02", seed: 43 });
    expect(a.numRows()).toBe(288);
    expect(Array.from(col(a, "close"))).toEqual(Array.from(col(b, "close")));
    expect(Array.from(col(a, "close"))).not.toEqual(Array.from(col(c, "close")));
  });

  it("makes OHLC-consistent bars with positive prices and volume, for any seed and timeframe", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom("1m", "15m", "1h", "1d"), fc.constantFrom("24/7", "XNYS", "CME") as fc.Arbitrary<"24/7" | "XNYS" | "CME">, (seed, timeframe, cal) => {
        const t = generateBars({ timeframe, start: "2024-03-04", end: "2024-03-20", seed, calendar: cal });
        const [o, h, l, c, v, ts] = ["open", "high", "low", "close", "volume", "timestamp"].map((n) => col(t, n));
        expect(t.numRows()).toBeGreaterThan(0);
        // Every row is checked in a plain loop (one expect per row made this the lane's slowest test); the first
        // row that breaks an invariant is reported with its values.
        const ok = (i: number) =>
          h[i] >= Math.max(o[i], c[i]) && l[i] <= Math.min(o[i], c[i]) && l[i] > 0 && v[i] > 0 && (i === 0 || ts[i] > ts[i - 1]);
        let bad = -1;
        for (let i = 0; i < t.numRows() && bad < 0; i++) if (!ok(i)) bad = i;
        const row = (i: number) => ({ row: i, open: o[i], high: h[i], low: l[i], close: c[i], volume: v[i], timestamp: ts[i], previous: ts[i - 1] });
        expect(bad < 0 ? null : row(bad), `${timeframe} ${cal} seed ${seed}`).toBeNull();
      }),
      { numRuns: 20 },
    );
  });

  it("on XNYS, puts 1-minute bars exactly in the sessions: none on July 4, July 3 ends at 13:00", () => {
    const start = new Date("2024-07-01T00:00:00Z");
    const end = new Date("2024-07-06T00:00:00Z");
    const t = generateBars({ timeframe: "1m", start, end, calendar: "XNYS", seed: 3 });
    const nyse = calendar("XNYS");
    expect(t.numRows()).toBe(nyse.expectedBars(start, end, MINUTE));
    expect(t.numRows()).toBe(390 * 3 + 210);
    const ts = col(t, "timestamp");
    const sessions = nyse.sessions("2024-07-01", "2024-07-05");
    for (const x of ts) expect(sessions.some((s) => x >= s.open.getTime() && x < s.close.getTime()), new Date(x).toISOString()).toBe(true);
    const july3 = Array.from(ts).filter((x) => new Date(x).toISOString().startsWith("2024-07-03"));
    expect(new Date(july3[july3.length - 1]).toISOString()).toBe("2024-07-03T16:59:00.000Z"); // 12:59 New York (EDT)
    expect(Array.from(ts).some((x) => new Date(x).toISOString().startsWith("2024-07-04"))).toBe(false);
  });

  it("on XNYS, makes one daily bar per session of 2024 (252), stamped at 00:00 UTC of the trading date", () => {
    const t = generateBars({ timeframe: "1d", start: "2024-01-01", end: "2025-01-01", calendar: "XNYS" });
    const dates = Array.from(col(t, "timestamp"), (x) => new Date(x).toISOString());
    expect(dates.length).toBe(252);
    expect(dates.map((d) => d.slice(0, 10))).toEqual(calendar("XNYS").sessions("2024-01-01", "2024-12-31").map((s) => s.date));
    expect(dates.every((d) => d.endsWith("T00:00:00.000Z"))).toBe(true);
  });

  it("gaps the price over a close: a session's first open is not the previous session's last close", () => {
    const t = generateBars({ timeframe: "1h", start: "2024-03-04", end: "2024-03-09", calendar: "XNYS", seed: 5 });
    const ts = col(t, "timestamp");
    const [o, c] = [col(t, "open"), col(t, "close")];
    let gaps = 0;
    let inside = 0;
    for (let i = 1; i < t.numRows(); i++) {
      if (ts[i] - ts[i - 1] > 3_600_000) gaps += o[i] !== c[i - 1] ? 1 : 0;
      else inside += o[i] === c[i - 1] ? 1 : 0;
    }
    expect(gaps).toBe(4);
    expect(inside).toBe(t.numRows() - 1 - 4);
  });

  it("with symbols, gives one series per symbol that depends on the symbol's name only", () => {
    const base = { timeframe: "1d", start: "2023-01-01", end: "2024-01-01", calendar: "XNYS" as const, seed: 9 };
    const both = generateBars({ ...base, symbols: ["AAPL", "MSFT"] });
    const alone = generateBars({ ...base, symbols: ["MSFT"] });
    expect(Object.keys(both)).toEqual(["AAPL", "MSFT"]);
    expect(Array.from(col(both.MSFT, "close"))).toEqual(Array.from(col(alone.MSFT, "close")));
    expect(col(both.AAPL, "open")[0]).not.toBe(col(both.MSFT, "open")[0]);
  });

  it("refuses bars longer than a day on a calendar, and an end before the start", () => {
    expect(() => generateBars({ timeframe: "1w", start: "2024-01-01", end: "2024-03-01", calendar: "XNYS" })).toThrow(/longer than a day/);
    expect(() => generateBars({ timeframe: "1m", start: "2024-01-02", end: "2024-01-01" })).toThrow(/is before start/);
  });
});
