/**
 * The writer that test/concurrency/crash.test.ts SIGKILLs at random moments. It continues from what
 * the store holds (reads each symbol's latest version first), then loops over writes (small, or 200k
 * rows so inserts are staged through Parquet files), appends, updates, writeMetadata, snapshots,
 * snapshot deletions and deletions of old versions, until killed.
 *
 * Every call is logged twice, synchronously (fs.writeSync, so the line is in the kernel before the
 * next step; a SIGKILL cannot lose it):
 *   { t: "begin", id, op, symbol?, expect?, versions?, name? }   before the call, with the checksum the
 *                                                                new version must have (data ops)
 *   { t: "ack", id, op, symbol?, version?, checksum?, ... }     after the call returned
 *   { t: "start", state: { [symbol]: { version, checksum } } }   what it found when it started
 *   { t: "pause" }   before idling past idleCloseMs (the store then closes and checkpoints the file)
 * Prints "ready <pid>" on stdout once it starts its loop. With `--wait 1` it first prints "loaded" and
 * waits for a line on stdin before it touches the store.
 */
import { setTimeout as sleep } from "timers/promises";
import { Arctic, Library } from "../../../lib";
import { Checksum, SyncLog, args, checksumOf, checksumTimeTable, nums, rng } from "./common";

const SYMBOLS = ["big", "small"];
const BASE = 1_600_000_000_000;

interface Model {
  ts: number[];
  v: number[];
  version: number; // latest live version, -1 when the symbol does not exist
  live: number[]; // live (not deleted) versions
}

const checksum = (m: { ts: number[]; v: number[] }): Checksum => checksumOf(m.ts, m.v, [m.ts, m.v]);

async function load(lib: Library, symbol: string): Promise<Model> {
  if (!(await lib.hasSymbol(symbol))) return { ts: [], v: [], version: -1, live: [] };
  const item = await lib.read(symbol);
  const live = (await lib.listVersions(symbol)).filter((v) => !v.deleted).map((v) => v.version);
  return { ts: nums(item.data, "timestamp"), v: nums(item.data, "v"), version: item.version, live };
}

async function main(): Promise<void> {
  const a = args();
  const log = new SyncLog(a.log);
  const random = rng(Number(a.seed));
  const run = a.run;
  if (a.wait === "1") {
    // Started ahead of time (modules loaded) while the test checks the store; go on when told.
    console.log("loaded");
    await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  }
  const ac = await Arctic.open("duckdb://" + a.dir);
  const lib = await ac.getLibrary(a.library);
  const models: Record<string, Model> = {};
  for (const s of SYMBOLS) models[s] = await load(lib, s);
  let snapshots = (await lib.listSnapshots()).map((s) => s.name);
  const state: Record<string, { version: number; checksum: Checksum }> = {};
  for (const s of SYMBOLS) state[s] = { version: models[s].version, checksum: checksum(models[s]) };
  log.write({ t: "start", id: `${run}:start`, op: "start", pid: process.pid, state });
  const maxOps = Number(a.maxOps ?? 100_000);
  console.log("ready " + process.pid);

  const gen = (start: number, n: number, step = 1000) => {
    const ts: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < n; i++) {
      ts.push(start + i * step);
      v.push(Math.floor(random() * 1_000_000));
    }
    return { ts, v };
  };
  const frame = (d: { ts: number[]; v: number[] }) => ({ timestamp: Float64Array.from(d.ts), v: Float64Array.from(d.v), n: d.v.map((_, i) => i) });
  const dataSize = (symbol: string) =>
    symbol === "big" && random() < 0.35 ? 200_000 : random() < 0.3 ? 1000 + Math.floor(random() * 3000) : 1 + Math.floor(random() * 200);

  for (let k = 0; k < maxOps; k++) {
    const id = `${run}:${k}`;
    const symbol = SYMBOLS[Math.floor(random() * SYMBOLS.length)];
    const m = models[symbol];
    const r = random();
    if (random() < 0.08) {
      // Idle long enough (> idleCloseMs) for the store to close the file, which checkpoints it.
      log.write({ t: "pause", id, op: "pause" });
      await sleep(60 + random() * 100);
    }
    if (m.version < 0 || r < 0.2 || m.ts.length > 400_000) {
      const d = gen(BASE + Math.floor(random() * 1e6) * 1000, dataSize(symbol));
      log.write({ t: "begin", id, op: "write", symbol, rows: d.ts.length, expect: checksum(d) });
      const item = await lib.write(symbol, frame(d));
      Object.assign(m, d, { version: item.version });
      m.live.push(item.version);
      log.write({ t: "ack", id, op: "write", symbol, version: item.version, checksum: checksum(m) });
    } else if (r < 0.45) {
      const start = m.ts.length ? m.ts[m.ts.length - 1] + 1000 : BASE;
      const d = gen(start, dataSize(symbol));
      const next = { ts: m.ts.concat(d.ts), v: m.v.concat(d.v) };
      log.write({ t: "begin", id, op: "append", symbol, rows: d.ts.length, expect: checksum(next) });
      const item = await lib.append(symbol, frame(d));
      Object.assign(m, next, { version: item.version });
      m.live.push(item.version);
      log.write({ t: "ack", id, op: "append", symbol, version: item.version, checksum: checksum(m) });
    } else if (r < 0.65 && m.ts.length > 0) {
      // Replace the span starting at an existing row with rows every 500 ms.
      const i = Math.floor(random() * m.ts.length);
      const d = gen(m.ts[i], 1 + Math.floor(random() * (random() < 0.2 ? 3000 : 50)), 500);
      const first = d.ts[0];
      const last = d.ts[d.ts.length - 1];
      const keepBefore = m.ts.findIndex((t) => t >= first);
      let after = m.ts.findIndex((t) => t > last);
      if (after < 0) after = m.ts.length;
      const next = {
        ts: m.ts.slice(0, keepBefore).concat(d.ts, m.ts.slice(after)),
        v: m.v.slice(0, keepBefore).concat(d.v, m.v.slice(after)),
      };
      log.write({ t: "begin", id, op: "update", symbol, rows: d.ts.length, expect: checksum(next) });
      const item = await lib.update(symbol, frame(d));
      Object.assign(m, next, { version: item.version });
      m.live.push(item.version);
      log.write({ t: "ack", id, op: "update", symbol, version: item.version, checksum: checksum(m) });
    } else if (r < 0.72) {
      log.write({ t: "begin", id, op: "writeMetadata", symbol, expect: checksum(m) });
      const item = await lib.writeMetadata(symbol, { run, k });
      m.version = item.version;
      m.live.push(item.version);
      log.write({ t: "ack", id, op: "writeMetadata", symbol, version: item.version, checksum: checksum(m) });
    } else if (r < 0.82) {
      if (snapshots.length >= 3) {
        const name = snapshots[0];
        log.write({ t: "begin", id, op: "deleteSnapshot", name });
        await lib.deleteSnapshot(name);
        snapshots = snapshots.slice(1);
        log.write({ t: "ack", id, op: "deleteSnapshot", name });
      } else {
        const name = `snap-${run}-${k}`;
        const versions: Record<string, number> = {};
        for (const s of SYMBOLS) if (models[s].version >= 0) versions[s] = models[s].version;
        log.write({ t: "begin", id, op: "snapshot", name, versions });
        await lib.snapshot(name);
        snapshots.push(name);
        log.write({ t: "ack", id, op: "snapshot", name, versions });
      }
    } else {
      const old = m.live.filter((v) => v < m.version - 2);
      if (old.length === 0) continue;
      const versions = random() < 0.5 ? old : old.slice(0, 1 + Math.floor(random() * old.length));
      log.write({ t: "begin", id, op: "delete", symbol, versions });
      await lib.delete(symbol, { versions });
      m.live = m.live.filter((v) => !versions.includes(v));
      log.write({ t: "ack", id, op: "delete", symbol, versions });
    }
  }
  await ac.close();
  log.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
