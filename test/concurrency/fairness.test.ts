/**
 * Fairness between processes waiting for one library file (issue 18, §5): waiters are served first come,
 * first served (lib/store/engine/FileTicket.ts), and a waiter killed in the line, or a ticket whose pid
 * now belongs to another live process, does not hold up the ones behind it.
 *
 * Each case: a holder process takes the file and keeps it until told; waiter processes (workers/op.ts, one
 * write each) join the line one after another, each only once the previous one's ticket is in the ticket
 * folder, so the order they asked in is known; then the holder lets go. The versions their writes made
 * give the order they got the file in.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic } from "../../lib";
import { ticketDir } from "../../lib/store/engine/FileTicket";
import { Child, killAll, startWorker } from "./workers/spawn";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-fair-"));
});
afterAll(async () => {
  await killAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The ticket numbers in the line for `library`'s file, lowest first. */
function tickets(library: string): number[] {
  try {
    return fs
      .readdirSync(ticketDir(path.join(dir, `${library}.duckdb`)))
      .filter((n) => /^\d{12}$/.test(n))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

async function until(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A library with symbol `order` at version 0; its file is closed afterwards. */
async function makeLibrary(library: string): Promise<void> {
  const ac = await Arctic.open("duckdb://" + dir);
  const lib = await ac.createLibrary(library);
  await lib.write("order", { v: new Float64Array([0]) });
  await ac.close();
}

/** Starts `count` waiters (ready, file closed again, not yet asking). */
async function startWaiters(library: string, count: number): Promise<Child[]> {
  const waiters = Array.from({ length: count }, (_, i) =>
    startWorker("op.ts", { dir, library, op: "write", symbol: "order", ts: 0, value: i + 1, busy: 120_000 }),
  );
  await Promise.all(waiters.map((w) => w.line((l) => l.includes('"ready"'))));
  await until("the waiters' start-up opens are over", () => tickets(library).length === 0);
  return waiters;
}

/** Starts the holder and waits until it holds the file. */
async function hold(library: string): Promise<Child> {
  const holder = startWorker("holder.ts", { dir, library, hold: "stdin" });
  await holder.line((l) => l.includes('"holding"'));
  return holder;
}

/** Sends `waiter` its go and waits until its ticket is in the line (a number above every earlier one); returns it. */
async function join(library: string, waiter: Child): Promise<number> {
  const last = Math.max(0, ...tickets(library));
  waiter.proc.stdin!.write("go\n");
  await until("the waiter's ticket is in the line", () => tickets(library).some((t) => t > last));
  return Math.max(...tickets(library));
}

async function outcome(waiter: Child): Promise<{ ok: boolean; version: number; message?: string }> {
  return JSON.parse(await waiter.line((l) => l.includes('"ok"'), 120_000));
}

describe("processes waiting for a library file", () => {
  it("get it in the order they asked for it", { timeout: 120_000 }, async () => {
    await makeLibrary("fifo");
    const waiters = await startWaiters("fifo", 5);
    const holder = await hold("fifo");
    for (const w of waiters) await join("fifo", w);
    expect(tickets("fifo"), "the holder's ticket and one per waiter").toHaveLength(6);
    holder.proc.stdin!.write("release\n");
    const results = await Promise.all(waiters.map(outcome));
    for (const r of results) expect(r.ok, r.message).toBe(true);
    expect(results.map((r) => r.version), "versions follow the order the waiters asked in").toEqual([1, 2, 3, 4, 5]);
    await Promise.all([holder.exited, ...waiters.map((w) => w.exited)]);
    expect(tickets("fifo"), "every ticket is given back").toEqual([]);
  });

  it("a waiter killed in the line, or a ticket whose pid another process now has, does not block the ones behind", { timeout: 120_000 }, async () => {
    await makeLibrary("killed");
    const [first, doomed, last] = await startWaiters("killed", 3);
    const holder = await hold("killed");
    await join("killed", first);
    const dead = [await join("killed", doomed)];
    doomed.proc.kill("SIGKILL");
    await doomed.exited;
    // A ticket left by a process that is gone, whose pid 1 now belongs to a live process (init) started at another time.
    dead.push(dead[0] + 1);
    fs.writeFileSync(path.join(ticketDir(path.join(dir, "killed.duckdb")), String(dead[1]).padStart(12, "0")), "1 999999999\n");
    expect(tickets("killed")).toEqual(expect.arrayContaining(dead));
    const mine = await join("killed", last);
    expect(mine, "the last waiter queued behind the dead tickets").toBeGreaterThan(dead[1]);
    await until("the waiter behind them cleared the dead tickets", () => !tickets("killed").some((t) => dead.includes(t)));
    expect(tickets("killed"), "the holder's, the first waiter's and the last waiter's").toHaveLength(3);
    holder.proc.stdin!.write("release\n");
    const [a, b] = [await outcome(first), await outcome(last)];
    expect(a.ok && b.ok, `${a.message ?? ""} ${b.message ?? ""}`).toBe(true);
    expect([a.version, b.version], "the waiter behind the dead tickets got the file right after the first").toEqual([1, 2]);
    await Promise.all([holder.exited, first.exited, last.exited]);
    expect(tickets("killed"), "the dead tickets were cleared").toEqual([]);
  });

  it("the holder killed while holding the file does not block the line", { timeout: 120_000 }, async () => {
    await makeLibrary("holderkilled");
    const [first, second] = await startWaiters("holderkilled", 2);
    const holder = await hold("holderkilled");
    await join("holderkilled", first);
    await join("holderkilled", second);
    holder.proc.kill("SIGKILL");
    const [a, b] = [await outcome(first), await outcome(second)];
    expect(a.ok && b.ok, `${a.message ?? ""} ${b.message ?? ""}`).toBe(true);
    expect([a.version, b.version]).toEqual([1, 2]);
  });
});
