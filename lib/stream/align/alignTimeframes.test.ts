import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TimestampArray, toTable, type Table } from "../../frame";
import { calendar } from "../../market";
import { Arctic, type Library } from "../../store";
import { BarManager, StreamError, alignTimeframes } from "..";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 4, 1); // Wednesday 2024-05-01 00:00 UTC

interface Bar {
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

const barsTable = (bars: Bar[]): Table =>
  toTable([
    ["timestamp", TimestampArray.from(bars.map((b) => b.t))],
    ["open", Float64Array.from(bars.map((b) => b.open))],
    ["high", Float64Array.from(bars.map((b) => b.high))],
    ["low", Float64Array.from(bars.map((b) => b.low))],
    ["close", Float64Array.from(bars.map((b) => b.close))],
    ["volume", Float64Array.from(bars.map((b) => b.volume))],
  ]);

const column = (t: Table, name: string) => Array.from(t.array(name) as ArrayLike<number>);

/** A bar whose prices are derived from a seed value, so every bar differs. */
const makeBar = (t: number, v: number): Bar => ({ t, open: 100 + v, high: 101 + v + (v % 3), low: 99 + v - (v % 2), close: 100.5 + v, volume: 1 + (v % 7) });

/** Where a higher bar holding instant t begins and ends, worked out without any quantlab code. */
type Period = (t: number) => { start: number; end: number } | null;

const utcPeriod = (ms: number): Period => (t) => ({ start: Math.floor(t / ms) * ms, end: Math.floor(t / ms) * ms + ms });

/**
 * The naive reference: for each row, scan every base bar; group them by period; among the periods whose
 * end is at or before the row's end, take the latest that has bars (and does not start before the first
 * bar of the history, which would make it partial); aggregate its bars by hand.
 */
function naiveHigher(bars: Bar[], rowEnds: number[], period: Period): { start: number; close: number; high: number; low: number; open: number; volume: number }[] {
  const firstT = bars.length > 0 ? bars[0].t : Infinity;
  return rowEnds.map((rowEnd) => {
    let best: { start: number; end: number } | null = null;
    for (const b of bars) {
      const p = period(b.t);
      if (p === null || p.end > rowEnd || p.start < firstT) continue;
      if (best === null || p.start > best.start) best = p;
    }
    if (best === null) return { start: NaN, open: NaN, high: NaN, low: NaN, close: NaN, volume: NaN };
    const inside = bars.filter((b) => period(b.t)?.start === best!.start);
    return {
      start: best.start,
      open: inside[0].open,
      high: Math.max(...inside.map((b) => b.high)),
      low: Math.min(...inside.map((b) => b.low)),
      close: inside[inside.length - 1].close,
      volume: inside.reduce((s, b) => s + b.volume, 0),
    };
  });
}

function expectHigher(view: Table, bars: Bar[], rowEnds: number[], label: string, period: Period): void {
  const want = naiveHigher(bars, rowEnds, period);
  for (const c of ["open", "high", "low", "close", "volume"] as const) {
    expect(column(view, `${c}_${label}`), `${c}_${label}`).toEqual(want.map((w) => w[c]));
  }
  expect(column(view, `timestamp_${label}`), `timestamp_${label}`).toEqual(want.map((w) => w.start));
}

describe("alignTimeframes", () => {
  let arctic: Arctic;
  let lib: Library;
  beforeAll(async () => {
    arctic = await Arctic.open("mem://");
    lib = await arctic.getLibrary("bars", { createIfMissing: true });
  });
  afterAll(async () => {
    await arctic?.close();
  });

  it("shows each higher bar only from the row whose bar closes with it (UTC, against a naive reference)", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: 3 * 288 }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 0, max: 1000 }), async (slots, salt) => {
        const bars = [...slots].sort((a, b) => a - b).map((k) => makeBar(T0 + k * 5 * MIN, (k * 7 + salt) % 97));
        const symbol = `P${run++}`;
        await lib.write(`${symbol}.5m`, barsTable(bars));
        const view = (await alignTimeframes({ source: lib, symbols: [symbol], base: "5m", timeframes: ["15m", "1h", "1d"] }))[symbol];
        expect(column(view, "timestamp")).toEqual(bars.map((b) => b.t));
        expect(column(view, "close")).toEqual(bars.map((b) => b.close));
        const rowEnds = bars.map((b) => b.t + 5 * MIN);
        expectHigher(view, bars, rowEnds, "15m", utcPeriod(15 * MIN));
        expectHigher(view, bars, rowEnds, "1h", utcPeriod(HOUR));
        expectHigher(view, bars, rowEnds, "1d", utcPeriod(DAY));
        // No look-ahead, said directly: the history cut after any row gives that row the same values.
        const cut = Math.floor(bars.length / 2);
        await lib.write(`${symbol}.5m`, barsTable(bars.slice(0, cut + 1)));
        const prefix = (await alignTimeframes({ source: lib, symbols: [symbol], base: "5m", timeframes: ["15m", "1h", "1d"] }))[symbol];
        for (const name of prefix.columnNames()) expect(column(prefix, name), name).toEqual(column(view, name).slice(0, cut + 1));
        await lib.delete(`${symbol}.5m`);
      }),
      { numRuns: 25 },
    );
  });

  it("follows an exchange calendar: 1h bars from the session open, 1d = the session, early closes cut (XNYS, naive reference)", async () => {
    const xnys = calendar("XNYS");
    // Sessions of two weeks around the July 3rd early close (13:00 New York).
    const sessions = xnys.sessions("2024-07-01", "2024-07-12").map((s) => ({ open: s.open.getTime(), close: s.close.getTime() }));
    const sessionOf = (t: number) => sessions.find((s) => t >= s.open && t < s.close) ?? null;
    const hourPeriod: Period = (t) => {
      const s = sessionOf(t);
      if (!s) return null;
      const start = s.open + Math.floor((t - s.open) / HOUR) * HOUR;
      return { start, end: Math.min(start + HOUR, s.close) };
    };
    const dayPeriod: Period = (t) => {
      const s = sessionOf(t);
      return s ? { start: s.open, end: s.close } : null;
    };
    const all: number[] = [];
    for (const s of sessions) for (let t = s.open; t < s.close; t += 5 * MIN) all.push(t);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: all.length - 1 }), { minLength: 1, maxLength: 150 }), async (picked) => {
        const bars = [...picked].sort((a, b) => a - b).map((k) => makeBar(all[k], k % 89));
        const symbol = `X${run++}`;
        await lib.write(`${symbol}.5m`, barsTable(bars));
        const view = (await alignTimeframes({ source: lib, symbols: [symbol], base: "5m", timeframes: ["1h", "1d"], calendars: { [symbol]: "XNYS" } }))[symbol];
        const rowEnds = bars.map((b) => Math.min(b.t + 5 * MIN, sessionOf(b.t)!.close));
        expectHigher(view, bars, rowEnds, "1h", hourPeriod);
        expectHigher(view, bars, rowEnds, "1d", dayPeriod);
        await lib.delete(`${symbol}.5m`);
      }),
      { numRuns: 20 },
    );
  });

  it("fills by the documented rule on the union of rows (property, XNYS and 24/7 symbols, naive reference)", async () => {
    const xnys = calendar("XNYS");
    const sessions = xnys.sessions("2024-07-01", "2024-07-05").map((x) => ({ open: x.open.getTime(), close: x.close.getTime() }));
    const sessionOf = (t: number) => sessions.find((x) => t >= x.open && t < x.close) ?? null;
    const first = Date.UTC(2024, 6, 1);
    const slots = (5 * DAY) / (15 * MIN);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: slots - 1 }), { maxLength: 60 }), fc.uniqueArray(fc.integer({ min: 0, max: slots - 1 }), { minLength: 1, maxLength: 60 }), async (eqSlots, cryptoSlots) => {
        // The equity trades only inside its sessions; the crypto symbol at any time.
        const eq = [...eqSlots].sort((a, b) => a - b).map((k) => makeBar(first + k * 15 * MIN, k % 53)).filter((b) => sessionOf(b.t) !== null);
        const cr = [...cryptoSlots].sort((a, b) => a - b).map((k) => makeBar(first + k * 15 * MIN, (k * 3) % 71));
        const [e, c] = [`E${run}`, `C${run++}`];
        await lib.write(`${e}.15m`, barsTable(eq));
        await lib.write(`${c}.15m`, barsTable(cr));
        const views = await alignTimeframes({ source: lib, symbols: [e, c], base: "15m", timeframes: ["1h"], calendars: { [e]: "XNYS" } });
        const rows = [...new Set([...eq, ...cr].map((b) => b.t))].sort((a, b) => a - b);
        const expectRows = (view: Table, bars: Bar[], inSession: (t: number) => { open: number } | null) => {
          expect(column(view, "timestamp")).toEqual(rows);
          const want = rows.map((t) => {
            const own = bars.find((b) => b.t === t);
            if (own) return [own.close, own.volume, 0];
            const session = inSession(t);
            const earlier = bars.filter((b) => b.t < t && (session === null ? false : b.t >= session.open));
            return earlier.length > 0 ? [earlier[earlier.length - 1].close, 0, 1] : [NaN, NaN, 0];
          });
          expect(rows.map((_, j) => [column(view, "close")[j], column(view, "volume")[j], column(view, "filled")[j]])).toEqual(want);
        };
        expectRows(views[e], eq, sessionOf);
        expectRows(views[c], cr, () => ({ open: -Infinity }));
        await lib.delete(`${e}.15m`);
        await lib.delete(`${c}.15m`);
      }),
      { numRuns: 20 },
    );
  });

  it("lines up an XNYS equity and 24/7 BTC on one set of rows: filled inside the session, NaN outside", async () => {
    // BTC trades every 5 minutes of Thursday 2024-05-02 (UTC); AAPL only 13:30-20:00 UTC, with a gap.
    const day = Date.UTC(2024, 4, 2);
    const btc: Bar[] = [];
    for (let t = day; t < day + DAY; t += 5 * MIN) btc.push(makeBar(t, (t / MIN) % 50));
    const open = Date.UTC(2024, 4, 2, 13, 30);
    const close = Date.UTC(2024, 4, 2, 20, 0);
    const gap = [Date.UTC(2024, 4, 2, 15, 0), Date.UTC(2024, 4, 2, 15, 5)];
    const aapl: Bar[] = [];
    for (let t = open; t < close; t += 5 * MIN) if (!gap.includes(t)) aapl.push(makeBar(t, (t / MIN) % 40));
    await lib.write("AAPL.5m", barsTable(aapl));
    await lib.write("BTCUSD.5m", barsTable(btc));
    const views = await alignTimeframes({ source: lib, symbols: ["AAPL", "BTCUSD"], base: "5m", timeframes: ["1h", "1d"], calendars: { AAPL: "XNYS" } });
    const a = views.AAPL;
    const b = views.BTCUSD;
    expect(column(a, "timestamp")).toEqual(btc.map((x) => x.t));
    expect(column(b, "timestamp")).toEqual(btc.map((x) => x.t));
    expect(column(b, "filled").every((f) => f === 0)).toBe(true);
    const at = (t: number) => btc.findIndex((x) => x.t === t);
    const ac = column(a, "close");
    const af = column(a, "filled");
    // Outside the session: NaN, not filled.
    for (const t of [Date.UTC(2024, 4, 2, 3, 0), open - 5 * MIN, close, Date.UTC(2024, 4, 2, 23, 55)]) expect([ac[at(t)], af[at(t)]]).toEqual([NaN, 0]);
    expect(ac[at(open)]).toBe(aapl[0].close);
    // Inside the session, the gap is filled flat at the last close, volume 0.
    const before = aapl.find((x) => x.t === gap[0] - 5 * MIN)!;
    for (const t of gap) {
      expect([ac[at(t)], af[at(t)], column(a, "volume")[at(t)], column(a, "high")[at(t)]]).toEqual([before.close, 1, 0, before.close]);
    }
    // AAPL's hours run from the open: [13:30, 14:30) is seen from the 14:25 row on (it ends with it).
    const close1h = column(a, "close_1h");
    const lastOfHour = aapl.find((x) => x.t === Date.UTC(2024, 4, 2, 14, 25))!;
    expect(close1h[at(Date.UTC(2024, 4, 2, 14, 20))]).toBeNaN();
    expect(close1h[at(Date.UTC(2024, 4, 2, 14, 25))]).toBe(lastOfHour.close);
    expect(column(a, "high_1h")[at(Date.UTC(2024, 4, 2, 14, 25))]).toBe(Math.max(...aapl.filter((x) => x.t < Date.UTC(2024, 4, 2, 14, 30)).map((x) => x.high)));
    // The session's daily bar: from the 19:55 row (it ends at the close) to the end of BTC's day.
    const close1d = column(a, "close_1d");
    const from = at(Date.UTC(2024, 4, 2, 19, 55));
    expect(close1d[from - 1]).toBeNaN();
    expect(close1d.slice(from)).toEqual(new Array(btc.length - from).fill(aapl[aapl.length - 1].close));
    expect(column(a, "volume_1d")[from]).toBe(aapl.reduce((sum, x) => sum + x.volume, 0));
    // BTC's own daily bar (the UTC day) is forming on every row of the day but the last, which closes it.
    expect(column(b, "close_1d").slice(0, -1).every(Number.isNaN)).toBe(true);
    expect(column(b, "close_1d")[btc.length - 1]).toBe(btc[btc.length - 1].close);
    await lib.delete("AAPL.5m");
    await lib.delete("BTCUSD.5m");
  });

  it("from a live BarManager, and from stored history then live bars, seamlessly", async () => {
    // Live: ticks every 20 s from 12:00 to 14:47 (the 14:xx hour is still forming).
    const live = new BarManager({ timeframes: ["5m", "1h"], maxFutureMs: Infinity });
    const liveFrom = Date.UTC(2024, 4, 1, 12, 0);
    const ticks = [];
    for (let t = liveFrom, i = 0; t < Date.UTC(2024, 4, 1, 14, 47); t += 20_000, i++) ticks.push({ symbol: "BTCUSD", timestamp: t, price: 100 + Math.sin(i / 7) * 3 + i / 100, size: 1 + (i % 4) });
    live.ingestMany(ticks);
    try {
      const view = (await alignTimeframes({ source: live, symbols: ["BTCUSD"], base: "5m", timeframes: ["1h"] })).BTCUSD;
      const liveBase = live.getBars("BTCUSD", "5m");
      expect(column(view, "timestamp")).toEqual(column(liveBase, "timestamp"));
      // The hours built from the manager's 5m bars are the manager's own 1h bars (built from the ticks).
      const hours = live.getBars("BTCUSD", "1h");
      const closes1h = column(view, "close_1h");
      const ts = column(view, "timestamp");
      const lastOf12 = ts.indexOf(Date.UTC(2024, 4, 1, 12, 55));
      expect(closes1h[lastOf12 - 1]).toBeNaN();
      expect(closes1h[lastOf12]).toBe(column(hours, "close")[0]);
      expect(column(view, "high_1h")[lastOf12 + 13]).toBe(column(hours, "high")[1]);
      expect(column(view, "volume_1h")[ts.length - 1]).toBe(column(hours, "volume")[1]);
      // The forming 14:00 hour (and the forming 5m bar, the last row) are never seen.
      expect(column(view, "timestamp_1h")[ts.length - 1]).toBe(Date.UTC(2024, 4, 1, 13, 0));

      // Stored history 09:00-12:30 (overlapping the live bars): stored rows up to the first live bar, then live.
      const hist: Bar[] = [];
      for (let t = Date.UTC(2024, 4, 1, 9, 0); t < Date.UTC(2024, 4, 1, 12, 30); t += 5 * MIN) hist.push(makeBar(t, (t / MIN) % 30));
      await lib.write("BTCUSD.5m", barsTable(hist));
      const both = (await alignTimeframes({ source: { library: lib, bars: live }, symbols: ["BTCUSD"], base: "5m", timeframes: ["1h"] })).BTCUSD;
      const bothTs = column(both, "timestamp");
      expect(bothTs).toEqual([...hist.filter((b) => b.t < liveFrom).map((b) => b.t), ...column(liveBase, "timestamp")]);
      const seam = bothTs.indexOf(liveFrom);
      expect(column(both, "close")[seam - 1]).toBe(hist[hist.length - 7].close);
      expect(column(both, "close")[seam]).toBe(column(liveBase, "close")[0]);
      // 11:00-12:00 is the last stored hour, seen from the 11:55 row; then the first live hour.
      expect(column(both, "close_1h")[seam - 1]).toBe(hist.find((b) => b.t === Date.UTC(2024, 4, 1, 11, 55))!.close);
      expect(column(both, "close_1h")[lastOf12 + seam]).toBe(column(hours, "close")[0]);
      // A range: rows from 10:30. The hours are complete (read back to 09:00): 09:00-10:00 on the first
      // rows, then 10:00-11:00 from 10:55.
      const ranged = (await alignTimeframes({ source: { library: lib, bars: live }, symbols: ["BTCUSD"], base: "5m", timeframes: ["1h"], start: "2024-05-01T10:30:00Z", end: "2024-05-01T12:10:00Z" })).BTCUSD;
      const rts = column(ranged, "timestamp");
      expect([rts[0], rts[rts.length - 1]]).toEqual([Date.UTC(2024, 4, 1, 10, 30), Date.UTC(2024, 4, 1, 12, 10)]);
      expect(column(ranged, "timestamp_1h").slice(0, 5)).toEqual(new Array(5).fill(Date.UTC(2024, 4, 1, 9, 0)));
      expect(column(ranged, "volume_1h")[0]).toBe(hist.filter((b) => b.t < Date.UTC(2024, 4, 1, 10, 0)).reduce((sum, b) => sum + b.volume, 0));
      expect(column(ranged, "open_1h")[rts.indexOf(Date.UTC(2024, 4, 1, 10, 55))]).toBe(hist.find((b) => b.t === Date.UTC(2024, 4, 1, 10, 0))!.open);
      await lib.delete("BTCUSD.5m");
    } finally {
      await live.close();
    }
  });

  it("refuses bad options with a named error", async () => {
    await lib.write("N.45m", barsTable([makeBar(T0, 1), makeBar(T0 + 45 * MIN, 2)]));
    await expect(alignTimeframes({ source: lib, symbols: ["N"], base: "45m", timeframes: ["1h"] })).rejects.toMatchObject({ code: "INVALID_TIMEFRAME", symbol: "N", message: expect.stringMatching(/'45m' bars do not nest in '1h' bars/) });
    const bars = new BarManager({ timeframes: ["1m"] });
    await expect(alignTimeframes({ source: bars, symbols: ["X"], base: "5m", timeframes: ["1h"] })).rejects.toThrow(/'base' must be one of the manager's timeframes \("1m"\), got "5m"/);
    await bars.close();
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ source: {}, symbols: ["X"], base: "5m", timeframes: ["1h"] }, /'source' must be a Library, a BarManager or \{ library, bars \}/],
      [{ source: lib, symbols: [], base: "5m", timeframes: ["1h"] }, /'symbols' must be a non-empty array/],
      [{ source: lib, symbols: ["X"], base: "100t", timeframes: ["1h"] }, /alignTimeframes: base "100t" is not a timeframe/],
      [{ source: lib, symbols: ["X"], base: "5m", timeframes: ["1h", "60m", "5m"] }, /'timeframes' must be free of duplicates and of the base/],
      [{ source: lib, symbols: ["X"], base: "5m", timeframes: ["1h"], columns: ["vwap"] }, /'columns' must be a non-empty array of "open"/],
      [{ source: lib, symbols: ["X"], base: "5m", timeframes: ["1h"], calendars: { Y: "XNYS" } }, /'calendars' must be keyed by the symbols asked for \(X\), got "Y"/],
      [{ source: lib, symbols: ["X"], base: "5m", timeframes: ["1h"], start: "yesterday" }, /alignTimeframes: 'start' must be a time/],
    ];
    for (const [options, message] of bad) await expect(alignTimeframes(options as never), message.source).rejects.toThrow(message);
    await expect(alignTimeframes({ source: lib, symbols: ["X"], base: "5m", timeframes: ["1h"] }).then(() => null, (e) => e)).resolves.toBe(null);
    await lib.delete("N.45m");
  });
});
