/**
 * Processes sharing a library through the process that holds its file (issue 18, §5): that process serves
 * the others' calls on its own DuckDB instance (lib/store/engine/FileHost.ts), so the file is not closed
 * and reopened between the calls of different processes.
 *
 * - A reference model: random calls from this process and two others (workers/repl.ts), with idle
 *   settings that make the holder change over time, give exactly what one sequential store would. This
 *   checks that a process's cached catalog rows never go stale when another process wrote through a host.
 * - A served call really runs in the holder: the caller never opens the file.
 * - The holder killed during a served call: the call fails with a named error, nothing half-done stays,
 *   and the caller's next call opens the file itself.
 * - A caller killed during its served call: its transaction is rolled back in the holder.
 * - User SQL, which needs the file closed everywhere, makes the holder close it; the holder's next call works.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arctic, Library, SymbolNotFoundError } from "../../lib";
import { socketPath } from "../../lib/store/engine/wire";
import { Child, killAll, startWorker } from "./workers/spawn";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-hosting-"));
});
afterAll(async () => {
  await killAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  id: number;
  ok?: boolean;
  inside?: boolean;
  version?: number;
  v?: number[];
  symbols?: string[];
  rows?: number;
  after?: number;
  name?: string;
  message?: string;
}

/** A repl worker: `ask` sends a command and resolves with its reply (or the `inside` line of a hold). */
class Repl {
  readonly child: Child;
  #id = 0;

  constructor(args: Record<string, string | number>, env: Record<string, string> = {}) {
    this.child = startWorker("repl.ts", { dir, library: "main", ...args }, env);
  }

  ready(): Promise<string> {
    return this.child.line((l) => l.includes('"ready"'), 60_000);
  }

  get pid(): number {
    return this.child.proc.pid!;
  }

  async ask(command: Record<string, unknown>, until: (r: Reply) => boolean = (r) => r.ok !== undefined): Promise<Reply> {
    const id = ++this.#id;
    this.child.proc.stdin!.write(JSON.stringify({ id, ...command }) + "\n");
    return this.reply(id, until);
  }

  async reply(id: number, until: (r: Reply) => boolean = (r) => r.ok !== undefined): Promise<Reply> {
    const line = await this.child.line((l) => {
      if (!l.startsWith("{")) return false;
      const r = JSON.parse(l) as Reply;
      return r.id === id && until(r);
    }, 60_000);
    return JSON.parse(line) as Reply;
  }

  /** The id the next ask gets. */
  get nextId(): number {
    return this.#id + 1;
  }

  /** Sends a raw line (for a hold waiting for its go). */
  send(line: object): void {
    this.child.proc.stdin!.write(JSON.stringify(line) + "\n");
  }
}

/** The files process `pid` has open, as paths. */
function openFiles(pid: number): string[] {
  const fdDir = `/proc/${pid}/fd`;
  const out: string[] = [];
  for (const fd of fs.readdirSync(fdDir)) {
    try {
      out.push(fs.readlinkSync(path.join(fdDir, fd)));
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

/** Runs one model command in this process, answering as a repl worker would. */
async function askHere(lib: Library, c: { op: string; symbol: string; values: number[] }): Promise<Reply> {
  try {
    if (c.op === "write" || c.op === "append") {
      const data = { v: new Float64Array(c.values) };
      const item = c.op === "write" ? await lib.write(c.symbol, data) : await lib.append(c.symbol, data);
      return { id: 0, ok: true, version: item.version };
    }
    if (c.op === "read") {
      const r = await lib.read(c.symbol);
      return { id: 0, ok: true, version: r.version, v: Array.from(r.data.array("v") as ArrayLike<number>) };
    }
    return { id: 0, ok: true, symbols: (await lib.listSymbols()).sort() };
  } catch (error) {
    return { id: 0, ok: false, name: error instanceof SymbolNotFoundError ? "SymbolNotFoundError" : String(error), message: String((error as Error).message) };
  }
}

describe("processes sharing a library through the process that holds it", () => {
  it("give what one sequential store would: random calls from three processes against a reference model", { timeout: 240_000 }, async () => {
    // Two other processes: one closes the file soon after each call, one keeps it open long; this one in between.
    const others = [new Repl({ idle: 0 }), new Repl({ idle: 2_000 })];
    await Promise.all(others.map((o) => o.ready()));
    const here = await Arctic.open("duckdb://" + dir, { idleCloseMs: 30 });
    let run = 0;
    try {
      const command = fc.record({
        who: fc.integer({ min: 0, max: 2 }),
        op: fc.constantFrom("write", "append", "append", "append", "read", "read", "symbols"),
        symbol: fc.constantFrom("X", "Y", "Z"),
        values: fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 3 }),
        pauseMs: fc.constantFrom(0, 0, 0, 5, 40),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), async (commands) => {
          const library = `model${run++}`;
          const lib = await here.getLibrary(library, { createIfMissing: true });
          const model = new Map<string, { version: number; v: number[] }>();
          for (const [i, c] of commands.entries()) {
            const reply = c.who === 0 ? await askHere(lib, c) : await others[c.who - 1].ask({ op: c.op, library, symbol: c.symbol, values: c.values });
            const where = `command ${i} (${c.op} ${c.symbol} by process ${c.who})`;
            const stored = model.get(c.symbol);
            if (c.op === "write" || c.op === "append") {
              expect(reply.ok, `${where}: ${reply.message}`).toBe(true);
              const version = stored ? stored.version + 1 : 0;
              expect(reply.version, where).toBe(version);
              model.set(c.symbol, { version, v: c.op === "append" && stored ? [...stored.v, ...c.values] : [...c.values] });
            } else if (c.op === "read") {
              if (!stored) expect(reply.name, where).toBe("SymbolNotFoundError");
              else expect({ version: reply.version, v: reply.v }, where).toEqual(stored);
            } else {
              expect(reply.symbols, where).toEqual([...model.keys()].sort());
            }
            if (c.pauseMs > 0) await new Promise((r) => setTimeout(r, c.pauseMs));
          }
        }),
        { numRuns: 6 },
      );
    } finally {
      await here.close();
      await Promise.all(others.map((o) => o.ask({ op: "exit" })));
    }
  });

  it("a served call runs in the process that holds the file: the caller never opens it", { timeout: 120_000 }, async () => {
    const holder = new Repl({ idle: 600_000, library: "served" });
    const caller = new Repl({ idle: 600_000, library: "served" });
    await Promise.all([holder.ready(), caller.ready()]);
    const file = path.join(dir, "served.duckdb");
    expect((await holder.ask({ op: "write", symbol: "A", values: [1] })).version).toBe(0);
    expect(openFiles(holder.pid), "the holder has the file open").toContain(file);
    expect(fs.existsSync(socketPath(file)), "and serves it").toBe(true);
    const appended = await caller.ask({ op: "append", symbol: "A", values: [2] });
    expect(appended.ok, appended.message).toBe(true);
    expect(appended.version).toBe(1);
    expect(openFiles(caller.pid), "the caller's call ran in the holder").not.toContain(file);
    expect(openFiles(holder.pid), "which kept the file open").toContain(file);
    // The holder sees the caller's version at once, and the caller the holder's next one.
    expect(await holder.ask({ op: "read", symbol: "A" })).toMatchObject({ ok: true, version: 1, v: [1, 2] });
    expect((await holder.ask({ op: "append", symbol: "A", values: [3] })).version).toBe(2);
    expect(await caller.ask({ op: "read", symbol: "A" })).toMatchObject({ ok: true, version: 2, v: [1, 2, 3] });
    await Promise.all([holder.ask({ op: "exit" }), caller.ask({ op: "exit" })]);
  });

  it("the holder killed during a served call: the call fails with a named error, and the caller's next call opens the file itself", { timeout: 120_000 }, async () => {
    const holder = new Repl({ idle: 600_000, library: "hostkilled" });
    const caller = new Repl({ idle: 600_000, library: "hostkilled" });
    await Promise.all([holder.ready(), caller.ready()]);
    const file = path.join(dir, "hostkilled.duckdb");
    expect((await holder.ask({ op: "write", symbol: "A", values: [1] })).ok).toBe(true);
    const id = caller.nextId;
    const inside = await caller.ask({ op: "hold" }, (r) => r.inside === true);
    expect(inside.inside).toBe(true);
    expect(openFiles(caller.pid), "the caller is served, not holding the file").not.toContain(file);
    holder.child.proc.kill("SIGKILL");
    await holder.child.exited;
    caller.send({ op: "go" });
    const failed = await caller.reply(id);
    expect(failed.ok).toBe(false);
    expect(failed.name).toBe("StoreError");
    expect(failed.message).toMatch(/ended during this call/);
    // The holder's committed write survives its death (DuckDB replays the WAL), and the caller carries on.
    const next = await caller.ask({ op: "append", symbol: "A", values: [2] });
    expect(next.ok, next.message).toBe(true);
    expect(next.version).toBe(1);
    expect(openFiles(caller.pid), "the caller holds the file now").toContain(file);
    await caller.ask({ op: "exit" });
  });

  it("a caller killed during its served call leaves nothing: the holder rolls its transaction back", { timeout: 120_000 }, async () => {
    const here = await Arctic.open("duckdb://" + dir, { idleCloseMs: 600_000 });
    try {
      const lib = await here.createLibrary("clientkilled");
      expect((await lib.write("A", { v: new Float64Array([1]) })).version).toBe(0);
      const caller = new Repl({ idle: 250, library: "clientkilled" }, { QUANTLAB_TEST_PAUSE_AT: "insert:1" });
      await caller.ready();
      caller.send({ id: 1, op: "append", symbol: "A", values: [2, 3] });
      await caller.child.line((l) => l.startsWith("quantlab-test-phase insert"), 60_000);
      caller.child.proc.kill("SIGKILL");
      await caller.child.exited;
      expect(Array.from((await lib.read("A")).data.array("v") as ArrayLike<number>), "the killed caller's rows are gone").toEqual([1]);
      const item = await lib.append("A", { v: new Float64Array([4]) });
      expect(item.version, "its version number was never taken").toBe(1);
      expect(Array.from((await lib.read("A")).data.array("v") as ArrayLike<number>)).toEqual([1, 4]);
    } finally {
      await here.close();
    }
  });

  it("user SQL from another process makes the holder close the file; the holder's next call works", { timeout: 120_000 }, async () => {
    const holder = new Repl({ idle: 600_000, library: "leave" });
    await holder.ready();
    const file = path.join(dir, "leave.duckdb");
    expect((await holder.ask({ op: "write", symbol: "A", values: [1, 2, 3] })).ok).toBe(true);
    expect(openFiles(holder.pid)).toContain(file);
    const here = await Arctic.open("duckdb://" + dir);
    try {
      const lib = await here.getLibrary("leave");
      const counted = await lib.sql("SELECT count(*) AS n FROM {A}");
      expect(Number(counted.array("n")[0])).toBe(3);
      expect(openFiles(holder.pid), "the holder closed the file for it").not.toContain(file);
      const again = await holder.ask({ op: "append", symbol: "A", values: [4] });
      expect(again.ok, again.message).toBe(true);
      expect(again.version).toBe(1);
      expect(Number((await lib.sql("SELECT count(*) AS n FROM {A}")).array("n")[0])).toBe(4);
    } finally {
      await here.close();
      await holder.ask({ op: "exit" });
    }
  });
});
