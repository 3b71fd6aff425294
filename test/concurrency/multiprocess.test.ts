/**
 * Real multi-process use of one store folder: several processes (and this one) write, append and read
 * the same library file at once, each call taking the file in turn (lib/store/engine/StoreFile.ts).
 * Every acknowledged operation must be in the final data, versions must be contiguous, reads consistent,
 * and nothing may fail at the default wait.
 */
import { setTimeout as sleep } from "timers/promises";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic, Library } from "../../lib";
import { Checksum, HASH_SEED, checksumShared, checksumTimeTable, hashStep, nums, readLog, sameChecksum } from "./workers/common";
import { killAll, startWorker } from "./workers/spawn";

const WORKERS = 3;
const DURATION_MS = 20_000;
const LIBRARY = "conc";

interface Entry {
  op: string;
  symbol?: string;
  version?: number;
  rows?: number;
  checksum?: Checksum;
  writer?: number;
  seqFrom?: number;
  seqTo?: number;
  during?: string;
  name?: string;
  message?: string;
  ops?: number;
  elapsedMs?: number;
  counts?: Record<string, number>;
  id?: number;
  latency?: { p50: number; p99: number; max: number };
}

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-mp-"));
});

afterAll(async () => {
  await killAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("several processes on one store", () => {
  it(
    `${WORKERS} writer processes and the test process share one library for ${DURATION_MS / 1000} s without losing or mixing anything`,
    { timeout: 150_000 },
    async () => {
      const ac = await Arctic.open("duckdb://" + dir);
      const lib = await ac.createLibrary(LIBRARY);
      // Version 0 of the shared symbol: one row from "writer 0".
      await lib.write("shared", { writer: [0], seq: [0], v: new Float64Array([0]) });

      const logs = Array.from({ length: WORKERS }, (_, i) => path.join(dir, `worker-${i + 1}.jsonl`));
      const children = logs.map((log, i) =>
        startWorker("mpWorker.ts", { dir, library: LIBRARY, id: i + 1, duration: DURATION_MS, log, seed: 1000 + i }),
      );
      await Promise.all(children.map((c) => c.line((l) => l === "ready", 60_000)));

      // This process reads too while the writers run.
      const ownReads: Entry[] = [];
      let testReads = 0;
      let testErrors: string[] = [];
      let running = true;
      const exits = Promise.all(children.map((c) => c.exited)).finally(() => {
        running = false;
      });
      const reader = (async () => {
        const t0 = Date.now();
        while (running) {
          try {
            const sym = testReads % 2 === 0 ? "shared" : `w${1 + (testReads % WORKERS)}_${testReads % 2}`;
            if (sym !== "shared" && !(await lib.hasSymbol(sym))) {
              testReads++;
              continue;
            }
            const item = await lib.read(sym);
            ownReads.push({
              op: "read",
              symbol: sym,
              version: item.version,
              checksum: sym === "shared" ? checksumShared(item.data) : checksumTimeTable(item.data),
            });
          } catch (error) {
            testErrors.push(`${(error as Error).constructor.name}: ${(error as Error).message}`);
          }
          testReads++;
          await sleep(20);
        }
        return Date.now() - t0;
      })();
      const results = await exits;
      const readerMs = await reader;
      for (const [i, r] of results.entries()) {
        expect(r, `worker ${i + 1} exit; stderr: ${children[i].stderr}`).toEqual({ code: 0, signal: null });
      }

      const entries = logs.map((l) => readLog<Entry>(l));
      // Throughput.
      const lines: string[] = [];
      for (const e of entries) {
        const done = e.find((x) => x.op === "done")!;
        expect(done, "every worker finished its loop").toBeDefined();
        lines.push(
          `worker ${done.id}: ${done.ops} ops in ${(done.elapsedMs! / 1000).toFixed(1)} s = ${((done.ops! * 1000) / done.elapsedMs!).toFixed(1)} ops/s, latency p50/p99/max ${done.latency!.p50}/${done.latency!.p99}/${done.latency!.max} ms ${JSON.stringify(done.counts)}`,
        );
      }
      lines.push(`test process: ${ownReads.length} reads in ${(readerMs / 1000).toFixed(1)} s = ${((ownReads.length * 1000) / readerMs).toFixed(1)} reads/s`);
      console.log("multiprocess throughput\n  " + lines.join("\n  "));

      // No errors anywhere (StoreBusyError at the default wait counts as one).
      const errors = entries.flat().filter((e) => e.op === "error");
      expect(errors.map((e) => `${e.during}: ${e.name}: ${e.message}`)).toEqual([]);
      expect(testErrors).toEqual([]);

      const all = entries.flat();
      const acks = all.filter((e) => e.op === "write" || e.op === "append");
      const reads = [...all.filter((e) => e.op === "read"), ...ownReads];

      // --- shared symbol ---
      const sharedAcks = acks.filter((e) => e.symbol === "shared").sort((a, b) => a.version! - b.version!);
      const sharedVersions = sharedAcks.map((e) => e.version!);
      expect(new Set(sharedVersions).size, "each acknowledged shared version is unique").toBe(sharedVersions.length);
      expect(sharedVersions, "shared versions 1..N all acknowledged, no gaps").toEqual(sharedVersions.map((_, i) => i + 1));
      const listed = (await lib.listVersions("shared")).map((v) => v.version).sort((a, b) => a - b);
      expect(listed, "shared versions listed are exactly 0..N").toEqual([0, ...sharedVersions]);

      // Expected checksum of each shared version, built from the acknowledged appends in version order.
      const expected = new Map<number, Checksum>();
      let c: Checksum = { rows: 1, sum: 0, first: 0, last: 0, hash: hashStep(hashStep(HASH_SEED, 0), 0) };
      expected.set(0, c);
      const expectedRows: [number, number][] = [[0, 0]];
      for (const e of sharedAcks) {
        let { rows, sum, first, last, hash } = c;
        for (let s = e.seqFrom!; s <= e.seqTo!; s++) {
          const v = e.writer! * 1_000_000 + s;
          rows++;
          sum += v;
          last = v;
          hash = hashStep(hashStep(hash, e.writer!), s);
          expectedRows.push([e.writer!, s]);
        }
        c = { rows, sum, first, last, hash };
        expected.set(e.version!, c);
      }
      // Final data: every acknowledged row exactly once, in version order, nothing else.
      const final = await lib.read("shared");
      expect(final.version).toBe(sharedVersions[sharedVersions.length - 1] ?? 0);
      const w = nums(final.data, "writer");
      const s = nums(final.data, "seq");
      const seen = new Map<string, number>();
      for (let i = 0; i < w.length; i++) seen.set(`${w[i]}:${s[i]}`, (seen.get(`${w[i]}:${s[i]}`) ?? 0) + 1);
      const missing = expectedRows.filter(([a, b]) => !seen.has(`${a}:${b}`));
      const duplicated = [...seen].filter(([, n]) => n > 1);
      expect(missing, "acknowledged shared rows missing from the final data").toEqual([]);
      expect(duplicated, "shared rows stored more than once").toEqual([]);
      expect(w.length).toBe(expectedRows.length);
      expect(w.map((x, i) => [x, s[i]])).toEqual(expectedRows);
      // Per writer, the sequence numbers are contiguous (no append lost in between).
      for (let id = 1; id <= WORKERS; id++) {
        const mine = s.filter((_, i) => w[i] === id);
        expect(mine, `writer ${id}'s rows in order`).toEqual(mine.map((_, i) => i));
      }
      // Every version of the shared symbol reads back as built.
      for (const v of listed) {
        const item = await lib.read("shared", { asOf: v });
        const got = checksumShared(item.data);
        expect(sameChecksum(got, expected.get(v)!), `shared v${v}: ${JSON.stringify(got)} vs ${JSON.stringify(expected.get(v))}`).toBe(true);
      }

      // --- own symbols ---
      for (let id = 1; id <= WORKERS; id++) {
        for (const k of [0, 1]) {
          const symbol = `w${id}_${k}`;
          const mine = acks.filter((e) => e.symbol === symbol).sort((a, b) => a.version! - b.version!);
          const versions = mine.map((e) => e.version!);
          expect(versions, `${symbol}: acknowledged versions 0..N, unique, no gaps`).toEqual(versions.map((_, i) => i));
          const listedOwn = (await lib.listVersions(symbol)).map((v) => v.version).sort((a, b) => a - b);
          expect(listedOwn, `${symbol}: listed versions`).toEqual(versions);
          for (const e of mine) {
            const got = checksumTimeTable((await lib.read(symbol, { asOf: e.version })).data);
            expect(sameChecksum(got, e.checksum!), `${symbol} v${e.version} (${e.op} of ${e.rows} rows) reads back as acknowledged`).toBe(true);
          }
          if (mine.length) {
            const latest = await lib.read(symbol);
            expect(latest.version).toBe(versions[versions.length - 1]);
          }
        }
      }

      // --- reads observed during the run: each equals some acknowledged version (the one it names) ---
      const ackChecksum = new Map<string, Checksum>();
      for (const e of acks) if (e.symbol !== "shared") ackChecksum.set(`${e.symbol}@${e.version}`, e.checksum!);
      const bad: string[] = [];
      for (const r of reads) {
        const want = r.symbol === "shared" ? expected.get(r.version!) : ackChecksum.get(`${r.symbol}@${r.version}`);
        if (!want || !sameChecksum(want, r.checksum!)) bad.push(`${r.symbol} v${r.version}: read ${JSON.stringify(r.checksum)}, acknowledged ${JSON.stringify(want)}`);
      }
      expect(bad, "inconsistent reads").toEqual([]);
      expect(reads.length).toBeGreaterThan(0);
      await ac.close();
    },
  );

  it(
    "a call waits while another process holds the file in a long call, then succeeds; with busyTimeoutMs 50 it fails with StoreBusyError and changes nothing",
    { timeout: 90_000 },
    async () => {
      const ac = await Arctic.open("duckdb://" + dir);
      const lib: Library = await ac.getLibrary("wait", { createIfMissing: true });
      await lib.write("s", { timestamp: [1_700_000_000_000], v: new Float64Array([1]), n: [0] });
      await ac.close();

      const common = { dir, library: "wait", symbol: "s", op: "append" };
      // Started one after the other: with busyTimeoutMs 50 even their opening calls must not collide.
      const waiters = [];
      const extras: Record<string, string | number>[] = [
        { ts: 1_700_000_001_000, value: 2 },
        { ts: 1_700_000_002_000, value: 3, busy: 50 },
        { op: "write", symbol: "fresh", ts: 1_700_000_002_000, value: 3, busy: 50 },
      ];
      for (const extra of extras) {
        const c = startWorker("op.ts", { ...common, ...extra });
        await c.line((l) => l.includes('"ready"'), 60_000);
        waiters.push(c);
      }
      const patient = waiters[0];
      const HOLD_MS = 3000;
      const holder = startWorker("holder.ts", { dir, library: "wait", hold: HOLD_MS });
      const holding = JSON.parse(await holder.line((l) => l.includes('"holding"'), 60_000)).holding as number;
      for (const c of waiters) c.proc.stdin!.write("go\n");
      const outcome = async (c: typeof patient) => JSON.parse(await c.line((l) => l.includes('"ok"'), 60_000));
      const [p, h, hn] = await Promise.all(waiters.map(outcome));
      const released = JSON.parse(await holder.line((l) => l.includes('"released"'), 60_000)).released as number;
      await Promise.all([...waiters, holder].map((c) => c.exited));
      console.log(
        `long-call wait: held ${holding}..${released} (${released - holding} ms); patient append waited ${p.endedAt - p.startedAt} ms; ` +
          `busyTimeoutMs=50 callers failed after ${h.endedAt - h.startedAt} / ${hn.endedAt - hn.startedAt} ms`,
      );

      expect(p.ok, JSON.stringify(p)).toBe(true);
      expect(p.version).toBe(1);
      expect(p.endedAt, "the waiting call finished only after the holder let go").toBeGreaterThanOrEqual(holding + HOLD_MS - 5);
      for (const x of [h, hn]) {
        expect(x.ok, JSON.stringify(x)).toBe(false);
        expect(x.name).toBe("StoreBusyError");
        expect(x.code).toBeDefined();
        expect(x.endedAt, "failed while the holder still held the file").toBeLessThan(holding + HOLD_MS);
      }

      const check = await Arctic.open("duckdb://" + dir);
      const wlib = await check.getLibrary("wait");
      expect((await wlib.listVersions("s")).map((v) => v.version)).toEqual([1, 0]);
      expect(nums((await wlib.read("s")).data, "v")).toEqual([1, 2]);
      expect(await wlib.listSymbols()).toEqual(["s"]);
      expect(await wlib.hasSymbol("fresh")).toBe(false);
      await check.close();
    },
  );
});
