import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../errors";
import { Catalog, SymbolChanges } from "./Catalog";
import { Connection } from "./Connection";
import { Database } from "./Database";
import { FileClient } from "./FileClient";
import { FileHost, Grant } from "./FileHost";
import { ClientMessage, HostMessage, MessageSocket, socketPath } from "./wire";

/**
 * The host of a library file, with its clients over real Unix sockets (in this process): calls are
 * granted lowest ticket first, a client that goes away leaves the line or has its call rolled back, and
 * each grant says what the calls in between changed.
 */

let dir: string;
let file: string;
let socket: string;
let database: Database;
let host: FileHost;
let local: Connection;
let leaves = 0;
const clients: FileClient[] = [];
const raws: RawClient[] = [];

const NONE: SymbolChanges = { ids: [], names: [] };
const soon = () => Date.now() + 30_000;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ql-host-"));
  file = path.join(dir, "lib.duckdb");
  socket = socketPath(file);
  database = await Database.create(file);
  local = await database.connect();
  leaves = 0;
  host = (await FileHost.start(socket, database, () => leaves++))!;
  expect(host).not.toBeNull();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const r of raws.splice(0)) r.wire.socket.destroy();
  host.endLocal(NONE); // a local turn a failed test left running
  await host.stop();
  host.disconnect();
  local.close();
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function connect(): Promise<FileClient> {
  const client = await FileClient.connect(socket, file);
  expect(client).not.toBeNull();
  clients.push(client!);
  return client!;
}

/**
 * Resolves once the host has read every message `client` sent so far: a statement outside the client's
 * call is refused, and the host reads a socket's messages in order.
 */
async function hostHasRead(client: FileClient): Promise<void> {
  await expect(client.statement("value", ["SELECT 1"])).rejects.toThrow(/outside the client's call/);
}

/** A client speaking the wire protocol itself, to see the grants as the host sends them. */
class RawClient {
  readonly wire: MessageSocket<HostMessage, ClientMessage>;
  readonly #waiting = new Map<number, (m: HostMessage) => void>();
  #id = 1;

  constructor(s: net.Socket) {
    this.wire = new MessageSocket<HostMessage, ClientMessage>(s, (m) => {
      this.#waiting.get(m.id)?.(m);
      this.#waiting.delete(m.id);
    });
  }

  static async connect(): Promise<RawClient> {
    const s = net.createConnection(socket);
    await new Promise<void>((resolve, reject) => s.once("connect", resolve).once("error", reject));
    const raw = new RawClient(s);
    raws.push(raw);
    return raw;
  }

  call(ticket: number, since: number): Promise<Grant> {
    const id = this.#id++;
    return new Promise((resolve) => {
      this.#waiting.set(id, (m) => {
        expect(m.t).toBe("granted");
        const g = m as Extract<HostMessage, { t: "granted" }>;
        resolve({ serial: g.serial, changes: g.changes });
      });
      this.wire.send({ t: "call", id, ticket, since });
    });
  }

  end(changes: SymbolChanges, failed = false): void {
    this.wire.send({ t: "end", failed, changes });
  }
}

describe("calls are granted lowest ticket first", () => {
  it("clients' and this process's calls queued out of order run in ticket order", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    await host.localTurn(1, -1);
    const order: number[] = [];
    const client = (cl: FileClient, ticket: number) =>
      cl.call(ticket, soon()).then((outcome) => {
        expect(outcome).toBe("granted");
        order.push(ticket);
        cl.end(false);
      });
    const done = [client(a, 9), client(b, 3), client(c, 7)];
    const localDone = host.localTurn(5, -1).then(() => {
      order.push(5);
      host.endLocal(NONE);
    });
    for (const cl of [a, b, c]) await hostHasRead(cl);
    expect(host.busy).toBe(true);
    expect(order).toStrictEqual([]); // nothing runs beside the active call
    host.endLocal(NONE);
    await Promise.all([...done, localDone]);
    expect(order).toStrictEqual([3, 5, 7, 9]);
    await expect.poll(() => host.busy).toBe(false); // once the last call's end reached the host
  });

  it("a call runs its statements only in its turn, and a statement after end() is refused", async () => {
    const a = await connect();
    await local.run("CREATE TABLE t (x INTEGER)");
    expect(await a.call(1, soon())).toBe("granted");
    await a.connection.run("INSERT INTO t VALUES (1)");
    a.end(false);
    await expect(a.connection.run("INSERT INTO t VALUES (2)")).rejects.toThrow(/outside the client's call/);
    expect(await local.rows("SELECT x FROM t")).toStrictEqual([[1]]);
  });

  it("a client whose socket closes while queued leaves the line; the others get their turns", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    await host.localTurn(1, -1);
    const order: number[] = [];
    const asked = [a, b, c].map((cl, i) =>
      cl.call(2 + i, soon()).then((outcome) => {
        order.push(2 + i);
        if (outcome === "granted") cl.end(false);
        return outcome;
      }),
    );
    for (const cl of [a, b, c]) await hostHasRead(cl);
    b.close(); // ticket 3, queued behind the local turn
    expect(await asked[1]).toBe("gone");
    host.endLocal(NONE);
    expect(await asked[0]).toBe("granted");
    expect(await asked[2]).toBe("granted");
    expect(order).toStrictEqual([3, 2, 4]);
    // The line is empty again: a new call is granted at once.
    expect((await host.localTurn(10, -1))!.serial).toBeGreaterThan(0);
    host.endLocal(NONE);
  });

  it("a call whose deadline passes while queued times out, closes its client and leaves the line", async () => {
    const [a, b] = [await connect(), await connect()];
    await host.localTurn(1, -1);
    const late = a.call(2, Date.now() + 50);
    const next = b.call(3, soon());
    expect(await late).toBe("timeout");
    await expect.poll(() => a.closed).toBe(true);
    host.endLocal(NONE);
    expect(await next).toBe("granted");
    b.end(false);
  });
});

describe("a client that goes away mid-call", () => {
  beforeEach(async () => {
    await local.run("CREATE TABLE t (x INTEGER)");
  });

  it("has its open transaction rolled back, and the next call proceeds", async () => {
    const a = await connect();
    expect(await a.call(1, soon())).toBe("granted");
    await a.connection.run("BEGIN TRANSACTION");
    await a.connection.run("INSERT INTO t VALUES (1)");
    expect(await a.connection.value("SELECT count(*) FROM t")).toBe(1n); // its own transaction sees the row
    const next = host.localTurn(2, -1); // queued behind a's call
    a.close();
    await next; // granted once a's call was rolled back and ended
    expect(await local.value("SELECT count(*) FROM t")).toBe(0n);
    host.endLocal(NONE);
    const b = await connect();
    expect(await b.call(3, soon())).toBe("granted");
    expect(await b.connection.value("SELECT count(*) FROM t")).toBe(0n);
    await b.connection.run("INSERT INTO t VALUES (2)");
    b.end(false);
    expect(await local.rows("SELECT x FROM t")).toStrictEqual([[2]]);
  });

  it("a call that ends failed has its transaction rolled back; one that ends well keeps what it committed", async () => {
    const a = await connect();
    expect(await a.call(1, soon())).toBe("granted");
    await a.connection.run("INSERT INTO t VALUES (1)"); // autocommitted
    await a.connection.run("BEGIN TRANSACTION");
    await a.connection.run("INSERT INTO t VALUES (2)");
    a.end(true);
    expect(await a.call(2, soon())).toBe("granted");
    // No transaction is left open on a's connection: BEGIN would fail inside one.
    await a.connection.run("BEGIN TRANSACTION");
    await a.connection.run("INSERT INTO t VALUES (3)");
    await a.connection.run("COMMIT");
    a.end(false);
    expect(await local.rows("SELECT x FROM t ORDER BY x")).toStrictEqual([[1], [3]]);
  });
});

describe("a grant carries what the calls since the caller's previous one changed", () => {
  it("'all' for a first call, then the changes of the calls that ended after the caller's last serial", async () => {
    const r1 = await RawClient.connect();
    const r2 = await RawClient.connect();
    const g1 = await r1.call(1, -1);
    expect(g1).toStrictEqual({ serial: 1, changes: "all" });
    r1.end({ ids: [10], names: ["a"] });
    const g2 = (await host.localTurn(2, -1))!;
    expect(g2).toStrictEqual({ serial: 2, changes: "all" });
    host.endLocal({ ids: [11], names: [] });
    const g3 = await r1.call(3, g1.serial);
    expect(g3).toStrictEqual({ serial: 3, changes: { ids: [11], names: [] } }); // not its own changes
    r1.end(NONE);
    const g4 = (await host.localTurn(4, g2.serial))!;
    expect(g4).toStrictEqual({ serial: 4, changes: NONE });
    host.endLocal({ ids: [12, 13], names: ["b", "c"] });
    const g5 = await r2.call(5, 0);
    expect(g5).toStrictEqual({ serial: 5, changes: { ids: [10, 11, 12, 13], names: ["a", "b", "c"] } });
    // A call that failed reports its changes all the same (the host cannot know what its caller cached).
    r2.end({ ids: [14], names: ["d"] }, true);
    const g6 = await host.localTurn(6, g4.serial);
    expect(g6).toStrictEqual({ serial: 6, changes: { ids: [14], names: ["d"] } });
    host.endLocal(NONE);
  });

  it("a client gone mid-call changed nothing; a caller further back than the host remembers gets 'all'", async () => {
    const r1 = await RawClient.connect();
    const g1 = await r1.call(1, -1);
    r1.end({ ids: [1], names: ["x"] });
    const r2 = await RawClient.connect();
    await r2.call(2, -1);
    const after = host.localTurn(3, -1);
    r2.wire.socket.destroy();
    expect((await after)!.serial).toBe(3);
    host.endLocal(NONE);
    expect(await r1.call(4, g1.serial)).toStrictEqual({ serial: 4, changes: NONE });
    r1.end(NONE);
    // Many more calls than the host's change log holds.
    for (let i = 0; i < 600; i++) {
      await host.localTurn(10 + i, -1);
      host.endLocal({ ids: [i], names: [] });
    }
    expect((await r1.call(1000, 4)).changes).toBe("all");
    r1.end(NONE);
    const recent = (await host.localTurn(1001, 600))!;
    expect(recent.changes).toStrictEqual({ ids: [596, 597, 598, 599], names: [] }); // serials 601..605: turns i = 596..599, then r1's
    host.endLocal(NONE);
  });

  it("a FileClient's catalog keeps the rows of the symbols others did not change, and re-reads the rest", async () => {
    await Catalog.init(local, {});
    const mine = new Catalog(local);
    let since = (await host.localTurn(1, -1))!.serial;
    await mine.transaction(async () => void (await mine.createSymbol("y")));
    host.endLocal(mine.takeChanges());

    const a = await connect();
    expect(await a.call(2, soon())).toBe("granted");
    expect(await a.catalog.getSymbol("x")).toBeNull();
    expect((await a.catalog.getSymbol("y"))?.nextVersion).toBe(0);
    a.end(false);

    since = (await host.localTurn(3, since))!.serial;
    // Changed behind the catalogs' backs: no caller is told, so a's cached row of y stays.
    await local.run("UPDATE ql_symbols SET next_version = 5 WHERE name = 'y'");
    await mine.transaction(async () => void (await mine.createSymbol("x")));
    host.endLocal(mine.takeChanges());

    expect(await a.call(4, soon())).toBe("granted");
    expect((await a.catalog.getSymbol("x"))?.name).toBe("x"); // its cached "no such symbol" went
    expect((await a.catalog.getSymbol("y"))?.nextVersion).toBe(0); // kept
    a.end(false);

    await host.localTurn(5, since);
    mine.forget(); // its own cached y is stale too (the UPDATE above), and a commit from it would fail as stale
    await mine.transaction(async () => {
      const y = (await mine.getSymbol("y"))!;
      y.nextVersion = 9;
      mine.saveSymbol(y);
    });
    host.endLocal(mine.takeChanges());

    expect(await a.call(6, soon())).toBe("granted");
    expect((await a.catalog.getSymbol("y"))?.nextVersion).toBe(9);
    a.end(false);
  });
});

describe("socketPath and the socket a host makes", () => {
  it("a short store path has its socket beside the file, in .waiting", () => {
    expect(socketPath("/data/store/lib.duckdb")).toBe("/data/store/.waiting/lib.duckdb.q1.sock");
    expect(socket).toBe(path.join(dir, ".waiting", "lib.duckdb.q1.sock"));
  });

  it("a long one gets a stable name of its own under this user's folder in the temp dir", () => {
    const long = path.join(dir, "a-library-name-that-is-long".repeat(4) + ".duckdb");
    expect(Buffer.byteLength(path.join(dir, ".waiting", path.basename(long) + ".q1.sock"))).toBeGreaterThan(100);
    const uid = process.getuid!();
    const at = socketPath(long);
    expect(path.dirname(at)).toBe(path.join(os.tmpdir(), `quantlab-${uid}`));
    expect(Buffer.byteLength(at)).toBeLessThanOrEqual(100);
    expect(socketPath(long)).toBe(at);
    expect(socketPath(path.relative(process.cwd(), long))).toBe(at); // the same file by another path
    expect(socketPath(long.replace(/\.duckdb$/, "2.duckdb"))).not.toBe(at);
  });

  it("the host's socket is private to this user (0600), and goes when the host stops", async () => {
    expect(fs.statSync(socket).mode & 0o777).toBe(0o600);
    const long = path.join(dir, "b-library-name-that-is-long".repeat(4) + ".duckdb");
    const db = await Database.create(long);
    const other = await FileHost.start(socketPath(long), db, () => undefined);
    try {
      expect(other).not.toBeNull();
      expect(fs.statSync(socketPath(long)).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(socketPath(long))).mode & 0o077).toBe(0);
      const client = await FileClient.connect(socketPath(long), long);
      expect(client).not.toBeNull();
      client!.close();
    } finally {
      await other?.stop();
      other?.disconnect();
      db.close();
    }
    expect(fs.existsSync(socketPath(long))).toBe(false);
    expect(await FileClient.connect(socketPath(long), long)).toBeNull();
  });

  it("a client's leave() asks the host to close the file", async () => {
    const a = await connect();
    const left = a.leave();
    await expect.poll(() => leaves).toBe(1);
    host.disconnect(); // as the holder does once it closed the file
    await left;
    expect(a.closed).toBe(true);
  });
});

describe("stopping the host", () => {
  it("tells this process's calls still in the line that they got no turn (null), and waits for the running call", async () => {
    const a = await connect();
    expect(await a.call(1, soon())).toBe("granted");
    const queued = host.localTurn(2, -1);
    let stopped = false;
    const stopping = host.stop().then(() => (stopped = true));
    expect(await queued).toBeNull();
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false); // a's call still runs
    a.end(false);
    await stopping;
    expect(await host.localTurn(3, -1)).toBeNull(); // no turn once stopped
  });
});

describe("the host going away", () => {
  it("fails a client's running call with a StoreError saying it may not have taken effect, and a queued call is 'gone'", async () => {
    const [a, b] = [await connect(), await connect()];
    expect(await a.call(1, soon())).toBe("granted");
    const queued = b.call(2, soon());
    await hostHasRead(b);
    host.disconnect(); // as when the holding process ends
    const error = await a.connection.value("SELECT 1").then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(error!.message).toMatch(/ended during this call; it may not have taken effect/);
    expect(error!.message).toContain(file);
    expect(await queued).toBe("gone");
    expect(a.closed && b.closed).toBe(true);
  });
});
