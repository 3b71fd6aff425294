import { WebSocket, WebSocketServer } from "ws";
import type { Library } from "../../store";
import { StreamError } from "../StreamError";
import type { Tick } from "../Tick";
import { replayTicks } from "./replayTicks";
import { syntheticTicks } from "./syntheticTicks";
import type { SyntheticOptions } from "./syntheticTicks";
import type { TickSource } from "./TickSource";

/** Options of {@link startFeedServer}. */
export interface FeedServerOptions {
  /** TCP port; 0 picks a free one (read it from `server.port`). @default 0 */
  port?: number;
  /** Interface to listen on. Loopback only by default: the feed has no authentication. @default "127.0.0.1" */
  host?: string;
  /**
   * "synthetic": seeded random-walk trades (see `synthetic`); or a stored symbol to replay:
   * `{ library, symbol, speed }` (speed = data time per wall time, default 1). @default "synthetic"
   */
  source?: "synthetic" | { library: Library; symbol: string; speed?: number; as?: string };
  /** Options of the synthetic source (symbols, seed, ticksPerSecond, startPrice, volatility). @default {} */
  synthetic?: SyntheticOptions;
  /** How often trades are sent, as one "trades" message per client. @default 50 */
  intervalMs?: number;
  /** How often a heartbeat with the exchange clock is sent. @default 1000 */
  heartbeatMs?: number;
}

interface Client {
  socket: WebSocket;
  /** Subscribed symbols; null = all. */
  symbols: Set<string> | null;
}

/**
 * A WebSocket feed on loopback speaking the JSON format of `feed/messages.ts`. Made by
 * {@link startFeedServer}; `close()` ends every connection and timer.
 */
export class FeedServer {
  readonly #wss: WebSocketServer;
  readonly #source: TickSource;
  readonly #clients = new Set<Client>();
  readonly #heartbeatMs: number;
  #timer: NodeJS.Timeout | null = null;
  #lastHeartbeat = 0;
  #paused = false;
  #endSent = false;
  #ticksSent = 0;
  #closing: Promise<void> | null = null;
  readonly port: number;
  readonly host: string;

  /** @internal use {@link startFeedServer} */
  constructor(wss: WebSocketServer, source: TickSource, intervalMs: number, heartbeatMs: number) {
    this.#wss = wss;
    this.#source = source;
    this.#heartbeatMs = heartbeatMs;
    const address = wss.address();
    if (typeof address === "string" || address === null) throw new StreamError("startFeedServer: the server has no TCP address", { code: "SOURCE_FAILED" });
    this.port = address.port;
    this.host = address.address;
    wss.on("connection", (socket) => this.#accept(socket));
    this.#timer = setInterval(() => this.#tick(), intervalMs);
  }

  /** `ws://host:port` to pass to connectFeed. */
  get url(): string {
    return `ws://${this.host}:${this.port}`;
  }

  /** Connected clients. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Trades sent so far, over all clients. */
  get ticksSent(): number {
    return this.#ticksSent;
  }

  /**
   * Goes silent with the sockets left open: no trades, no heartbeats (what a frozen feed looks like to a
   * client). The source keeps its clock: trades due meanwhile are skipped, so resume() leaves a gap.
   */
  pause(): void {
    this.#paused = true;
  }

  /** Ends a {@link pause}. */
  resume(): void {
    this.#paused = false;
  }

  /** Closes every connection (code 1001), stops the timers and the listener. Idempotent. */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#closing = new Promise<void>((resolve) => {
      for (const c of this.#clients) c.socket.terminate();
      this.#clients.clear();
      this.#wss.close(() => resolve());
    });
    return this.#closing;
  }

  #accept(socket: WebSocket): void {
    const client: Client = { socket, symbols: null };
    this.#clients.add(client);
    socket.on("message", (data) => {
      try {
        const m = JSON.parse(data.toString());
        if (m && m.type === "subscribe" && Array.isArray(m.symbols)) {
          client.symbols = m.symbols.length === 0 ? null : new Set(m.symbols.map(String));
        }
      } catch {
        // not JSON: ignored, the feed is one-way apart from subscribe
      }
    });
    socket.on("close", () => this.#clients.delete(client));
    socket.on("error", () => this.#clients.delete(client));
  }

  #tick(): void {
    const now = Date.now();
    const trades: Tick[] = [];
    this.#source.pull(now, trades);
    if (this.#paused) return;
    if (trades.length > 0) {
      const all = JSON.stringify({ type: "trades", trades });
      for (const c of this.#clients) {
        if (c.socket.readyState !== WebSocket.OPEN) continue;
        if (c.symbols === null) {
          c.socket.send(all);
          this.#ticksSent += trades.length;
        } else {
          const mine = trades.filter((t) => c.symbols!.has(t.symbol));
          if (mine.length > 0) c.socket.send(JSON.stringify({ type: "trades", trades: mine }));
          this.#ticksSent += mine.length;
        }
      }
    }
    if (this.#source.done && !this.#endSent) {
      this.#endSent = true;
      this.#broadcast(JSON.stringify({ type: "end" }));
    }
    if (now - this.#lastHeartbeat >= this.#heartbeatMs) {
      this.#lastHeartbeat = now;
      this.#broadcast(JSON.stringify({ type: "heartbeat", timestamp: this.#source.clock(now) }));
    }
  }

  #broadcast(text: string): void {
    for (const c of this.#clients) if (c.socket.readyState === WebSocket.OPEN) c.socket.send(text);
  }
}

/**
 * Starts a feed server on loopback streaming synthetic trades or replaying a stored symbol, in the JSON
 * format documented in `feed/messages.ts`; resolves once it listens.
 * @throws StreamError `INVALID_OPTION` for a bad option; the listen error (e.g. EADDRINUSE) rejects the promise.
 * @example
 * const server = await startFeedServer({ source: "synthetic", synthetic: { seed: 7, symbols: ["BTCUSD"] } });
 * console.log(server.url); // ws://127.0.0.1:<port>
 * await server.close();
 */
export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  const { port = 0, host = "127.0.0.1", source = "synthetic", intervalMs = 50, heartbeatMs = 1_000 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new StreamError(`startFeedServer: 'port' must be an integer in 0..65535, got ${String(port)}`, { code: "INVALID_OPTION" });
  if (!(intervalMs >= 1)) throw new StreamError(`startFeedServer: 'intervalMs' must be >= 1, got ${String(intervalMs)}`, { code: "INVALID_OPTION" });
  if (!(heartbeatMs >= 1)) throw new StreamError(`startFeedServer: 'heartbeatMs' must be >= 1, got ${String(heartbeatMs)}`, { code: "INVALID_OPTION" });
  let ticks: TickSource;
  if (source === "synthetic") ticks = syntheticTicks(options.synthetic);
  else if (source && typeof source === "object" && typeof source.symbol === "string" && source.library) ticks = await replayTicks(source);
  else throw new StreamError(`startFeedServer: 'source' must be "synthetic" or { library, symbol, speed }, got ${JSON.stringify(source)}`, { code: "INVALID_OPTION" });
  const wss = await new Promise<WebSocketServer>((resolve, reject) => {
    const server = new WebSocketServer({ host, port });
    server.once("listening", () => resolve(server));
    server.once("error", (error) => {
      server.close();
      reject(error);
    });
  });
  return new FeedServer(wss, ticks, intervalMs, heartbeatMs);
}
