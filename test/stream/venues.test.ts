/**
 * The Binance (trade and kline) and Bybit (public trade) adapters against a local WebSocket server that
 * replays the message shapes of test/stream/fixtures/{binance,bybit}.json: subscribe acknowledgements,
 * ping frames and pongs, error frames, trades and kline updates, and a dropped connection.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { BarManager, binanceKlineAdapter, bybitAdapter, connectFeed, StreamError } from "../../lib/stream";
import type { BarEvent, FeedAdapter, FeedGap } from "../../lib/stream";
import { trackResources, waitFor } from "./helpers";
import { naiveBars, tableRows } from "./naiveBars";

const track = trackResources();
const fast = { initialDelayMs: 20, maxDelayMs: 100, jitter: 0.5 };
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8"));
const binance = fixture("binance.json");
const bybit = fixture("bybit.json");

/** A local venue: what the clients sent, how many connected, how many pongs came back to its pings. */
interface Venue {
  url: string;
  port: number;
  received: string[];
  connections: number;
  pongs: number;
  close(): Promise<void>;
}

/**
 * Starts a venue on loopback; `respond(text, socket, connection)` answers each client message
 * (connection counts from 1).
 */
async function startVenue(respond: (text: string, socket: WebSocket, connection: number) => void, port = 0): Promise<Venue> {
  const wss = await new Promise<WebSocketServer>((resolve, reject) => {
    const server = new WebSocketServer({ host: "127.0.0.1", port });
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
  const address = wss.address() as { port: number };
  const venue: Venue = {
    url: `ws://127.0.0.1:${address.port}/stream`,
    port: address.port,
    received: [],
    connections: 0,
    pongs: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
  wss.on("connection", (socket) => {
    const connection = ++venue.connections;
    socket.on("pong", () => venue.pongs++);
    socket.on("message", (data) => {
      venue.received.push(data.toString());
      respond(data.toString(), socket, connection);
    });
  });
  return venue;
}

const send = (socket: WebSocket, message: unknown) => socket.send(JSON.stringify(message));

/** The ticks of Binance trade messages, as the reference model takes them. */
const binanceTicks = (messages: any[]) => messages.map((m) => ({ timestamp: m.data.T, price: Number(m.data.p), size: Number(m.data.q) }));
const bybitTicks = (messages: any[]) => messages.flatMap((m) => m.data.map((d: any) => ({ timestamp: d.T, price: Number(d.p), size: Number(d.v) })));

/** Answers like Binance: a SUBSCRIBE gets its ack (or an error frame for an unknown pair), then `messages`. */
const binanceVenue = (messages: (connection: number) => any[], after?: (socket: WebSocket, connection: number) => void) => (text: string, socket: WebSocket, connection: number) => {
  const request = JSON.parse(text);
  if (request.method !== "SUBSCRIBE") return;
  if (request.params.some((p: string) => p.startsWith("nosuchpair"))) return send(socket, binance.errorFrame);
  send(socket, { ...binance.subscribeAck, id: request.id });
  for (const m of messages(connection)) send(socket, m);
  after?.(socket, connection);
};

/** Answers like Bybit: a subscribe gets its ack (or a refusal), then `messages`; a ping gets a pong. */
const bybitVenue = (messages: (connection: number) => any[], after?: (socket: WebSocket, connection: number) => void) => (text: string, socket: WebSocket, connection: number) => {
  const request = JSON.parse(text);
  if (request.op === "ping") return send(socket, bybit.pong);
  if (request.op !== "subscribe") return;
  if (request.args.some((a: string) => a.endsWith("NOSUCHPAIR"))) return send(socket, bybit.subscribeRefused);
  send(socket, bybit.subscribeAck);
  for (const m of messages(connection)) send(socket, m);
  after?.(socket, connection);
};

const barRows = (bars: BarManager, symbol: string, tf: string) => tableRows(bars.getBars(symbol, tf));

describe("Binance trade stream (adapter 'binance')", () => {
  it("subscribes, answers ping frames, and builds the reference's bars from the trades", async () => {
    const venue = track(
      await startVenue(
        binanceVenue(
          () => binance.trades,
          (socket) => {
            socket.ping();
            socket.ping();
          },
        ),
      ),
    );
    const feed = track(await connectFeed(venue.url, { adapter: "binance", symbols: ["BTCUSDT"], reconnect: fast }));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s"], maxFutureMs: Infinity })));
    await waitFor(() => bars.stats().accepted === binance.trades.length && venue.pongs === 2, "every trade and two pongs");
    expect(venue.received).toEqual([JSON.stringify({ method: "SUBSCRIBE", params: ["btcusdt@trade"], id: 1 })]);
    expect(barRows(bars, "BTCUSDT", "1s")).toEqual(naiveBars(binanceTicks(binance.trades), 1_000));
    const h = feed.health();
    expect([h.badMessages, h.venueErrors, h.unsubscribedDropped]).toEqual([0, 0, 0]);
  });

  it("reports an error frame (a refused stream) without dropping the connection", async () => {
    const venue = track(await startVenue(binanceVenue(() => [])));
    const feed = track(await connectFeed(venue.url, { adapter: "binance", symbols: ["BTCUSDT", "NOSUCHPAIR"], reconnect: fast }));
    const errors: string[] = [];
    feed.on("venueError", (e) => errors.push(e.message));
    await waitFor(() => feed.health().venueErrors === 1, "the error frame");
    expect(errors).toEqual(["Binance error 2: Invalid request: invalid stream name 'nosuchpair@trade' (request 1)"]);
    expect(feed.health()).toMatchObject({ lastError: errors[0], badMessages: 0, connected: true, reconnects: 0 });
  });
});

describe("Binance kline stream (binanceKlineAdapter)", () => {
  it("turns kline updates into ticks whose bars are the klines: open, high, low and close exact, volume to rounding", async () => {
    const venue = track(await startVenue(binanceVenue(() => binance.klines)));
    const feed = track(await connectFeed(venue.url, { adapter: binanceKlineAdapter("1m"), symbols: ["BTCUSDT"], reconnect: fast }));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1m", "2m"], maxFutureMs: Infinity })));
    const closed: BarEvent[] = [];
    bars.on("bar", (e) => closed.push(e));
    // The last update of each minute (x: true) comes after its end: its event time closes the bar.
    await waitFor(() => closed.filter((e) => e.timeframe === "1m").length === 2, "both minutes closed");
    expect(venue.received).toEqual([JSON.stringify({ method: "SUBSCRIBE", params: ["btcusdt@kline_1m"], id: 1 })]);
    const finals = binance.klines.filter((m: any) => m.data.k.x).map((m: any) => m.data.k);
    const minutes = barRows(bars, "BTCUSDT", "1m");
    expect(minutes.map((b) => [b.timestamp, b.open, b.high, b.low, b.close])).toEqual(finals.map((k: any) => [k.t, Number(k.o), Number(k.h), Number(k.l), Number(k.c)]));
    minutes.forEach((b, i) => expect(b.volume).toBeCloseTo(Number(finals[i].v), 9));
    const [two] = barRows(bars, "BTCUSDT", "2m");
    expect([two.open, two.high, two.low, two.close]).toEqual([Number(finals[0].o), Math.max(...finals.map((k: any) => Number(k.h))), Math.min(...finals.map((k: any) => Number(k.l))), Number(finals[1].c)]);
    expect(feed.health().badMessages).toBe(0);
    expect(bars.stats().late.dropped + bars.stats().rejected.jump).toBe(0);
  });

  it("refuses an interval Binance does not stream", () => {
    expect(() => binanceKlineAdapter("7m")).toThrow(StreamError);
    expect(() => binanceKlineAdapter("7m")).toThrow(/binanceKlineAdapter: 'interval' must be one of 1s, 1m, .*, got "7m"/);
  });
});

describe("Bybit public trade stream (adapter 'bybit')", () => {
  it("subscribes, pings on its keep-alive and reads the pongs, and builds the reference's bars", async () => {
    const venue = track(await startVenue(bybitVenue(() => bybit.trades)));
    const adapter: FeedAdapter = { ...bybitAdapter, keepAlive: { intervalMs: 25, message: bybitAdapter.keepAlive!.message } };
    const feed = track(await connectFeed(venue.url, { adapter, symbols: ["BTCUSDT"], reconnect: fast }));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s", "5s"], maxFutureMs: Infinity })));
    await waitFor(() => bars.stats().accepted === bybitTicks(bybit.trades).length && venue.received.filter((t) => t === '{"op":"ping"}').length >= 3, "every trade and three pings");
    expect(venue.received[0]).toBe(JSON.stringify({ op: "subscribe", args: ["publicTrade.BTCUSDT"] }));
    expect(barRows(bars, "BTCUSDT", "1s")).toEqual(naiveBars(bybitTicks(bybit.trades), 1_000));
    expect(barRows(bars, "BTCUSDT", "5s")).toEqual(naiveBars(bybitTicks(bybit.trades), 5_000));
    // Acks and pongs are understood, not counted as bad messages.
    expect([feed.health().badMessages, feed.health().venueErrors]).toEqual([0, 0]);
  });

  it("reports a refused subscription; the default keep-alive is Bybit's 20 s ping", async () => {
    expect(bybitAdapter.keepAlive).toEqual({ intervalMs: 20_000, message: '{"op":"ping"}' });
    const venue = track(await startVenue(bybitVenue(() => [])));
    const feed = track(await connectFeed(venue.url, { adapter: "bybit", symbols: ["NOSUCHPAIR"], reconnect: fast }));
    await waitFor(() => feed.health().venueErrors === 1, "the refusal");
    expect(feed.health().lastError).toBe("Bybit refused subscribe: Invalid symbol :[publicTrade.NOSUCHPAIR]");
    expect(feed.health().connected).toBe(true);
  });

  it("subscribes ten topics per request", () => {
    const symbols = Array.from({ length: 23 }, (_, i) => `S${i}USDT`);
    expect(bybitAdapter.subscribe(symbols).map((m) => JSON.parse(m).args.length)).toEqual([10, 10, 3]);
  });
});

/** Each venue's adapter, its venue, its messages split across two connections, and the reference ticks. */
const CONTRACT = [
  { name: "binance trades", adapter: () => "binance" as const, venue: binanceVenue, messages: binance.trades, ticks: binanceTicks },
  { name: "bybit trades", adapter: () => "bybit" as const, venue: bybitVenue, messages: bybit.trades, ticks: bybitTicks },
];

describe.each(CONTRACT)("reconnects as every feed does: $name", ({ adapter, venue: respond, messages, ticks }) => {
  it("after the venue drops the connection: backoff, the same subscription again, the rest of the trades, the gap reported", async () => {
    const half = Math.floor(messages.length / 2);
    const venue = track(
      await startVenue(
        respond(
          (connection) => (connection === 1 ? messages.slice(0, half) : messages.slice(half)),
          (socket, connection) => {
            if (connection === 1) setTimeout(() => socket.terminate(), 30);
          },
        ),
      ),
    );
    const feed = track(await connectFeed(venue.url, { adapter: adapter(), symbols: ["BTCUSDT"], reconnect: fast }));
    const gaps: FeedGap[] = [];
    feed.on("gap", (g) => gaps.push(g));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s"], maxFutureMs: Infinity })));
    await waitFor(() => bars.stats().accepted === ticks(messages).length, "the trades of both connections");
    expect(venue.connections).toBe(2);
    expect(venue.received.length).toBe(2);
    expect(venue.received[1]).toBe(venue.received[0]);
    expect(feed.health()).toMatchObject({ reconnects: 1, status: "ok", connected: true });
    expect(gaps).toHaveLength(1);
    expect(gaps[0].from).toBe(Math.max(...ticks(messages.slice(0, half)).map((t: any) => t.timestamp)));
    expect(barRows(bars, "BTCUSDT", "1s")).toEqual(naiveBars(ticks(messages), 1_000));
  });
});

describe("WebSocket ping frames", () => {
  it("keep a quiet connection alive: no trades, only pings, and the feed does not drop it as silent", async () => {
    let pinger: NodeJS.Timeout | undefined;
    const venue = track(
      await startVenue(
        binanceVenue(
          () => [],
          (socket) => {
            pinger = setInterval(() => socket.readyState === WebSocket.OPEN && socket.ping(), 40);
          },
        ),
      ),
    );
    track({ close: () => clearInterval(pinger) });
    const feed = track(await connectFeed(venue.url, { adapter: "binance", symbols: ["BTCUSDT"], reconnect: fast, staleAfterMs: 200 }));
    await waitFor(() => venue.pongs >= 15, "fifteen pings answered (600 ms, three times staleAfterMs)");
    expect(feed.health().staleDisconnects).toBe(0);
    expect(venue.connections).toBe(1);
  });
});
