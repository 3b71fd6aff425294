import type { Tick } from "../Tick";
import { jsonObject, type AdapterSink, type FeedAdapter } from "./adapters";

/** Bybit accepts at most this many topics per subscribe request (spot). */
const TOPICS_PER_REQUEST = 10;

/**
 * Bybit v5 public trade streams (spot, linear, inverse: one layout). Subscribing sends
 * `{"op":"subscribe","args":["publicTrade.BTCUSDT", ...]}` (ten topics per request), acknowledged by
 * `{"success":true,"op":"subscribe",...}`; a refused one (`"success":false`, its `ret_msg` says why) is
 * reported through `sink.error`. Trades come as
 * `{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":...,"data":[{"T":tradeTime,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50",...}]}`:
 * exchange time is the trade time `T`, price `p` and size `v` come as decimal strings, and `ts` (the
 * message time) is the exchange clock. Bybit drops a connection that does not ping: the feed sends
 * `{"op":"ping"}` every 20 s (`keepAlive`) and the pong is understood. The layout is Bybit's public
 * documentation; nothing here talks to Bybit.
 * @example const feed = await connectFeed("wss://stream.bybit.com/v5/public/spot", { adapter: "bybit", symbols: ["BTCUSDT"] });
 */
export const bybitAdapter: FeedAdapter = Object.freeze({
  name: "bybit",
  keepAlive: Object.freeze({ intervalMs: 20_000, message: JSON.stringify({ op: "ping" }) }),
  subscribe(symbols: string[]): string[] {
    const topics = symbols.map((s) => `publicTrade.${s.toUpperCase()}`);
    const out: string[] = [];
    for (let i = 0; i < topics.length; i += TOPICS_PER_REQUEST) out.push(JSON.stringify({ op: "subscribe", args: topics.slice(i, i + TOPICS_PER_REQUEST) }));
    return out;
  },
  parse(text: string, sink: AdapterSink): boolean {
    const m = jsonObject(text);
    if (m === null) return false;
    if (typeof m.topic === "string" && m.topic.startsWith("publicTrade.")) {
      if (!Array.isArray(m.data)) return false;
      const ticks: Tick[] = m.data.map((d: any) => ({ symbol: d?.s, timestamp: d?.T, price: Number(d?.p), size: Number(d?.v) }));
      // The feed reads a message's trades as in time order; keep them so whatever the venue sent.
      for (let i = 1; i < ticks.length; i++) {
        if ((ticks[i].timestamp as number) < (ticks[i - 1].timestamp as number)) {
          ticks.sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
          break;
        }
      }
      sink.ticks(ticks);
      if (typeof m.ts === "number") sink.heartbeat(m.ts);
      return true;
    }
    // Answers to our requests: subscribe acks and pongs (spot answers {"op":"ping","ret_msg":"pong"},
    // derivatives {"op":"pong"}).
    if (m.op === "subscribe" || m.op === "unsubscribe") {
      if (m.success === false) sink.error(`Bybit refused ${m.op}: ${String(m.ret_msg)}`);
      return true;
    }
    return m.op === "ping" || m.op === "pong";
  },
});
