import { StreamError } from "../StreamError";
import type { Tick } from "../Tick";
import { binanceControl, binanceMessage, type AdapterSink, type FeedAdapter } from "./adapters";

/** Kline intervals Binance streams, as it spells them. */
export const BINANCE_KLINE_INTERVALS = ["1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"] as const;

/** What the adapter remembers of the newest kline of a symbol, to turn the next update into ticks. */
interface KlineState {
  start: number;
  high: number;
  low: number;
  volume: number;
}

/**
 * Binance kline streams `<symbol>@kline_<interval>`, bare or wrapped as a combined stream
 * (`{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":eventTime,"s":"BTCUSDT","k":{"t":start,"T":lastMs,"o":"..","h":"..","l":"..","c":"..","v":"..","x":closed,...}}}`).
 * Binance sends the state of the forming kline every second or two; each update becomes the few ticks
 * that carry what changed since the previous one: the open (at the kline's start, for a new kline), a
 * new high, a new low, then the close with the volume traded since the previous update (at the event
 * time, kept inside the kline). Bars a BarManager builds from them in the kline's interval, or any
 * longer one it divides, have the kline's open, high, low, close and volume exactly; shorter bars only
 * see the updates. Subscribing, acks and error frames as {@link binanceAdapter}.
 *
 * The adapter remembers the newest kline of each symbol: make one per feed.
 * @throws StreamError `INVALID_OPTION` for an interval Binance does not stream.
 * @example const feed = await connectFeed("wss://stream.binance.com:9443/stream", { adapter: binanceKlineAdapter("1m"), symbols: ["BTCUSDT"] });
 */
export function binanceKlineAdapter(interval: string): FeedAdapter {
  if (!(BINANCE_KLINE_INTERVALS as readonly string[]).includes(interval)) {
    throw new StreamError(`binanceKlineAdapter: 'interval' must be one of ${BINANCE_KLINE_INTERVALS.join(", ")}, got ${JSON.stringify(interval)}`, { code: "INVALID_OPTION" });
  }
  const state = new Map<string, KlineState>();
  return Object.freeze({
    name: `binance-kline-${interval}`,
    subscribe: (symbols: string[]) =>
      symbols.length === 0 ? [] : [JSON.stringify({ method: "SUBSCRIBE", params: symbols.map((s) => `${s.toLowerCase()}@kline_${interval}`), id: 1 })],
    parse(text: string, sink: AdapterSink): boolean {
      const m = binanceMessage(text);
      if (m === null) return false;
      if (m.e !== "kline") return binanceControl(m, sink);
      const k = m.k;
      if (k === null || typeof k !== "object" || typeof k.t !== "number" || typeof k.T !== "number") return false;
      const symbol = typeof m.s === "string" ? m.s : k.s;
      const open = Number(k.o);
      const high = Number(k.h);
      const low = Number(k.l);
      const close = Number(k.c);
      const volume = Number(k.v);
      let prev = state.get(symbol);
      // An update of an older kline than the newest seen (a replay after a reconnect): nothing new.
      if (prev !== undefined && k.t < prev.start) return true;
      const ticks: Tick[] = [];
      if (prev === undefined || prev.start !== k.t) {
        ticks.push({ symbol, timestamp: k.t, price: open, size: 0 });
        prev = { start: k.t, high: open, low: open, volume: 0 };
        state.set(symbol, prev);
      }
      const at = Math.max(k.t, Math.min(typeof m.E === "number" ? m.E : k.T, k.T));
      if (high > prev.high) ticks.push({ symbol, timestamp: at, price: high, size: 0 });
      if (low < prev.low) ticks.push({ symbol, timestamp: at, price: low, size: 0 });
      ticks.push({ symbol, timestamp: at, price: close, size: volume > prev.volume ? volume - prev.volume : 0 });
      prev.high = Math.max(prev.high, high);
      prev.low = Math.min(prev.low, low);
      prev.volume = Math.max(prev.volume, volume);
      sink.ticks(ticks);
      if (typeof m.E === "number") sink.heartbeat(m.E);
      return true;
    },
  });
}
