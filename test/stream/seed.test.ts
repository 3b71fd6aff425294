/**
 * BarManager.seed: a manager started in the middle of a session rebuilds the bars forming now from the
 * stored bars of the session, so its first hourly and daily bars are complete. Checked against the
 * reference model over every tick of the session, with a real (in-memory DuckDB) store.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Arctic, Library } from "../../lib/store";
import { BarManager, type RejectEvent, type Tick } from "../../lib/stream";
import { naiveBars, tableRows, type RefBar } from "./naiveBars";
import { useMemoryStore } from "../../lib/store/testing";

const MIN = 60_000;
const T0 = Date.UTC(2024, 4, 1, 10, 0); // 10:00 UTC

/** A tick every 7 s from `from` to `to`, prices on a deterministic walk. */
function session(from: number, to: number): Tick[] {
  const ticks: Tick[] = [];
  for (let t = from, i = 0; t < to; t += 7_000, i++) ticks.push({ symbol: "X", timestamp: t, price: Math.round((100 + Math.sin(i / 5) * 2 + i * 0.01) * 100) / 100, size: 1 + (i % 3) });
  return ticks;
}
const ref = (ticks: Tick[], ms: number): RefBar[] => naiveBars(ticks.map((t) => ({ timestamp: t.timestamp as number, price: t.price, size: t.size ?? 0 })), ms);
const before = (ticks: Tick[], t: number) => ticks.filter((x) => (x.timestamp as number) < t);
const options = { timeframes: ["1m", "1h"], maxFutureMs: Infinity };

describe("BarManager.seed", () => {
  let arctic: Arctic;
  useMemoryStore((store) => (arctic = store));
  const open: BarManager[] = [];
  afterEach(async () => {
    for (const m of open.splice(0)) await m.close();
  });

  /** A store holding what a first process wrote before it stopped at `stop`: the closed 1m and 1h bars. */
  async function storeUntil(ticks: Tick[], stop: number): Promise<Library> {
    const store = await arctic.getLibrary("bars", { createIfMissing: true });
    const first = new BarManager({ ...options, store });
    first.ingestMany(before(ticks, stop));
    await first.close();
    return store;
  }

  it("completes the forming hour from the stored minutes; ticks inside stored bars are late; the hour then matches every tick", async () => {
    const ticks = session(T0, T0 + 80 * MIN);
    const restart = T0 + 40 * MIN + 30_000; // 10:40:30; the first process stored minutes 10:00-10:39
    const store = await storeUntil(ticks, restart);
    expect((await store.read("X.1m")).data.numRows()).toBe(40);
    expect(await store.hasSymbol("X.1h")).toBe(false);

    const bars = new BarManager({ ...options, store });
    open.push(bars);
    expect(await bars.seed(["X"], { now: restart })).toBe(41); // 40 stored minutes + the forming hour
    const hour = tableRows(bars.getBars("X", "1h"));
    expect(hour).toEqual(ref(before(ticks, T0 + 40 * MIN), 60 * MIN));
    expect(tableRows(bars.getBars("X", "1m"))).toEqual(ref(before(ticks, T0 + 40 * MIN), MIN));

    // The feed resends the last half minute before 10:40: those trades are in stored bars, so late.
    const late: RejectEvent[] = [];
    bars.on("reject", (e) => late.push(e));
    const resent = ticks.filter((t) => (t.timestamp as number) >= T0 + 39 * MIN + 30_000);
    const nLate = resent.filter((t) => (t.timestamp as number) < T0 + 40 * MIN).length;
    expect(nLate).toBeGreaterThan(0);
    bars.ingestMany(resent);
    expect(bars.stats().late.dropped).toBe(nLate);
    expect(late.every((e) => e.reason === "late")).toBe(true);
    expect(tableRows(bars.getBars("X", "1h"))).toEqual(ref(ticks, 60 * MIN));
    expect(tableRows(bars.getBars("X", "1m"))).toEqual(ref(ticks, MIN));

    // Without seed, the first hour would hold only what the new process saw.
    const unseeded = new BarManager(options);
    open.push(unseeded);
    unseeded.ingestMany(resent);
    expect(tableRows(unseeded.getBars("X", "1h"))[0]).not.toEqual(ref(ticks, 60 * MIN)[0]);

    // The completed hour is written once, the minutes without duplicates.
    await bars.flush();
    expect(tableRows((await store.read("X.1h")).data)).toEqual(ref(ticks, 60 * MIN).slice(0, 1));
    expect(tableRows((await store.read("X.1m")).data)).toEqual(ref(ticks, MIN).slice(0, -1));
  });

  it("rebuilds the session's closed bars missing from the store and writes them; bars already stored are not written again", async () => {
    const ticks = session(T0, T0 + 80 * MIN);
    const restart = T0 + 40 * MIN + 30_000;
    const three = { timeframes: ["1m", "5m", "1h"], maxFutureMs: Infinity };
    const store = await arctic.getLibrary("bars", { createIfMissing: true });
    const first = new BarManager({ ...three, store });
    first.ingestMany(before(ticks, restart));
    await first.close();
    const fives = ref(before(ticks, T0 + 40 * MIN), 5 * MIN);
    expect(tableRows((await store.read("X.5m")).data)).toEqual(fives);

    // Stored: loaded as they are, not written again.
    const again = new BarManager({ ...three, store });
    open.push(again);
    await again.seed(["X"], { now: restart });
    expect(tableRows(again.getBars("X", "5m"))).toEqual(fives);
    await again.flush();
    expect(tableRows((await store.read("X.5m")).data)).toEqual(fives);
    expect((await store.listVersions("X.5m")).length).toBe(1);

    // Lost (a crash before they were written): built from the stored minutes, then written.
    await store.delete("X.5m");
    const repaired = new BarManager({ ...three, store });
    open.push(repaired);
    await repaired.seed(["X"], { now: restart });
    expect(tableRows(repaired.getBars("X", "5m"))).toEqual(fives);
    expect(tableRows(repaired.getBars("X", "1h"))).toEqual(ref(before(ticks, T0 + 40 * MIN), 60 * MIN));
    await repaired.flush();
    expect(tableRows((await store.read("X.5m")).data)).toEqual(fives);
  });

  it("follows the calendar: the forming daily bar starts at the session's open", async () => {
    const store = await arctic.getLibrary("bars", { createIfMissing: true });
    const openAt = Date.UTC(2024, 4, 1, 13, 30); // 09:30 New York
    const ticks = session(openAt - 30 * MIN, openAt + 90 * MIN); // from 30 minutes before the open
    const first = new BarManager({ timeframes: ["5m", "1d"], calendar: "XNYS", maxFutureMs: Infinity, store });
    first.ingestMany(ticks);
    await first.close();
    const bars = new BarManager({ timeframes: ["5m", "1d"], calendar: "XNYS", maxFutureMs: Infinity, store });
    open.push(bars);
    await bars.seed(["X"], { now: openAt + 90 * MIN + 1 });
    // The first process stored the 5m bars up to the one forming when it stopped (10:55 New York).
    const inSession = ticks.filter((t) => (t.timestamp as number) >= openAt && (t.timestamp as number) < openAt + 85 * MIN);
    const [day] = tableRows(bars.getBars("X", "1d"));
    const want = ref(inSession, 24 * 60 * MIN)[0];
    expect(day).toEqual({ ...want, timestamp: openAt });
    // Between sessions nothing is forming: nothing to seed.
    const night = new BarManager({ timeframes: ["5m", "1d"], calendar: "XNYS", maxFutureMs: Infinity, store });
    open.push(night);
    expect(await night.seed(["X"], { now: Date.UTC(2024, 4, 2, 3, 0) })).toBe(0);
  });

  it("refuses what it cannot do, naming it", async () => {
    await expect(new BarManager(options).seed(["X"])).rejects.toThrow(/BarManager: seed needs stored bars: give the manager a 'store' or seed a 'library'/);
    const store = await arctic.getLibrary("bars", { createIfMissing: true });
    const bars = new BarManager({ ...options, store });
    open.push(bars);
    await expect(bars.seed(["X"], { from: "5m" })).rejects.toThrow(/seed 'from' must be one of the manager's time-based timeframes \("1m", "1h"\), got "5m"/);
    bars.ingest({ symbol: "X", timestamp: T0, price: 100, size: 1 });
    await expect(bars.seed(["X"])).rejects.toMatchObject({ code: "BACKFILL_TOO_LATE", symbol: "X", message: expect.stringMatching(/seed of 'X' after its first tick/) });
  });
});
