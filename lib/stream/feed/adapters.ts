import type { Tick } from "../Tick";
import { bybitAdapter } from "./bybitAdapter";

/** What an adapter reports while parsing one message. */
export interface AdapterSink {
  tick(tick: Tick): void;
  /**
   * Several trades of one message, in order: the same as calling `tick` for each, but one call (a piped
   * BarManager takes them in one tight loop). Adapters of batched formats should prefer it.
   */
  ticks(ticks: Tick[]): void;
  /** The exchange clock (a heartbeat, or a trade stream's event time). */
  heartbeat(timestamp: number): void;
  /** The stream has ended (a replay finished). */
  end(): void;
  /**
   * The venue answered with an error (a refused subscription, an unknown request): counted in
   * `health().venueErrors`, kept as `health().lastError` and sent as a `venueError` event. The connection stays.
   */
  error(message: string): void;
}

/** A message the client must send while connected so the venue keeps the connection (Bybit's `{"op":"ping"}`). */
export interface KeepAlive {
  /** How often to send it, from the moment the connection opens. */
  intervalMs: number;
  message: string;
}

/**
 * Turns one venue's messages into ticks. `subscribe` returns the messages to send after connecting
 * (every reconnect sends them again); `parse` reads one text frame and returns false when it is not a
 * message the adapter understands (counted as a bad message, never thrown).
 */
export interface FeedAdapter {
  readonly name: string;
  subscribe(symbols: string[]): string[];
  parse(text: string, sink: AdapterSink): boolean;
  /** Sent every `intervalMs` while connected, when the venue wants an application-level ping. @default none */
  readonly keepAlive?: KeepAlive;
}

const isNum = (v: unknown): v is number => typeof v === "number";

/** The plain JSON format of the quantlab feed server (see messages.ts). */
export const jsonAdapter: FeedAdapter = Object.freeze({
  name: "json",
  subscribe: (symbols: string[]) => [JSON.stringify({ type: "subscribe", symbols })],
  parse(text: string, sink: AdapterSink): boolean {
    const m = jsonObject(text);
    if (m === null) return false;
    switch (m.type) {
      case "trade":
        sink.tick(m);
        return true;
      case "trades":
        if (!Array.isArray(m.trades)) return false;
        sink.ticks(m.trades);
        return true;
      case "heartbeat":
        if (!isNum(m.timestamp)) return false;
        sink.heartbeat(m.timestamp);
        return true;
      case "end":
        sink.end();
        return true;
      default:
        return false;
    }
  },
});

/**
 * Binance-style trade streams: `{"e":"trade","E":eventTime,"s":"BTCUSDT","t":id,"p":"64000.10","q":"0.005","T":tradeTime,...}`,
 * bare or wrapped as a combined stream `{"stream":"btcusdt@trade","data":{...}}`. Exchange time is the
 * trade time `T`; price and quantity come as decimal strings. Subscribing sends
 * `{"method":"SUBSCRIBE","params":["btcusdt@trade", ...],"id":1}`, acknowledged by `{"result":null,"id":1}`;
 * an error frame `{"error":{"code":2,"msg":"..."},"id":1}` is reported through `sink.error`. Binance's
 * ping frames are WebSocket pings: the socket answers them itself. The layout is Binance's public
 * documentation of its trade stream; nothing here talks to Binance.
 */
export const binanceAdapter: FeedAdapter = Object.freeze({
  name: "binance",
  subscribe: (symbols: string[]) =>
    symbols.length === 0 ? [] : [JSON.stringify({ method: "SUBSCRIBE", params: symbols.map((s) => `${s.toLowerCase()}@trade`), id: 1 })],
  parse(text: string, sink: AdapterSink): boolean {
    const m = binanceMessage(text);
    if (m === null) return false;
    if (m.e === "trade") {
      sink.tick({ symbol: m.s, timestamp: m.T, price: Number(m.p), size: Number(m.q) });
      if (isNum(m.E)) sink.heartbeat(m.E);
      return true;
    }
    return binanceControl(m, sink);
  },
});

/** The JSON object a venue message holds, or null when the text is not JSON or not an object. */
export function jsonObject(text: string): any {
  let m: any;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  return m !== null && typeof m === "object" ? m : null;
}

/** A Binance message, taken out of the combined-stream envelope (`{ stream, data }`) when it has one; null when not an object. */
export function binanceMessage(text: string): any {
  let m = jsonObject(text);
  if (m !== null && m.data !== undefined && typeof m.stream === "string") m = m.data;
  return m !== null && typeof m === "object" ? m : null;
}

/**
 * Binance's answers to requests: `{"result":null,"id":1}` (a SUBSCRIBE acknowledged) or
 * `{"error":{"code":2,"msg":"Invalid request"},"id":1}` (reported through `sink.error`). False for anything else.
 */
export function binanceControl(m: any, sink: AdapterSink): boolean {
  if (m.error !== undefined && m.error !== null && typeof m.error === "object") {
    sink.error(`Binance error ${String(m.error.code)}: ${String(m.error.msg)}${m.id !== undefined ? ` (request ${JSON.stringify(m.id)})` : ""}`);
    return true;
  }
  return m.id !== undefined && "result" in m;
}

/** The adapters known by name (the Binance kline adapter takes an interval: see binanceKlineAdapter). */
export const ADAPTERS: Record<string, FeedAdapter> = { json: jsonAdapter, binance: binanceAdapter, bybit: bybitAdapter };
