import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as v8 from "v8";
import type { SymbolChanges } from "./Catalog";

/**
 * The messages between a process that holds a library file (the host, see FileHost) and the processes it
 * serves (FileClient), one socket per client. Each message is a 4-byte length and a v8-serialized value,
 * so bigints, typed arrays, NaN and Dates arrive as they were sent (and DuckDB's value classes, through
 * {@link packValues}).
 */
export type ClientMessage =
  /**
   * Asks for a call. `ticket` is the call's place in the file's line (see FileTicket): calls are granted
   * lowest ticket first. `since` is the serial of the client's previous call (-1: none).
   */
  | { t: "call"; id: number; ticket: number; since: number }
  /**
   * One statement of the running call, on the client's own connection in the host. A `pipelined` one was
   * sent without waiting (Connection.send): if it fails, the next statement does not run and gets its error.
   */
  | { t: "sql"; id: number; method: string; args: unknown[]; pipelined: boolean }
  /** The call is over; `failed` asks the host to roll back whatever transaction the call left open. `changes`: the symbols whose catalog rows it changed. */
  | { t: "end"; failed: boolean; changes: SymbolChanges }
  /** Asks the host to close the file (the client's ticket is the lowest in the line, and it needs the file closed); the host closes the socket once it has. */
  | { t: "leave" };

export type HostMessage =
  /** The call may run. `serial` numbers the calls the host served; `changes`: the symbols other calls changed since the client's previous one. */
  | { t: "granted"; id: number; serial: number; changes: SymbolChanges | "all" }
  | { t: "ok"; id: number; value: unknown }
  | { t: "error"; id: number; name: string; message: string };

/** Frames values over a socket; `onMessage` is called for each whole message received. */
export class MessageSocket<In, Out> {
  readonly socket: net.Socket;
  /** The bytes received and not yet read, in the order they came: joined once a whole message is there, not per chunk. */
  #chunks: Buffer[] = [];
  #received = 0;

  constructor(socket: net.Socket, onMessage: (message: In) => void) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#received += chunk.length;
      while (this.#received >= 4) {
        if (this.#chunks[0].length < 4) this.#chunks = [Buffer.concat(this.#chunks, this.#received)];
        const length = this.#chunks[0].readUInt32LE(0);
        if (this.#received < 4 + length) break;
        const all = this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks, this.#received);
        const rest = all.subarray(4 + length);
        this.#chunks = rest.length > 0 ? [rest] : [];
        this.#received = rest.length;
        onMessage(v8.deserialize(all.subarray(4, 4 + length)) as In);
      }
    });
  }

  send(message: Out): void {
    if (this.socket.destroyed) return;
    const body = v8.serialize(message);
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length, 0);
    this.socket.write(Buffer.concat([head, body]));
  }
}

/** The version of these messages, in the socket's name: a process speaking another version finds no host, and waits for the file instead. */
const PROTOCOL = "q1";

/** Marks a value of one of DuckDB's value classes in a statement's result as the host sends it. */
const VALUE_CLASS = "\u0000duckdbValueClass";

/**
 * A statement's result (rows, row objects, a value) ready to send: v8 sends an instance of a class as a plain
 * object, so each of DuckDB's values (DuckDBTimestampValue, DuckDBDecimalValue, DuckDBListValue...) is sent
 * with its class's name, for {@link unpackValues} to give it its class back.
 */
export function packValues(value: unknown): unknown {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(packValues);
  const fields = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, packValues(v)]));
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return fields;
  return { [VALUE_CLASS]: String(proto.constructor?.name), fields };
}

/** A result {@link packValues} sent, with DuckDB's values made instances of their classes again (`classes`: the classes by name). */
export function unpackValues(value: unknown, classes: Record<string, unknown>): unknown {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => unpackValues(v, classes));
  const record = value as Record<string, unknown>;
  if (typeof record[VALUE_CLASS] === "string") {
    const fields = unpackValues(record.fields, classes) as object;
    const made = classes[record[VALUE_CLASS] as string];
    return typeof made === "function" ? Object.setPrototypeOf(fields, made.prototype) : fields;
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unpackValues(v, classes)]));
}

/** Longest socket path Linux takes (108 bytes with the terminating zero), with room to spare. */
const MAX_SOCKET_PATH = 100;

/**
 * Where the host of a library file listens: `<store folder>/.waiting/<file name>.q1.sock`, or, when that path
 * is too long for a Unix socket, a name made from the file's path in a folder of this user's
 * (`$TMPDIR/quantlab-<uid>`, mode 0700).
 */
export function socketPath(filePath: string): string {
  const beside = path.join(path.dirname(filePath), ".waiting", `${path.basename(filePath)}.${PROTOCOL}.sock`);
  if (Buffer.byteLength(beside) <= MAX_SOCKET_PATH) return beside;
  const uid = typeof process.getuid === "function" ? process.getuid() : 0;
  const digest = crypto.createHash("sha256").update(path.resolve(filePath)).digest("hex").slice(0, 24);
  return path.join(os.tmpdir(), `quantlab-${uid}`, `${digest}.${PROTOCOL}.sock`);
}

/** Makes the folder a socket goes in: the store's `.waiting`, or this user's private folder (0700). */
export function makeSocketFolder(socket: string): void {
  const dir = path.dirname(socket);
  const mine = path.basename(dir).startsWith("quantlab-");
  fs.mkdirSync(dir, { recursive: true, mode: mine ? 0o700 : 0o777 });
}
