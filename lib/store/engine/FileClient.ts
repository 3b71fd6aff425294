import * as net from "net";
import { StoreError } from "../../errors";
import { TimestampArray, tagColumnKind } from "../../frame";
import { Catalog } from "./Catalog";
import type { Grant } from "./FileHost";
import { Connection, ConnectionMethod, ParamType, StatementShape } from "./Connection";
import type { OutputArray, OutputKind } from "./readColumns";
import * as duckdbValues from "@duckdb/node-api";
import { ClientMessage, HostMessage, MessageSocket, unpackValues } from "./wire";

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * This process's link to the process that holds a library file open and serves it ({@link FileHost}).
 * One call at a time: {@link call} waits for the host to run it, the call's statements go through
 * {@link connection}, and {@link end} ends it. Once the host goes away (it closed the file, or its
 * process ended) the client is {@link closed} and a new one is needed.
 */
export class FileClient {
  readonly #wire: MessageSocket<HostMessage, ClientMessage>;
  readonly #file: string;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** The host's serial of this client's previous call (-1: none yet). */
  #serial = -1;
  #inCall = false;
  closed = false;
  /** The connection a call's statements go through. */
  readonly connection: Connection;
  /** The library's catalog as seen through {@link connection}; its cache goes when another call ran on the host since this client's last one. */
  readonly catalog: Catalog;

  private constructor(socket: net.Socket, file: string) {
    this.#file = file;
    this.#wire = new MessageSocket<HostMessage, ClientMessage>(socket, (message) => this.#receive(message));
    socket.unref();
    socket.on("error", () => undefined);
    socket.on("close", () => this.#gone());
    this.connection = new ServedConnection(this);
    this.catalog = new Catalog(this.connection);
  }

  /** Connects to the host of `file` listening at `socket`; null when no process serves the file. */
  static connect(socket: string, file: string): Promise<FileClient | null> {
    return new Promise((resolve) => {
      const s = net.createConnection(socket);
      s.once("connect", () => {
        s.removeAllListeners("error");
        resolve(new FileClient(s, file));
      });
      s.once("error", () => resolve(null));
    });
  }

  /**
   * Asks the host to run a call holding `ticket` (see FileTicket) and waits for its turn: "granted" once it
   * may run; "gone" when the host went away first (nothing ran: the caller may go on without it);
   * "timeout" when `deadline` (epoch ms) passed first (the client is closed then, which takes the call out
   * of the host's line).
   */
  async call(ticket: number, deadline: number): Promise<"granted" | "gone" | "timeout"> {
    this.#wire.socket.ref();
    this.#inCall = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()))));
    const asked = this.#request({ t: "call", id: 0, ticket, since: this.#serial }).then(
      (grant) => grant as Grant,
      () => null,
    );
    const outcome = await Promise.race([asked, timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout" || outcome === null) {
      this.#inCall = false;
      if (outcome === "timeout") this.close();
      return outcome === null ? "gone" : "timeout";
    }
    this.catalog.forgetChanged(outcome.changes); // "all" for a first call (the host knows no previous serial)
    this.#serial = outcome.serial;
    return "granted";
  }

  /** Ends the running call; `failed` rolls back a transaction it left open. */
  end(failed: boolean): void {
    this.#inCall = false;
    if (failed) this.catalog.forget();
    this.#wire.send({ t: "end", failed, changes: this.catalog.takeChanges() });
    this.#wire.socket.unref();
  }

  /** Asks the host to close the file; resolves once it has (its socket closes). */
  leave(): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      this.#wire.socket.once("close", () => resolve());
      this.#wire.socket.ref();
      this.#wire.send({ t: "leave" });
    });
  }

  /** Disconnects. */
  close(): void {
    this.#wire.socket.destroy();
  }

  /**
   * Sends a statement of the running call and resolves with its result (rejects with DuckDB's error, as the host saw it).
   * `settle` runs nothing: it reports the error of a failed pipelined statement no later statement reported.
   */
  statement(method: ConnectionMethod | "settle", args: unknown[], pipelined = false): Promise<unknown> {
    return this.#request({ t: "sql", id: 0, method, args, pipelined });
  }

  #request(message: Extract<ClientMessage, { id: number }>): Promise<unknown> {
    if (this.closed) return Promise.reject(this.#goneError());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#wire.send({ ...message, id });
    });
  }

  #receive(message: HostMessage): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.t === "granted") pending.resolve({ serial: message.serial, changes: message.changes });
    else if (message.t === "ok") pending.resolve(message.value);
    else if (message.t === "error") pending.reject(Object.assign(new Error(message.message), { name: message.name }));
  }

  #gone(): void {
    this.closed = true;
    const error = this.#goneError();
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }

  #goneError(): StoreError {
    return new StoreError(
      this.#inCall
        ? `the process that held the store file ${this.#file} ended during this call; it may not have taken effect (a call takes effect whole or not at all): check the symbol's latest version before trying again`
        : `the process that held the store file ${this.#file} has let go of it`,
      { file: this.#file },
    );
  }
}

/** DuckDB's value classes by name, for {@link unpackValues}. */
const DUCKDB_CLASSES = duckdbValues as unknown as Record<string, unknown>;

/** The Connection a {@link FileClient}'s calls use: each method runs on the host. */
class ServedConnection implements Connection {
  readonly #client: FileClient;
  /** The statements {@link send} sent whose failure no later statement reported yet. */
  #sent: Promise<unknown>[] = [];

  constructor(client: FileClient) {
    this.#client = client;
  }

  /** Runs a statement on the host; an earlier sent statement's failure comes back as this one's error (the host does not run it then). */
  #statement(method: ConnectionMethod, args: unknown[]): Promise<unknown> {
    this.#sent = [];
    return this.#client.statement(method, args);
  }

  async run(sql: string, params?: unknown[], types?: ParamType[]): Promise<void> {
    await this.#statement("run", [sql, params, types]);
  }

  send(sql: string, params?: unknown[], types?: ParamType[]): void {
    const sent = this.#client.statement("run", [sql, params, types], true);
    sent.catch(() => undefined); // reported by the next statement, or by settle()
    this.#sent.push(sent);
  }

  async settle(): Promise<void> {
    if (this.#sent.length === 0) return;
    this.#sent = [];
    // Answered after every sent statement: with the first failed one's error, which the host then forgets (as the
    // next statement would have taken it), so the statement after settle() runs, as on a local connection.
    await this.#client.statement("settle", []);
  }

  /** DuckDB's values (timestamps, decimals, lists...) come back as instances of their classes, as in this process. */
  async rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
    return unpackValues(await this.#statement("rows", [sql, params]), DUCKDB_CLASSES) as unknown[][];
  }

  async rowObjects(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> {
    return unpackValues(await this.#statement("rowObjects", [sql, params]), DUCKDB_CLASSES) as Record<string, unknown>[];
  }

  async value(sql: string, params?: unknown[]): Promise<unknown> {
    return unpackValues(await this.#statement("value", [sql, params]), DUCKDB_CLASSES);
  }

  /** As in this process: a timestamp column without nulls comes back as a TimestampArray, and each column is tagged with its kind. */
  async readColumns(sql: string, kinds: OutputKind[], expectedRows?: number): Promise<{ arrays: OutputArray[]; rowCount: number }> {
    const { arrays, rowCount } = (await this.#statement("readColumns", [sql, kinds, expectedRows])) as { arrays: OutputArray[]; rowCount: number };
    const restored = arrays.map((array, i) => {
      const whole = kinds[i] === "timestamp" && array instanceof Float64Array ? new TimestampArray(array.buffer as ArrayBuffer, array.byteOffset, array.length) : array;
      return tagColumnKind(whole, kinds[i]);
    });
    return { arrays: restored, rowCount };
  }

  async statementCount(sql: string): Promise<number> {
    return (await this.#statement("statementCount", [sql])) as number;
  }

  async shape(sql: string): Promise<StatementShape> {
    return (await this.#statement("shape", [sql])) as StatementShape;
  }

  /** The connection lives in the host; it closes with the client. */
  close(): void {}
}
