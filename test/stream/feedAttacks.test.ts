import { setTimeout as sleep } from "timers/promises";
import { describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { BarManager, connectFeed } from "../../lib/stream";
import { trackResources, waitFor } from "./helpers";

/**
 * Hostile feed servers on loopback (issue 18 §4): each test reproduces an attack against the feed client
 * or the bar manager with a real WebSocket server and checks the defence.
 */

/** Every resource a test opens, closed after it whatever happened; nothing may be left open. */
const track = trackResources();

const fast = { initialDelayMs: 20, maxDelayMs: 100, jitter: 0.5 };

/** A raw WebSocket server on an ephemeral loopback port; `onConnection` scripts its behaviour. Tracked for closing. */
async function hostileServer(onConnection: (socket: WebSocket, index: number) => void): Promise<{ url: string; connections: () => number }> {
  const wss = await new Promise<WebSocketServer>((resolve) => {
    const s: WebSocketServer = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  let connections = 0;
  wss.on("connection", (socket) => onConnection(socket, connections++));
  track({
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  });
  return { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`, connections: () => connections };
}

/** Runs `fn` every `everyMs` while the socket is open; stops with it. */
function every(socket: WebSocket, everyMs: number, fn: () => void): void {
  const timer = setInterval(() => {
    if (socket.readyState === WebSocket.OPEN) fn();
  }, everyMs);
  socket.once("close", () => clearInterval(timer));
}

/** Drops the connection after `ms` (the server "flaps"); the client reconnects. */
function dropAfter(socket: WebSocket, ms: number): void {
  const timer = setTimeout(() => socket.terminate(), ms);
  socket.once("close", () => clearTimeout(timer));
}

const trade = (symbol: string, timestamp: number, price = 100) => JSON.stringify({ type: "trade", symbol, timestamp, price, size: 1 });

describe("a feed that stays connected but sends no trades", () => {
  for (const mode of ["heartbeats", "nothing"] as const) {
    it(`is stale once no real trade came for staleAfterMs, across reconnects (server sends ${mode} and drops every 120 ms)`, async () => {
      const staleAfterMs = 400;
      let sendTicks = true;
      const server = await hostileServer((socket, index) => {
        socket.on("message", () => socket.send(JSON.stringify({ type: "subscribed" }))); // an ack
        if (index === 0) for (let i = 0; i < 5; i++) socket.send(trade("BTCUSD", Date.now() - 50 + i));
        if (mode === "heartbeats") every(socket, 30, () => socket.send(JSON.stringify({ type: "heartbeat", timestamp: Date.now() })));
        every(socket, 20, () => {
          if (sendTicks && index > 0) socket.send(trade("BTCUSD", Date.now()));
        });
        dropAfter(socket, 120);
      });
      sendTicks = false;
      const feed = track(await connectFeed(server.url, { reconnect: fast, staleAfterMs, symbols: ["BTCUSD"] }));
      const bars = track(feed.pipe(new BarManager({ timeframes: ["1s"] })));
      await waitFor(() => feed.health().ticks === 5, "the first trades");
      const lastTrade = Date.now();
      expect(feed.health().status).toBe("ok");
      await sleep(staleAfterMs + 20 - (Date.now() - lastTrade));
      const connectionsBefore = server.connections();
      const seen: Record<string, number> = {};
      let previousSilence = -Infinity;
      const until = Date.now() + 1_200;
      while (Date.now() < until) {
        const h = feed.health();
        seen[h.status] = (seen[h.status] ?? 0) + 1;
        seen[`bars:${bars.health().status}`] = (seen[`bars:${bars.health().status}`] ?? 0) + 1;
        expect(h.tickSilentForMs).toBeGreaterThanOrEqual(previousSilence); // a reconnect never resets it
        previousSilence = h.tickSilentForMs;
        await sleep(10);
      }
      // The attack did happen: the server dropped and the client reconnected several times meanwhile.
      expect(server.connections() - connectionsBefore).toBeGreaterThanOrEqual(4);
      expect(feed.health().ticks).toBe(5);
      expect(seen).toEqual({ stale: expect.any(Number), "bars:stale": expect.any(Number) });
      // Real trades again: "ok" again.
      sendTicks = true;
      await waitFor(() => feed.health().status === "ok" && bars.health().status === "ok", "trades to make the feed ok again");
      expect(feed.health().tickSilentForMs).toBeLessThanOrEqual(staleAfterMs);
    });
  }

  it("is stale staleAfterMs after connectFeed when the server acks and heartbeats but never sends a trade", async () => {
    const server = await hostileServer((socket) => {
      socket.on("message", () => socket.send(JSON.stringify({ type: "subscribed" })));
      every(socket, 20, () => socket.send(JSON.stringify({ type: "heartbeat", timestamp: Date.now() })));
      dropAfter(socket, 100);
    });
    const started = Date.now();
    const feed = track(await connectFeed(server.url, { reconnect: fast, staleAfterMs: 300 }));
    expect(Number.isNaN(feed.health().lastTickAt)).toBe(true);
    await sleep(320 - (Date.now() - started));
    for (let i = 0; i < 50; i++) {
      expect(feed.health().status).toBe("stale");
      await sleep(10);
    }
    expect(feed.health().tickSilentForMs).toBeGreaterThanOrEqual(800);
  });
});

describe("a flood of symbols", () => {
  /** Sends one trade for each of `n` distinct symbols `SYM0..`, in `trades` messages of 1,000, then `BTCUSD`. */
  const flood = (socket: WebSocket, n: number, t0: number) => {
    for (let from = 0; from < n; from += 1_000) {
      const trades = [];
      for (let i = from; i < Math.min(n, from + 1_000); i++) trades.push({ symbol: `SYM${i}`, timestamp: t0 + i / 1_000, price: 100, size: 1 });
      socket.send(JSON.stringify({ type: "trades", trades }));
    }
    socket.send(trade("BTCUSD", t0 + n));
  };

  it("drops (and counts) trades of symbols the client did not subscribe to, when the server ignores the subscription", async () => {
    const n = 20_000;
    const t0 = Date.now() - 30_000;
    const server = await hostileServer((socket) => socket.once("message", () => flood(socket, n, t0)));
    const feed = track(await connectFeed(server.url, { reconnect: false, symbols: ["BTCUSD"] }));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s", "1m"] })));
    await waitFor(() => feed.health().ticks === 1, "the subscribed trade");
    expect(feed.health().unsubscribedDropped).toBe(n);
    expect(bars.symbols).toEqual(["BTCUSD"]);
    const s = bars.stats();
    expect(s.received).toBe(1);
    expect(s.series).toBe(2);
  });

  it("bounds the BarManager with maxSymbols: a new symbol beyond it is rejected as 'symbolLimit', held ones carry on", async () => {
    const n = 5_000;
    const maxSymbols = 100;
    const t0 = Date.now() - 30_000;
    let sendMore: (() => void) | undefined;
    const server = await hostileServer((socket) => {
      socket.once("message", () => flood(socket, n, t0));
      sendMore = () => socket.send(JSON.stringify({ type: "trades", trades: [{ symbol: "SYM0", timestamp: t0 + n + 1, price: 101, size: 1 }, { symbol: "NEW", timestamp: t0 + n + 1, price: 1, size: 1 }] }));
    });
    const feed = track(await connectFeed(server.url, { reconnect: false })); // every symbol
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s"], maxSymbols })));
    await waitFor(() => bars.stats().received === n + 1, "the flood");
    let s = bars.stats();
    expect(s.symbols).toBe(maxSymbols);
    expect(s.accepted).toBe(maxSymbols);
    expect(s.rejected.symbolLimit).toBe(n + 1 - maxSymbols);
    expect(bars.symbols).toEqual(Array.from({ length: maxSymbols }, (_, i) => `SYM${i}`));
    // Memory is that of maxSymbols symbols: a manager given only those holds the same bytes.
    const alone = new BarManager({ timeframes: ["1s"] });
    for (let i = 0; i < maxSymbols; i++) alone.ingest({ symbol: `SYM${i}`, timestamp: t0 + i / 1_000, price: 100, size: 1 });
    expect(s.memoryBytes).toBe(alone.stats().memoryBytes);
    await alone.close();
    sendMore!();
    await waitFor(() => bars.stats().received === n + 3, "the next trades");
    s = bars.stats();
    expect(s.accepted).toBe(maxSymbols + 1); // SYM0 is held: accepted
    expect(s.rejected.symbolLimit).toBe(n + 2 - maxSymbols); // NEW is not
  });
});

describe("a heartbeat from the wrong clock", () => {
  const YEAR = 365 * 86_400_000;

  it("a heartbeat dated a year ahead closes no bar; it is rejected and counted, and honest heartbeats still close bars", async () => {
    let client: WebSocket | undefined;
    const server = await hostileServer((socket) => (client = socket));
    const feed = track(await connectFeed(server.url, { reconnect: false, symbols: ["BTCUSD", "ETHUSD"] }));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s", "1m", "1h"] })));
    const closed: string[] = [];
    bars.on("bar", (e) => closed.push(`${e.symbol} ${e.timeframe}`));
    await waitFor(() => client !== undefined, "the connection");
    const send = (m: object) => client!.send(JSON.stringify(m));
    // Before any tick the clock is the wall clock: a year ahead of it is rejected too.
    send({ type: "heartbeat", timestamp: Date.now() + YEAR });
    await waitFor(() => bars.stats().heartbeats.rejected === 1, "the first bogus heartbeat");
    const t = Math.floor(Date.now() / 1_000) * 1_000 - 2_000; // the start of a second, 2 s ago
    send({ type: "trades", trades: [{ symbol: "BTCUSD", timestamp: t + 100, price: 100, size: 1 }, { symbol: "ETHUSD", timestamp: t + 200, price: 10, size: 1 }] });
    await waitFor(() => bars.stats().accepted === 2, "the trades");
    send({ type: "heartbeat", timestamp: t + 200 + YEAR });
    send({ type: "heartbeat", timestamp: Infinity }); // JSON turns it into null: a bad message, never a heartbeat
    send({ type: "heartbeat", timestamp: t + 200 + 300_001 }); // just beyond the default 5 minutes
    await waitFor(() => bars.stats().heartbeats.rejected === 3 && feed.health().badMessages === 1, "the bogus heartbeats");
    expect(closed).toEqual([]); // every forming bar is still forming
    expect(bars.stats().barsEmitted).toBe(0);
    // The next trade lands in the bars it belongs to, as if the bogus heartbeats never came.
    send({ type: "trade", symbol: "BTCUSD", timestamp: t + 300, price: 101, size: 2 });
    await waitFor(() => bars.stats().accepted === 3, "the next trade");
    expect(bars.stats().late.reopened).toBe(0);
    const oneSecond = bars.getBars("BTCUSD", "1s");
    expect(oneSecond.numRows()).toBe(1);
    expect(oneSecond.array("volume")[0]).toBe(3);
    // An honest heartbeat (1.5 s after the newest trade) closes the two 1s bars.
    send({ type: "heartbeat", timestamp: t + 1_500 });
    await waitFor(() => bars.stats().heartbeats.accepted === 1, "the honest heartbeat");
    expect(closed.sort()).toEqual(["BTCUSD 1s", "ETHUSD 1s"]);
    expect(bars.stats().heartbeats).toEqual({ accepted: 1, rejected: 3 });
  });
});
