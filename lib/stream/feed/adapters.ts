import type { Tick } from "../Tick";

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
}

const isNum = (v: unknown): v is number => typeof v === "number";

/** The plain JSON format of the quantlab feed server (see messages.ts). */
export const jsonAdapter: FeedAdapter = Object.freeze({
  name: "json",
  subscribe: (symbols: string[]) => [JSON.stringify({ type: "subscribe", symbols })],
  parse(text: string, sink: AdapterSink): boolean {
    let m: any;
    try {
      m = JSON.parse(text);
    } catch {
      return false;
    }
    if (m === null || typeof m !== "object") return false;
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
 * `{"method":"SUBSCRIBE","params":["btcusdt@trade", ...],"id":1}`. The layout is Binance's public
 * documentation of its trade stream; nothing here talks to Binance.
 */
export const binanceAdapter: FeedAdapter = Object.freeze({
  name: "binance",
  subscribe: (symbols: string[]) =>
    symbols.length === 0 ? [] : [JSON.stringify({ method: "SUBSCRIBE", params: symbols.map((s) => `${s.toLowerCase()}@trade`), id: 1 })],
  parse(text: string, sink: AdapterSink): boolean {
    let m: any;
    try {
      m = JSON.parse(text);
    } catch {
      return false;
    }
    if (m !== null && typeof m === "object" && m.data !== undefined && typeof m.stream === "string") m = m.data;
    if (m === null || typeof m !== "object") return false;
    if (m.e === "trade") {
      sink.tick({ symbol: m.s, timestamp: m.T, price: Number(m.p), size: Number(m.q) });
      if (isNum(m.E)) sink.heartbeat(m.E);
      return true;
    }
    // The reply to SUBSCRIBE: {"result":null,"id":1}
    return m.id !== undefined && "result" in m;
  },
});

/** The adapters known by name. */
export const ADAPTERS: Record<string, FeedAdapter> = { json: jsonAdapter, binance: binanceAdapter };
