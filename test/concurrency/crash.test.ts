/**
 * Crash safety: a writer process (workers/crashWriter.ts) is SIGKILLed inside a store call, over and over,
 * on the same store folder; after each kill this process opens the store and checks that nothing
 * acknowledged was lost, every listed version reads, and the latest version is the last acknowledged
 * one or exactly one newer and complete (a call that committed but was killed before it logged).
 *
 * The kills are aimed (issue 18, §6): each writer runs with QUANTLAB_TEST_PAUSE_AT=<phase>:<n>
 * (lib/store/engine/pauseAt.ts), so on the n-th time it reaches that step of a call it says so on stdout
 * and stops there, and this process kills it: at the staging write, after the INSERT, after the catalog
 * update, as the COMMIT goes out, or after the COMMIT before the call returns. A kill before the COMMIT
 * must leave no trace of the call; a kill after it must leave the call's version whole.
 */
import { setTimeout as sleep } from "timers/promises";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic, Library, NoSuchVersionError } from "../../lib";
import { Checksum, checksumTimeTable, readLog, sameChecksum } from "./workers/common";
import { Child, killAll, startWorker } from "./workers/spawn";

const KILLS = 40;
const LIBRARY = "crash";
const SYMBOLS = ["big", "small"];
/** Stop early (after at least MIN_AIMED aimed kills) when the run takes longer than this. */
const BUDGET_MS = 60_000;
/** At least 3 aimed kills at each of the 5 steps. */
const MIN_AIMED = 15;
/** Every this many rounds (and at the end) every known version is read back; otherwise the latest ones. */
const FULL_CHECK_EVERY = 4;
/** The steps a kill is aimed at, in turn (see StorePhase). */
const PHASES = ["staging", "insert", "catalog", "commit", "committed"] as const;
type Phase = (typeof PHASES)[number];

interface LogEntry {
  t: "begin" | "ack" | "pause" | "start";
  id: string;
  op: string;
  symbol?: string;
  version?: number;
  rows?: number;
  checksum?: Checksum;
  expect?: Checksum;
  versions?: number[] | Record<string, number>;
  name?: string;
  state?: Record<string, { version: number; checksum: Checksum }>;
}

interface KnownVersion {
  checksum: Checksum;
  deleted: boolean;
  how: string;
}

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-crash-"));
});

afterAll(async () => {
  await killAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

const stagingFiles = (tmp: string) => (fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((n) => n.startsWith("insert-")) : []);

describe("crash safety", () => {
  it(`a writer SIGKILLed inside store calls (up to ${KILLS} times) never loses an acknowledged version nor leaves a broken one`, { timeout: 240_000 }, async () => {
    const setup = await Arctic.open("duckdb://" + dir);
    await setup.createLibrary(LIBRARY);
    await setup.close();

    const logFile = path.join(dir, "writer.jsonl");
    const tmp = path.join(dir, ".tmp");
    const versions = new Map<string, Map<number, KnownVersion>>(SYMBOLS.map((s) => [s, new Map()]));
    const maxVersion = new Map<string, number>(SYMBOLS.map((s) => [s, -1]));
    const snapshots = new Map<string, Record<string, number>>();
    const failures: string[] = [];
    const fail = (kill: number, msg: string) => failures.push(`kill #${kill}: ${msg}`);
    let consumed = 0;
    const stats = { kills: 0, pendingAtKill: {} as Record<string, number>, landed: {} as Record<string, number>, missed: 0, commitDone: 0, adoptedUnlogged: 0, stagingLeft: 0, acks: 0, verifyMs: 0 };
    const t0 = Date.now();

    // Each writer is started while the previous kill is being checked (loading node, tsx and DuckDB takes
    // over a second here) and touches the store only once told to go.
    let spawned = 0;
    /** A writer told to stop at `aim` (the n-th time it reaches that step), or unaimed (for the early kills). */
    const spawnWriter = (aim?: { phase: Phase; nth: number }) => {
      spawned++;
      const env: Record<string, string> = aim ? { QUANTLAB_TEST_PAUSE_AT: `${aim.phase}:${aim.nth}` } : {};
      const child = startWorker("crashWriter.ts", { dir, library: LIBRARY, log: logFile, seed: 77 + spawned * 101, run: `r${spawned}`, wait: 1 }, env);
      return Object.assign(child, { aim });
    };
    const aimFor = (kill: number) => ({ phase: PHASES[(kill - 1) % PHASES.length], nth: 1 + Math.floor(Math.random() * 3) });
    /** Lets a pre-started writer go and SIGKILLs it where it was told to stop (or, early, soon after go). */
    const runAndKill = async (kill: number, child: Child & { aim?: { phase: Phase; nth: number } }, early: boolean): Promise<number | null> => {
      await child.line((l) => l === "loaded", 60_000);
      child.proc.stdin!.write("go\n");
      if (!early) {
        const phase = child.aim!.phase;
        const reached = await child.line((l) => l.startsWith(`quantlab-test-phase ${phase} `), 30_000).catch((e: Error) => e);
        if (reached instanceof Error) {
          if (child.proc.exitCode !== null) {
            fail(kill, `the writer died on its own (code ${child.proc.exitCode}): ${child.stderr}`);
            return null;
          }
          stats.missed++;
        } else stats.landed[phase] = (stats.landed[phase] ?? 0) + 1;
      } else {
        // Killed while it opens the store (DuckDB replays the WAL the previous writer left) or loads it.
        await sleep(5 + Math.random() * 400);
      }
      if (child.proc.exitCode !== null) {
        fail(kill, `the writer died on its own (code ${child.proc.exitCode}): ${child.stderr}`);
        return null;
      }
      child.proc.kill("SIGKILL");
      const exit = await child.exited;
      expect(exit.signal).toBe("SIGKILL");
      stats.kills++;
      // A torn last line (not seen with one write() per line, but possible in principle) is closed off.
      const raw = fs.readFileSync(logFile, "utf8");
      if (raw.length && !raw.endsWith("\n")) fs.appendFileSync(logFile, "\n");
      return child.proc.pid!;
    };

    /** Reads the log entries written since the last call; returns the call in flight when the writer died. */
    let pending = null as LogEntry | null;
    let runEntries: LogEntry[] = [];
    const readNewEntries = (kill: number, early: boolean): void => {
      const all = readLog<LogEntry>(logFile);
      const entries = all.slice(consumed);
      consumed = all.length;
      runEntries = runEntries.concat(entries);
      let idle = false;
      for (const e of entries) {
        if (e.t === "pause") {
          idle = true;
          continue;
        }
        idle = false;
        if (e.t === "start") {
          // A new writer: what it found must be what the earlier ones left, plus at most the call
          // the last one was killed in (when that call committed).
          for (const sym of SYMBOLS) {
            const st = e.state![sym];
            if (pending?.expect && pending.symbol === sym && st.version === maxVersion.get(sym)! + 1) {
              if (!sameChecksum(st.checksum, pending.expect)) {
                fail(kill, `${sym} v${st.version} (made by the killed ${pending.op}, not logged) loaded incomplete: ${JSON.stringify(st.checksum)} vs ${JSON.stringify(pending.expect)}`);
              }
              versions.get(sym)!.set(st.version, { checksum: pending.expect, deleted: false, how: `unlogged ${pending.op} ${pending.id}` });
              maxVersion.set(sym, st.version);
              stats.adoptedUnlogged++;
            }
            const live = [...versions.get(sym)!].filter(([, k]) => !k.deleted).map(([v]) => v);
            const want = live.length ? Math.max(...live) : -1;
            if (st.version !== want) fail(kill, `writer ${e.id} started from ${sym} v${st.version}, expected v${want}`);
            else if (want >= 0 && !sameChecksum(st.checksum, versions.get(sym)!.get(want)!.checksum)) {
              fail(kill, `writer ${e.id} loaded ${sym} v${want} with different data than acknowledged`);
            }
          }
          if (pending && !pending.expect) fail(kill, `a writer started while a killed ${pending.op} was unresolved (test bug)`);
          pending = null;
          continue;
        }
        if (e.t === "begin") {
          pending = e;
          continue;
        }
        if (!pending || pending.id !== e.id) fail(kill, `ack ${e.id} without its begin`);
        pending = null;
        stats.acks++;
        if (e.op === "write" || e.op === "append" || e.op === "update" || e.op === "writeMetadata") {
          const sym = e.symbol!;
          if (e.version !== maxVersion.get(sym)! + 1) {
            fail(kill, `${e.op} of ${sym} acknowledged version ${e.version}, expected ${maxVersion.get(sym)! + 1} (versions must be contiguous)`);
          }
          if (versions.get(sym)!.has(e.version!)) fail(kill, `${sym} version ${e.version} acknowledged twice`);
          versions.get(sym)!.set(e.version!, { checksum: e.checksum!, deleted: false, how: `${e.op} ${e.id}` });
          maxVersion.set(sym, Math.max(maxVersion.get(sym)!, e.version!));
        } else if (e.op === "delete") {
          for (const v of e.versions as number[]) {
            const k = versions.get(e.symbol!)!.get(v);
            if (k) k.deleted = true;
            else fail(kill, `delete of ${e.symbol} v${v} acknowledged, but that version was never made`);
          }
        } else if (e.op === "snapshot") snapshots.set(e.name!, e.versions as Record<string, number>);
        else if (e.op === "deleteSnapshot") snapshots.delete(e.name!);
      }
      const last = entries[entries.length - 1];
      const key = early && (!last || last.t === "start")
        ? "opening the store / loading"
        : pending
          ? `${pending.op}${pending.rows === 200_000 ? "(200k)" : ""}`
          : idle
            ? "idle (file closing, CHECKPOINT)"
            : "between calls";
      stats.pendingAtKill[key] = (stats.pendingAtKill[key] ?? 0) + 1;
    };

    let aimed = 0;
    let next = spawnWriter(aimFor(++aimed));
    for (let kill = 1; kill <= KILLS; kill++) {
      if (aimed > MIN_AIMED && Date.now() - t0 > BUDGET_MS) break;
      runEntries = [];
      // --- run a writer and kill it at the step it was aimed at ---
      const aim = next.aim!;
      const pid = await runAndKill(kill, next, false);
      if (pid === null) break;
      readNewEntries(kill, false);
      const pids = [pid];
      const aimedCall = pending;
      if (aimedCall === null) fail(kill, `aimed at ${aim.phase}:${aim.nth}, the kill did not land inside a store call`);
      // Every fifth aimed kill, before this process looks, a fresh writer opens the store the killed one left
      // (with its WAL) and is killed within 400 ms of starting: a kill during recovery or loading.
      const early = aimed % 5 === 0 && (!pending || pending.expect) && kill < KILLS;
      if (early) {
        kill++;
        const earlyPid = await runAndKill(kill, spawnWriter(), true);
        if (earlyPid === null) break;
        pids.push(earlyPid);
        readNewEntries(kill, true);
      }
      if (kill < KILLS) next = spawnWriter(aimFor(++aimed));
      const adoptedBefore = stats.adoptedUnlogged;
      const vt = Date.now();

      // --- staging files of the dead writers go when the store is opened ---
      const dead = (n: string) => pids.some((p) => n.startsWith(`insert-${p}-`));
      if (stagingFiles(tmp).some(dead)) stats.stagingLeft++;
      let ac: Arctic;
      try {
        ac = await Arctic.open("duckdb://" + dir);
      } catch (error) {
        fail(kill, `Arctic.open failed: ${(error as Error).message}`);
        break;
      }
      const leftAfter = stagingFiles(tmp).filter(dead);
      if (leftAfter.length) fail(kill, `staging files of the killed writers (pids ${pids}) stayed after Arctic.open: ${leftAfter.join(", ")}`);

      let lib: Library;
      try {
        lib = await ac.getLibrary(LIBRARY);
      } catch (error) {
        fail(kill, `the library does not open after the kill (pending: ${pending?.op}): ${(error as Error).message}`);
        break;
      }
      const before = failures.length;
      await verify(kill, lib, pending, aimed % FULL_CHECK_EVERY === 0);
      // What the aimed call left: nothing before its COMMIT; its whole version after (data calls, which name theirs).
      if (!early && aimedCall?.expect) {
        const adopted = stats.adoptedUnlogged > adoptedBefore;
        if (aim.phase !== "commit" && aim.phase !== "committed" && adopted) fail(kill, `a ${aimedCall.op} killed at ${aim.phase}, before its COMMIT, left a version`);
        if (aim.phase === "committed" && !adopted) fail(kill, `a ${aimedCall.op} killed after its COMMIT left no version`);
        if (aim.phase === "commit" && adopted) stats.commitDone++;
      }
      if (failures.length > before) {
        fail(kill, `log of this run: ${runEntries.slice(-5).map((e) => JSON.stringify({ ...e, checksum: undefined, expect: undefined, state: undefined })).join(" | ")}`);
      }
      pending = null; // resolved against the store by verify()
      await ac.close();
      stats.verifyMs += Date.now() - vt;
      if (process.env.CRASH_DEBUG) console.error(`kill ${kill} ${aim.phase}:${aim.nth} at ${Date.now() - t0} ms, verify ${Date.now() - vt} ms`);
      if (failures.length > 20) break;
    }

    // Last, every version the run made is read back once more.
    const end = await Arctic.open("duckdb://" + dir);
    await verify(KILLS + 1, await end.getLibrary(LIBRARY), null, true);
    await end.close();

    // Nothing older than the last kill stays in the staging folder.
    const left = stagingFiles(tmp);
    if (left.length) failures.push(`staging files left at the end: ${left.join(", ")}`);

    const elapsed = Date.now() - t0;
    const total = [...versions.values()].reduce((n, m) => n + m.size, 0);
    console.log(
      `crash test: ${stats.kills} kills in ${(elapsed / 1000).toFixed(1)} s (verification ${(stats.verifyMs / 1000).toFixed(1)} s), ` +
        `${stats.acks} acknowledged calls, ${total} versions made, ${stats.adoptedUnlogged} committed-but-unlogged calls found, ` +
        `staging files left by ${stats.stagingLeft} kills (removed by Arctic.open); kills landed at: ${JSON.stringify(stats.landed)} (${stats.missed} aimed writers never reached their step; of the kills at the COMMIT, ${stats.commitDone} found the data call's version committed); ` +
        `killed during: ${JSON.stringify(stats.pendingAtKill)}`,
    );
    expect(failures).toEqual([]);
    expect(Object.values(stats.landed).reduce((a, b) => a + b, 0) + stats.missed, "aimed kills").toBeGreaterThanOrEqual(MIN_AIMED);
    for (const phase of PHASES) expect(stats.landed[phase] ?? 0, `kills that landed at ${phase}`).toBeGreaterThanOrEqual(3);

    /** Checks the store against the log; `full` reads every known version back, otherwise only each symbol's latest and the one a killed call may have made. */
    async function verify(kill: number, lib: Library, pending: LogEntry | null, full: boolean): Promise<void> {
      const pendingData = pending && pending.expect ? pending : null;
      for (const sym of SYMBOLS) {
        const known = versions.get(sym)!;
        let listed;
        try {
          listed = await lib.listVersions(sym);
        } catch (error) {
          fail(kill, `listVersions(${sym}) failed: ${(error as Error).message}`);
          continue;
        }
        const live = listed.filter((v) => !v.deleted).map((v) => v.version);
        // A version nobody acknowledged: allowed only as the one the killed call would have made.
        for (const v of live) {
          if (known.has(v)) continue;
          if (pendingData && pendingData.symbol === sym && v === maxVersion.get(sym)! + 1) {
            const got = await readChecksum(kill, lib, sym, v);
            if (got && !sameChecksum(got, pendingData.expect!)) {
              fail(kill, `${sym} v${v} (made by the killed ${pendingData.op} of ${pendingData.rows} rows, not logged) is incomplete: ${JSON.stringify(got)} vs expected ${JSON.stringify(pendingData.expect)}`);
            }
            known.set(v, { checksum: pendingData.expect!, deleted: false, how: `unlogged ${pendingData.op} ${pendingData.id}` });
            maxVersion.set(sym, v);
            stats.adoptedUnlogged++;
          } else {
            fail(kill, `${sym} lists version ${v} that no call acknowledged (acknowledged up to ${maxVersion.get(sym)}; pending: ${pending?.op ?? "none"})`);
          }
        }
        // A deletion the writer was killed in: all or nothing.
        if (pending?.op === "delete" && pending.symbol === sym) {
          const doomed = pending.versions as number[];
          const gone = doomed.filter((v) => !live.includes(v));
          if (gone.length !== 0 && gone.length !== doomed.length) {
            fail(kill, `killed delete of ${sym} versions ${doomed} half done: ${gone} gone, the rest live`);
          }
          if (gone.length === doomed.length) for (const v of doomed) known.get(v)!.deleted = true;
        }
        // Every acknowledged, not deleted version is listed and reads back exactly.
        const latestKnown = Math.max(-1, ...[...known].filter(([, k]) => !k.deleted).map(([v]) => v));
        for (const [v, k] of known) {
          if (k.deleted) {
            if (live.includes(v)) fail(kill, `${sym} v${v} was deleted (acknowledged) but is listed live`);
            continue;
          }
          if (!live.includes(v)) {
            fail(kill, `${sym} v${v} (${k.how}) was acknowledged and not deleted, but listVersions does not list it (live: ${live})`);
            continue;
          }
          if (!full && v !== latestKnown) continue;
          const got = await readChecksum(kill, lib, sym, v);
          if (got && !sameChecksum(got, k.checksum)) {
            fail(kill, `${sym} v${v} (${k.how}) reads ${JSON.stringify(got)}, acknowledged ${JSON.stringify(k.checksum)}`);
          }
        }
        // Versions kept only by snapshots read through them.
        for (const v of listed.filter((x) => x.deleted)) {
          try {
            const item = await lib.read(sym, { asOf: v.snapshots[0] });
            const k = known.get(v.version);
            if (item.version !== v.version) fail(kill, `${sym}: snapshot ${v.snapshots[0]} reads v${item.version}, listVersions says v${v.version}`);
            if (k && !sameChecksum(checksumTimeTable(item.data), k.checksum)) fail(kill, `${sym} deleted v${v.version} reads wrong through snapshot ${v.snapshots[0]}`);
          } catch (error) {
            fail(kill, `${sym} v${v.version} (deleted, held by ${v.snapshots}) does not read through its snapshot: ${(error as Error).message}`);
          }
          try {
            await lib.read(sym, { asOf: v.version });
            fail(kill, `${sym} v${v.version} is deleted but still reads by number`);
          } catch (error) {
            if (!(error instanceof NoSuchVersionError)) fail(kill, `${sym} deleted v${v.version} by number: ${(error as Error).message}`);
          }
        }
        // The latest version: the last acknowledged one, or the one the killed call completed.
        const liveKnown = [...known].filter(([, k]) => !k.deleted).map(([v]) => v);
        if (liveKnown.length) {
          const want = Math.max(...liveKnown);
          try {
            // (its data was compared above, read by number)
            const latest = await lib.readMetadata(sym);
            if (latest.version !== want) fail(kill, `${sym}: latest is v${latest.version}, expected v${want}`);
          } catch (error) {
            fail(kill, `${sym}: reading the latest version failed: ${(error as Error).message}`);
          }
        }
      }
      // Snapshots: acknowledged ones exist and hold what they held; a killed one exists wholly or not at all.
      const names = (await lib.listSnapshots()).map((s) => s.name);
      if (pending?.op === "snapshot" && names.includes(pending.name!)) snapshots.set(pending.name!, pending.versions as Record<string, number>);
      if (pending?.op === "deleteSnapshot" && !names.includes(pending.name!)) snapshots.delete(pending.name!);
      const wantNames = [...snapshots.keys()].sort();
      if (JSON.stringify(names) !== JSON.stringify(wantNames)) fail(kill, `snapshots ${names} but acknowledged ${wantNames} (pending: ${pending?.op})`);
      for (const [name, pinned] of snapshots) {
        if (!names.includes(name)) continue;
        const held: Record<string, number> = {};
        for (const v of await lib.listVersions(undefined, { snapshot: name })) held[v.symbol] = v.version;
        if (JSON.stringify(held) !== JSON.stringify(Object.fromEntries(Object.entries(pinned).sort()))) {
          fail(kill, `snapshot ${name} holds ${JSON.stringify(held)}, made with ${JSON.stringify(pinned)}`);
        }
      }
    }

    async function readChecksum(kill: number, lib: Library, sym: string, v: number): Promise<Checksum | null> {
      try {
        const item = await lib.read(sym, { asOf: v });
        if (item.version !== v) fail(kill, `${sym} asOf ${v} returned v${item.version}`);
        return checksumTimeTable(item.data);
      } catch (error) {
        fail(kill, `${sym} v${v} does not read: ${(error as Error).constructor.name}: ${(error as Error).message}`);
        return null;
      }
    }
  });
  it("a process killed while creating libraries leaves each library either absent or usable", { timeout: 120_000 }, async () => {
    const root = fs.mkdtempSync(path.join(dir, "libs-"));
    const logFile = path.join(root, "create.jsonl");
    const KILLS_HERE = 15;
    const failures: string[] = [];
    const seenBroken = new Set<string>();
    let spawned = 0;
    const spawnCreator = () => startWorker("createLibs.ts", { dir: root, log: logFile, run: String(++spawned), wait: 1 });
    let next = spawnCreator();
    let pendingHits = 0;
    for (let kill = 1; kill <= KILLS_HERE; kill++) {
      const child = next;
      await child.line((l) => l === "loaded", 60_000);
      child.proc.stdin!.write("go\n");
      await child.line((l) => l === "ready", 60_000);
      await sleep(5 + Math.random() * 300);
      expect(child.proc.exitCode, child.stderr).toBeNull();
      child.proc.kill("SIGKILL");
      await child.exited;
      if (kill < KILLS_HERE) next = spawnCreator();

      const log = readLog<{ t: string; library: string; version?: number }>(logFile);
      const acked = new Set(log.filter((e) => e.t === "ack").map((e) => e.library));
      const written = new Set(log.filter((e) => e.t === "written").map((e) => e.library));
      const last = log[log.length - 1];
      const pendingCreate = last?.t === "begin" ? last.library : null;
      const ac = await Arctic.open("duckdb://" + root);
      const listed = await ac.listLibraries();
      for (const name of acked) if (!listed.includes(name)) failures.push(`kill #${kill}: acknowledged library ${name} is not listed`);
      for (const name of listed) {
        if (seenBroken.has(name)) continue;
        try {
          const lib = await ac.getLibrary(name);
          if (written.has(name)) {
            const item = await lib.read("s");
            if (item.version !== 0 || item.data.numRows() !== 1) failures.push(`kill #${kill}: ${name}/s reads v${item.version} with ${item.data.numRows()} rows`);
          }
          if (name === pendingCreate) pendingHits++;
        } catch (error) {
          seenBroken.add(name);
          let create: string;
          try {
            await ac.createLibrary(name);
            create = "createLibrary then succeeds";
          } catch (e) {
            create = `createLibrary fails too: ${(e as Error).constructor.name}: ${(e as Error).message}`;
          }
          const files = fs.readdirSync(root).filter((f) => f.startsWith(name + "."));
          failures.push(
            `kill #${kill}: library '${name}' (${name === pendingCreate ? "createLibrary was in flight when killed" : acked.has(name) ? "acknowledged" : "?"}) ` +
              `is listed by listLibraries/hasLibrary=${await ac.hasLibrary(name)} but getLibrary fails: ${(error as Error).constructor.name}: ${(error as Error).message}; ${create}; files: ${files.join(", ")}`,
          );
        }
      }
      await ac.close();
    }
    console.log(`createLibrary kills: ${KILLS_HERE}; ${pendingHits} kills left a usable half-created library, ${seenBroken.size} left a broken one`);
    expect(failures).toEqual([]);
  });
});
