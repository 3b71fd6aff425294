import { EventEmitter } from "events";
import WebSocket from "ws";
import type { BarManager } from "../BarManager";
import { StreamError } from "../StreamError";
import type { Tick } from "../Tick";
import { ADAPTERS, AdapterSink, FeedAdapter } from "./adapters";
import { ReconnectOptions, reconnectDelay } from "./backoff";

/** Options of {@link connectFeed}. */
export interface ConnectFeedOptions {
  /**
   * Message format: "json" (the quantlab feed server), "binance" (Binance trade streams), "bybit" (Bybit v5
   * public trades), an adapter such as `binanceKlineAdapter("1m")`, or your own. @default "json"
   */
  adapter?: "json" | "binance" | "bybit" | FeedAdapter;
  /**
   * Symbols to subscribe to (sent again on every reconnect); empty = all the server offers. When not
   * empty, trades of any other symbol are dropped by the client (a server may ignore the subscription)
   * and counted in health().unsubscribedDropped; a symbol matches as given or case-insensitively (Binance
   * subscribes in lower case and reports upper case). @default []
   */
  symbols?: string[];
  /** Reconnect with exponential backoff and jitter, or `false` to stay closed after a disconnect. @default {} (the defaults of ReconnectOptions) */
  reconnect?: ReconnectOptions | false;
  /**
   * Two rules with one limit. A connection silent this long (no message at all, heartbeats included) is
   * considered dead: it is terminated and reconnected. And health() says "stale" once no real trade came
   * for this long (wall clock, counted across reconnects and from connectFeed before the first trade),
   * whatever the connection does: heartbeats, acks and fresh reconnections do not make a feed "ok". Set
   * it above the longest quiet spell the market has. @default 5000
   */
  staleAfterMs?: number;
  /** Give up one connection attempt after this long. @default 5000 */
  connectTimeoutMs?: number;
  /**
   * Attempts at the first connection (with the reconnect backoff between them) before connectFeed
   * rejects; once connected, reconnects follow `reconnect.maxAttempts`. @default 3
   */
  initialAttempts?: number;
  /** Random source of the jitter (tests pass a seeded one). @default Math.random */
  random?: () => number;
}

/** A gap in the stream across a reconnect: exchange times of the last tick before and the first after. */
export interface FeedGap {
  from: number;
  to: number;
  ms: number;
  /** Successful reconnections so far. */
  reconnects: number;
}

/** What {@link Feed.health} reports. */
export interface FeedHealth {
  /**
   * "ok" while connected and trades arrive; "stale" when no real trade came for staleAfterMs (across
   * reconnects, whatever the connection does) or the socket went silent; "connecting"/"reconnecting"
   * while away (for less than staleAfterMs since the last trade); "closed".
   */
  status: "ok" | "stale" | "connecting" | "reconnecting" | "closed";
  url: string;
  connected: boolean;
  reconnects: number;
  /** Connections dropped because they were silent for staleAfterMs. */
  staleDisconnects: number;
  /** Wall-clock time of the last message of any kind, NaN before the first. */
  lastMessageAt: number;
  /** Wall-clock ms since the last message of any kind (heartbeats included), NaN before the first. */
  silentForMs: number;
  /** Wall-clock time of the last message carrying a real trade (a tick with a finite timestamp), NaN before the first. */
  lastTickAt: number;
  /**
   * Wall-clock ms since the last real trade, across reconnects (a reconnect does not reset it); before
   * the first trade, since connectFeed was called. Above staleAfterMs the feed is "stale".
   */
  tickSilentForMs: number;
  /** Trades passed on (to piped managers and `tick` listeners). */
  ticks: number;
  /** Trades of symbols not subscribed to, dropped by the client (only with a non-empty `symbols`). */
  unsubscribedDropped: number;
  badMessages: number;
  /** Error answers from the venue (refused subscriptions, bad requests); the last one is `lastError`. */
  venueErrors: number;
  gaps: number;
  lastGap?: FeedGap;
  lastError?: string;
  ended: boolean;
}

/** Events of a Feed and their payloads. */
export interface FeedEvents {
  tick: [Tick];
  heartbeat: [number];
  connect: [{ reconnects: number }];
  disconnect: [{ code: number; reason: string; willReconnect: boolean }];
  gap: [FeedGap];
  end: [];
  /** The venue answered with an error frame (e.g. a refused subscription); the connection stays. */
  venueError: [{ message: string }];
}

type State = FeedHealth["status"];

/**
 * A WebSocket trade feed that stays connected: reconnects with backoff and jitter, resubscribes, detects
 * a silent socket (no message for staleAfterMs, heartbeats included) and replaces it, reports gaps across
 * reconnects. Get one with {@link connectFeed}; `pipe(bars)` sends its ticks into a BarManager; `close()`
 * stops everything (no timer or socket is left).
 */
export class Feed extends EventEmitter {
  readonly url: string;
  readonly #adapter: FeedAdapter;
  readonly #symbols: string[];
  /** The subscribed symbols as given and in upper case; null = every symbol. */
  readonly #wanted: Set<string> | null;
  #unsubscribedDropped = 0;
  readonly #reconnect: ReconnectOptions | false;
  readonly #staleAfterMs: number;
  readonly #connectTimeoutMs: number;
  readonly #initialAttempts: number;
  readonly #random: () => number;
  readonly #sink: AdapterSink;
  #ws: WebSocket | null = null;
  #state: State = "connecting";
  #attempt = 0;
  #reconnects = 0;
  #staleDisconnects = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #keepAliveTimer: NodeJS.Timeout | null = null;
  #venueErrors = 0;
  #staleTimer: NodeJS.Timeout | null = null;
  #connectTimer: NodeJS.Timeout | null = null;
  #lastMessageAt = NaN;
  #lastTickAt = NaN;
  readonly #createdAt = Date.now();
  /** Set by the sink when the message being parsed carried a real trade. */
  #sawTick = false;
  #ticks = 0;
  #badMessages = 0;
  #gaps = 0;
  #lastGap: FeedGap | undefined;
  #lastError: string | undefined;
  #lastTickTs = NaN;
  #awaitingGap = false;
  #hasConnected = false;
  #ended = false;
  #closed: Promise<void> | null = null;
  #firstOpen: { resolve: () => void; reject: (e: Error) => void } | null = null;
  #piped: BarManager[] = [];
  /** Whether anyone listens to `tick` (kept by the emitter's listener events; read per tick). */
  #tickListeners = false;

  /** @internal use {@link connectFeed} */
  constructor(url: string, options: ConnectFeedOptions) {
    super();
    this.url = url;
    const adapter = options.adapter ?? "json";
    if (typeof adapter === "string") {
      if (!Object.prototype.hasOwnProperty.call(ADAPTERS, adapter)) {
        throw new StreamError(`connectFeed: 'adapter' must be "json", "binance", "bybit" or a FeedAdapter, got ${JSON.stringify(adapter)}`, { code: "INVALID_OPTION" });
      }
      this.#adapter = ADAPTERS[adapter];
    } else if (adapter && typeof adapter.parse === "function" && typeof adapter.subscribe === "function") this.#adapter = adapter;
    else throw new StreamError(`connectFeed: 'adapter' must be "json", "binance", "bybit" or a FeedAdapter, got ${String(adapter)}`, { code: "INVALID_OPTION" });
    const keepAlive = this.#adapter.keepAlive;
    if (keepAlive !== undefined && (keepAlive === null || !(keepAlive.intervalMs >= 1) || typeof keepAlive.message !== "string")) {
      throw new StreamError(`connectFeed: adapter '${this.#adapter.name}' has a bad keepAlive: it must be { intervalMs >= 1, message: string }, got ${JSON.stringify(keepAlive)}`, { code: "INVALID_OPTION" });
    }
    const symbols = options.symbols ?? [];
    if (!Array.isArray(symbols) || symbols.some((s) => typeof s !== "string" || s.length === 0)) {
      throw new StreamError(`connectFeed: 'symbols' must be an array of non-empty strings, got ${JSON.stringify(symbols)}`, { code: "INVALID_OPTION" });
    }
    this.#symbols = [...symbols];
    this.#wanted = symbols.length === 0 ? null : new Set([...symbols, ...symbols.map((s) => s.toUpperCase())]);
    this.#reconnect = options.reconnect === undefined ? {} : options.reconnect;
    this.#staleAfterMs = options.staleAfterMs ?? 5_000;
    if (!(this.#staleAfterMs > 0)) throw new StreamError(`connectFeed: 'staleAfterMs' must be a number > 0, got ${String(options.staleAfterMs)}`, { code: "INVALID_OPTION" });
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.#initialAttempts = options.initialAttempts ?? 3;
    if (!(this.#initialAttempts >= 1)) throw new StreamError(`connectFeed: 'initialAttempts' must be a number >= 1, got ${String(options.initialAttempts)}`, { code: "INVALID_OPTION" });
    this.#random = options.random ?? Math.random;
    super.on("newListener", (event: string | symbol) => {
      if (event === "tick") this.#tickListeners = true;
    });
    super.on("removeListener", (event: string | symbol) => {
      if (event === "tick") this.#tickListeners = this.listenerCount("tick") > 0;
    });
    this.#sink = {
      tick: (t: Tick) => {
        if (this.#wanted !== null && !this.#isWanted(t)) {
          this.#unsubscribedDropped++;
          return;
        }
        this.#ticks++;
        this.#noteTime(t);
        // Piped managers get the tick directly; the event only costs when someone listens.
        for (let i = 0; i < this.#piped.length; i++) if (!this.#piped[i].closed) this.#piped[i].ingest(t);
        if (this.#tickListeners) this.emit("tick", t);
      },
      ticks: (all: Tick[]) => {
        const list = this.#wanted === null ? all : this.#keepWanted(all);
        if (list.length === 0) return;
        // The trades of a message come in time order (see messages.ts): the first one with a time reports
        // a gap after a reconnect and the last one with a time is the newest, so only those are read here.
        this.#ticks += list.length;
        for (let i = 0; i < list.length && this.#awaitingGap; i++) this.#noteTime(list[i]);
        for (let i = list.length - 1; i >= 0; i--) if (this.#noteTime(list[i])) break;
        // Each piped manager takes the whole message in one loop (ingestMany): the per-tick work is then
        // the manager's alone, whatever the JIT made of the code around it.
        for (let i = 0; i < this.#piped.length; i++) if (!this.#piped[i].closed) this.#piped[i].ingestMany(list);
        if (this.#tickListeners) for (let i = 0; i < list.length; i++) this.emit("tick", list[i]);
      },
      heartbeat: (ts: number) => {
        for (const bars of this.#piped) if (!bars.closed) bars.heartbeat(ts);
        this.emit("heartbeat", ts);
      },
      end: () => {
        this.#ended = true;
        this.emit("end");
      },
      error: (message: string) => {
        this.#venueErrors++;
        this.#lastError = message;
        this.emit("venueError", { message });
      },
    };
  }

  /** Whether a trade is of a subscribed symbol; a trade without a string symbol passes (the manager rejects it as malformed). */
  #isWanted(t: Tick): boolean {
    const symbol = t?.symbol;
    if (typeof symbol !== "string") return true;
    const wanted = this.#wanted!;
    return wanted.has(symbol) || wanted.has(symbol.toUpperCase());
  }

  /** The trades of subscribed symbols (the same array when all are), counting the others. */
  #keepWanted(list: Tick[]): Tick[] {
    let i = 0;
    while (i < list.length && this.#isWanted(list[i])) i++;
    if (i === list.length) return list;
    const kept = list.slice(0, i);
    for (; i < list.length; i++) {
      if (this.#isWanted(list[i])) kept.push(list[i]);
      else this.#unsubscribedDropped++;
    }
    return kept;
  }

  /**
   * Keeps the newest exchange time; the first tick with a time after a reconnect reports the gap.
   * @returns whether the tick has a time.
   */
  #noteTime(t: Tick): boolean {
    const ts = typeof t?.timestamp === "number" ? t.timestamp : NaN;
    if (!Number.isFinite(ts)) return false;
    this.#sawTick = true;
    if (this.#awaitingGap) {
      this.#awaitingGap = false;
      if (Number.isFinite(this.#lastTickTs)) {
        this.#gaps++;
        this.#lastGap = { from: this.#lastTickTs, to: ts, ms: ts - this.#lastTickTs, reconnects: this.#reconnects };
        this.emit("gap", this.#lastGap);
      }
    }
    if (!(ts <= this.#lastTickTs)) this.#lastTickTs = ts;
    return true;
  }

  override on<K extends keyof FeedEvents>(event: K, listener: (...args: FeedEvents[K]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override once<K extends keyof FeedEvents>(event: K, listener: (...args: FeedEvents[K]) => void): this {
    return super.once(event, listener as (...args: unknown[]) => void);
  }

  override off<K extends keyof FeedEvents>(event: K, listener: (...args: FeedEvents[K]) => void): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }

  /** @internal connects for the first time; resolves once open. */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#firstOpen = { resolve, reject };
      this.#open();
    });
  }

  /**
   * Sends every tick into `bars` (bars.ingest, before the `tick` event) and every heartbeat's exchange
   * time into `bars.heartbeat` (advanceTime after a sanity check), so bars close in a quiet market; bars.health() then includes this
   * feed's health. A closed manager is skipped; close() of the feed detaches it.
   * @returns `bars`, for chaining.
   * @example const feed = await connectFeed(server.url); feed.pipe(new BarManager({ timeframes: ["1s"] }))
   */
  pipe(bars: BarManager): BarManager {
    bars.attachFeedHealth(() => this.health() as unknown as { status: string });
    this.#piped.push(bars);
    return bars;
  }

  /** Connection state, message counts, gaps and staleness; see {@link FeedHealth}. */
  health(): FeedHealth {
    const now = Date.now();
    const silentForMs = Number.isNaN(this.#lastMessageAt) ? NaN : now - this.#lastMessageAt;
    const tickSilentForMs = now - (Number.isNaN(this.#lastTickAt) ? this.#createdAt : this.#lastTickAt);
    let status = this.#state;
    if (status !== "closed" && tickSilentForMs > this.#staleAfterMs) status = "stale";
    else if (status === "ok" && silentForMs > this.#staleAfterMs) status = "stale";
    return {
      status,
      url: this.url,
      connected: this.#ws !== null && this.#ws.readyState === WebSocket.OPEN,
      reconnects: this.#reconnects,
      staleDisconnects: this.#staleDisconnects,
      lastMessageAt: this.#lastMessageAt,
      silentForMs,
      lastTickAt: this.#lastTickAt,
      tickSilentForMs,
      ticks: this.#ticks,
      unsubscribedDropped: this.#unsubscribedDropped,
      badMessages: this.#badMessages,
      venueErrors: this.#venueErrors,
      gaps: this.#gaps,
      ...(this.#lastGap ? { lastGap: this.#lastGap } : {}),
      ...(this.#lastError ? { lastError: this.#lastError } : {}),
      ended: this.#ended,
    };
  }

  /**
   * Stops reconnecting, closes the socket and clears every timer; resolves once the socket is closed.
   * Piped managers are detached (not closed). Idempotent.
   */
  close(): Promise<void> {
    if (this.#closed) return this.#closed;
    this.#state = "closed";
    this.#clearTimers();
    if (this.#firstOpen) {
      this.#firstOpen.reject(new StreamError(`connectFeed: closed before connecting to ${this.url}`, { code: "FEED_FAILED" }));
      this.#firstOpen = null;
    }
    for (const bars of this.#piped) bars.attachFeedHealth(undefined);
    this.#piped = [];
    const ws = this.#ws;
    this.#closed = new Promise<void>((resolve) => {
      if (!ws || ws.readyState === WebSocket.CLOSED) return resolve();
      ws.once("close", () => resolve());
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else {
        ws.close(1000, "client closed");
        // A server that does not answer the close handshake: cut the socket.
        const cut = setTimeout(() => ws.terminate(), 1_000);
        ws.once("close", () => clearTimeout(cut));
      }
    }).then(() => {
      this.#ws = null;
      this.removeAllListeners();
    });
    return this.#closed;
  }

  #open(): void {
    const ws = new WebSocket(this.url, { handshakeTimeout: this.#connectTimeoutMs });
    this.#ws = ws;
    this.#connectTimer = setTimeout(() => ws.terminate(), this.#connectTimeoutMs);
    ws.on("open", () => {
      if (this.#state === "closed") return;
      this.#clearTimer("connect");
      if (this.#hasConnected) {
        this.#reconnects++;
        this.#awaitingGap = true;
      }
      this.#hasConnected = true;
      this.#attempt = 0;
      this.#state = "ok";
      this.#lastMessageAt = Date.now();
      for (const message of this.#adapter.subscribe(this.#symbols)) ws.send(message);
      this.#staleTimer = setInterval(() => this.#checkStale(ws), Math.max(10, Math.min(1_000, this.#staleAfterMs / 4)));
      const keepAlive = this.#adapter.keepAlive;
      if (keepAlive) {
        this.#keepAliveTimer = setInterval(() => {
          if (ws.readyState === WebSocket.OPEN) ws.send(keepAlive.message);
        }, keepAlive.intervalMs);
      }
      this.emit("connect", { reconnects: this.#reconnects });
      if (this.#firstOpen) {
        this.#firstOpen.resolve();
        this.#firstOpen = null;
      }
    });
    ws.on("message", (data: WebSocket.RawData) => {
      const at = Date.now();
      this.#lastMessageAt = at;
      this.#sawTick = false;
      if (!this.#adapter.parse(data.toString(), this.#sink)) this.#badMessages++;
      if (this.#sawTick) this.#lastTickAt = at;
    });
    // A WebSocket ping (Binance sends them; the socket answers with a pong by itself) proves the
    // connection alive, as a message does.
    ws.on("ping", () => {
      this.#lastMessageAt = Date.now();
    });
    ws.on("error", (error: Error) => {
      this.#lastError = error.message;
    });
    ws.on("close", (code: number, reason: Buffer) => {
      this.#clearTimers();
      if (this.#state === "closed") return;
      const limit = this.#firstOpen ? this.#initialAttempts - 1 : this.#reconnect === false ? 0 : this.#reconnect.maxAttempts ?? Infinity;
      const willReconnect = this.#reconnect !== false && this.#attempt < limit;
      this.emit("disconnect", { code, reason: reason.toString(), willReconnect });
      if (!willReconnect) {
        this.#state = "closed";
        if (this.#firstOpen) {
          this.#firstOpen.reject(new StreamError(`connectFeed: cannot connect to ${this.url}: ${this.#lastError ?? `closed with code ${code}`}`, { code: "FEED_FAILED" }));
          this.#firstOpen = null;
        }
        return;
      }
      this.#state = this.#firstOpen ? "connecting" : "reconnecting";
      this.#attempt++;
      const delay = reconnectDelay(this.#attempt, this.#reconnect as ReconnectOptions, this.#random);
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        if (this.#state !== "closed") this.#open();
      }, delay);
    });
  }

  #checkStale(ws: WebSocket): void {
    if (Date.now() - this.#lastMessageAt <= this.#staleAfterMs || ws !== this.#ws) return;
    this.#staleDisconnects++;
    this.#state = "stale";
    ws.terminate();
  }

  #clearTimer(which: "connect" | "stale" | "retry" | "keepAlive"): void {
    const timer = which === "connect" ? this.#connectTimer : which === "stale" ? this.#staleTimer : which === "keepAlive" ? this.#keepAliveTimer : this.#retryTimer;
    if (timer) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    if (which === "connect") this.#connectTimer = null;
    else if (which === "stale") this.#staleTimer = null;
    else if (which === "keepAlive") this.#keepAliveTimer = null;
    else this.#retryTimer = null;
  }

  #clearTimers(): void {
    this.#clearTimer("connect");
    this.#clearTimer("stale");
    this.#clearTimer("retry");
    this.#clearTimer("keepAlive");
  }
}

/**
 * Connects to a WebSocket trade feed and resolves once the first connection is open (up to
 * `initialAttempts` tries with backoff, one with `reconnect: false`).
 * @throws StreamError `INVALID_OPTION` for a bad option; the promise rejects with `FEED_FAILED` naming the
 *   URL and the last socket error when every first attempt fails (no timer or socket is left behind).
 * @example
 * const server = await startFeedServer({ source: "synthetic" });
 * const feed = await connectFeed(server.url, { symbols: ["BTCUSD"] });
 * const bars = feed.pipe(new BarManager({ timeframes: ["1s", "1m"] }));
 * // ... later
 * await feed.close(); await bars.close(); await server.close();
 */
export async function connectFeed(url: string, options: ConnectFeedOptions = {}): Promise<Feed> {
  if (typeof url !== "string" || !/^wss?:\/\//.test(url)) {
    throw new StreamError(`connectFeed: 'url' must be a ws:// or wss:// URL, got ${JSON.stringify(url)}`, { code: "INVALID_OPTION" });
  }
  const feed = new Feed(url, options);
  await feed.start();
  return feed;
}
