import * as fs from "fs";
import * as net from "net";
import type { SymbolChanges } from "./Catalog";
import { Connection, ConnectionMethod } from "./Connection";
import { Database } from "./Database";
import { ClientMessage, HostMessage, MessageSocket, makeSocketFolder, packValues } from "./wire";

/** What a call is told when its turn comes: its serial number, and what other calls changed since `since`. */
export interface Grant {
  serial: number;
  changes: SymbolChanges | "all";
}

/** A call waiting for its turn on the open file: this process's own, or a client's. */
interface Turn {
  ticket: number;
  since: number;
  /** Null: the host stopped before the turn came (only this process's turns are told so; a client's socket closes). */
  grant(grant: Grant | null): void;
  client: HostedClient | null;
}

/** A process served over one socket, with its own connection to the file (made at its first call). */
interface HostedClient {
  wire: MessageSocket<ClientMessage, HostMessage>;
  connection: Connection | null;
  /** Its statements run one after another, in the order they came. */
  chain: Promise<unknown>;
  /** The error of a pipelined statement of the running call, not yet reported by a later statement. */
  pipelineError: { name: string; message: string } | null;
}

const SERVED: ConnectionMethod[] = ["run", "rows", "rowObjects", "value", "readColumns", "statementCount", "shape"];
/** The methods whose results hold DuckDB's values (readColumns gives typed and plain arrays only). */
const VALUES: string[] = ["rows", "rowObjects", "value"];
/** How many calls back the host remembers what each changed; a caller whose last call is older forgets its whole cache. */
const CHANGE_LOG = 512;

/**
 * Serves a library file this process holds open to the other processes that need it, so the file is
 * not closed and opened again whenever a call of another process comes (closing checkpoints it, opening
 * reads it back: tens to hundreds of milliseconds each). A client connects to the file's socket
 * ({@link socketPath}), asks for a call with its ticket (see FileTicket), runs the call's statements on a
 * DuckDB connection of its own here, and ends the call. This process's calls and the clients' run one at
 * a time, lowest ticket first, so the handover between two processes' calls costs one message. Each grant
 * says which symbols' catalog rows the calls in between changed, so a caller keeps the rest of its cache.
 * A client that goes away mid-call has its call rolled back.
 */
export class FileHost {
  readonly #server: net.Server;
  readonly #database: Database;
  readonly #socket: string;
  readonly #clients = new Set<HostedClient>();
  readonly #queue: Turn[] = [];
  #active: Turn | null = null;
  #activeDone: (() => void) | null = null;
  #serial = 0;
  /** What the calls with serials `#serial - log.length + 1 .. #serial` changed, oldest first (ended calls only). */
  readonly #log: SymbolChanges[] = [];
  #leaving = false;
  readonly #onLeave: () => void;
  /** When the last call (this process's or a client's) ended, epoch ms. */
  lastActivity = Date.now();

  private constructor(server: net.Server, database: Database, socket: string, onLeave: () => void) {
    this.#server = server;
    this.#database = database;
    this.#socket = socket;
    this.#onLeave = onLeave;
  }

  /**
   * Starts serving `database` (the open library file) at `socket`; null when the socket cannot be made
   * (then only this process uses the file, and other processes wait until it is closed).
   * `onLeave` is called when a client asks for the file to be closed.
   */
  static async start(socket: string, database: Database, onLeave: () => void): Promise<FileHost | null> {
    try {
      makeSocketFolder(socket);
      // Whoever listened here before has closed the file: this process holds DuckDB's lock on it now.
      fs.rmSync(socket, { force: true });
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(socket, () => {
          server.off("error", reject);
          resolve();
        });
      });
      fs.chmodSync(socket, 0o600);
      server.unref();
      const host = new FileHost(server, database, socket, onLeave);
      server.on("connection", (s) => host.#accept(s));
      server.on("error", () => undefined);
      return host;
    } catch {
      return null;
    }
  }

  /** True while a call runs or waits. */
  get busy(): boolean {
    return this.#active !== null || this.#queue.length > 0;
  }

  /**
   * Waits for the turn of this process's call holding `ticket`; `since` is the serial of its previous call. End it
   * with {@link endLocal}. Null when the host stopped (the file is closing) before the turn came: the call did not run.
   */
  localTurn(ticket: number, since: number): Promise<Grant | null> {
    if (this.#leaving) return Promise.resolve(null);
    return new Promise((resolve) => this.#enqueue({ ticket, since, grant: resolve, client: null }));
  }

  /** Ends this process's running call, which changed `changes`. */
  endLocal(changes: SymbolChanges): void {
    if (this.#active && this.#active.client === null) this.#finish(changes);
  }

  /**
   * Stops serving: no new client or call is taken (clients waiting for a call are told to go, by closing
   * their sockets; this process's waiting calls get a null turn), and the running call is waited for. Then closes the clients' connections; the caller
   * closes the database, then calls {@link disconnect}.
   */
  async stop(): Promise<void> {
    this.#leaving = true;
    this.#server.close();
    fs.rmSync(this.#socket, { force: true });
    for (const turn of this.#queue.splice(0)) {
      if (turn.client) turn.client.wire.socket.destroy();
      else turn.grant(null);
    }
    if (this.#active) await new Promise<void>((resolve) => (this.#activeDone = resolve));
    for (const client of this.#clients) {
      client.connection?.close();
      client.connection = null;
    }
  }

  /** Closes every client's socket (after the file is closed, so a client that asked for that can open it). */
  disconnect(): void {
    for (const client of this.#clients) client.wire.socket.destroy();
    this.#clients.clear();
  }

  #accept(socket: net.Socket): void {
    if (this.#leaving) {
      socket.destroy();
      return;
    }
    socket.unref();
    const client: HostedClient = { wire: null as never, connection: null, chain: Promise.resolve(), pipelineError: null };
    client.wire = new MessageSocket<ClientMessage, HostMessage>(socket, (message) => this.#receive(client, message));
    this.#clients.add(client);
    socket.on("error", () => undefined);
    socket.on("close", () => this.#gone(client));
  }

  #receive(client: HostedClient, message: ClientMessage): void {
    switch (message.t) {
      case "call":
        if (this.#leaving) {
          client.wire.socket.destroy();
          return;
        }
        this.#enqueue({
          ticket: message.ticket,
          since: message.since,
          client,
          grant: (grant) => {
            if (!grant) return;
            const { serial, changes } = grant;
            client.pipelineError = null;
            client.wire.socket.ref(); // this process stays up while a client's call runs
            client.wire.send({ t: "granted", id: message.id, serial, changes });
          },
        });
        return;
      case "sql":
        client.chain = client.chain.then(() => this.#statement(client, message));
        return;
      case "end":
        client.chain = client.chain.then(async () => {
          client.pipelineError = null;
          if (message.failed) await client.connection?.run("ROLLBACK").catch(() => undefined);
          client.wire.socket.unref();
          if (this.#active?.client === client) this.#finish(message.changes);
        });
        return;
      case "leave":
        // The client's ticket is the lowest, so no call that asked before it is left; closing its socket tells it the file is closed.
        this.#onLeave();
        return;
    }
  }

  async #statement(client: HostedClient, message: Extract<ClientMessage, { t: "sql" }>): Promise<void> {
    const { id, method, args } = message;
    const earlier = client.pipelineError;
    if (earlier) {
      // A statement sent without waiting failed: this one does not run, and reports that error (a statement
      // awaited reports it for good; one sent without waiting leaves it for the next).
      if (!message.pipelined) client.pipelineError = null;
      client.wire.send({ t: "error", id, ...earlier });
      return;
    }
    try {
      if (this.#active?.client !== client) throw new Error("quantlab: a statement came outside the client's call");
      if (method === "settle") {
        // The client's settle(): no sent statement failed (else the error went back above).
        client.wire.send({ t: "ok", id, value: undefined });
        return;
      }
      if (!(SERVED as string[]).includes(method)) throw new Error(`quantlab: unknown connection method '${method}'`);
      client.connection ??= await this.#database.connect();
      const fn = client.connection[method as ConnectionMethod] as (...a: unknown[]) => Promise<unknown>;
      const value = await fn.apply(client.connection, args);
      client.wire.send({ t: "ok", id, value: VALUES.includes(method) ? packValues(value) : value });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      if (message.pipelined) client.pipelineError = { name: e.name, message: e.message };
      client.wire.send({ t: "error", id, name: e.name, message: e.message });
    }
  }

  /** A client's socket closed: it leaves the line, and a call it was running is rolled back. */
  #gone(client: HostedClient): void {
    this.#clients.delete(client);
    const at = this.#queue.findIndex((t) => t.client === client);
    if (at >= 0) this.#queue.splice(at, 1);
    if (this.#active?.client !== client) {
      client.connection?.close();
      return;
    }
    client.chain = client.chain.then(async () => {
      await client.connection?.run("ROLLBACK").catch(() => undefined);
      client.connection?.close();
      client.connection = null;
      // What the call changed is unknown, but it was rolled back: nothing.
      if (this.#active?.client === client) this.#finish({ ids: [], names: [] });
    });
  }

  /** Puts the turn in the line, in ticket order. */
  #enqueue(turn: Turn): void {
    let at = this.#queue.length;
    while (at > 0 && this.#queue[at - 1].ticket > turn.ticket) at--;
    this.#queue.splice(at, 0, turn);
    if (!this.#active) this.#next();
  }

  #finish(changes: SymbolChanges): void {
    this.#log.push(changes);
    if (this.#log.length > CHANGE_LOG) this.#log.shift();
    this.#active = null;
    this.lastActivity = Date.now();
    const done = this.#activeDone;
    this.#activeDone = null;
    done?.();
    if (!this.#leaving) this.#next();
  }

  #next(): void {
    if (this.#active) return;
    const turn = this.#queue.shift();
    if (!turn) return;
    this.#active = turn;
    turn.grant({ serial: ++this.#serial, changes: this.#changesSince(turn.since) });
  }

  /** What the calls after serial `since` changed (the calls up to the current serial have all ended). */
  #changesSince(since: number): SymbolChanges | "all" {
    const ended = this.#serial - 1; // the call being granted has serial #serial
    const oldest = ended - this.#log.length + 1;
    if (since < 0 || since + 1 < oldest) return "all";
    const ids: number[] = [];
    const names: string[] = [];
    for (let s = since + 1; s <= ended; s++) {
      const c = this.#log[s - oldest];
      ids.push(...c.ids);
      names.push(...c.names);
    }
    return { ids, names };
  }
}
