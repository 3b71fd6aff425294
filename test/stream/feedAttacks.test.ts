import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { BarManager, connectFeed } from "../../lib/stream";
import { liveHandles, waitFor } from "./helpers";

/**
 * Hostile feed servers on loopback (issue 18 §4): each test reproduces an attack against the feed client
 * or the bar manager with a real WebSocket server and checks the defence.
 */

let open: { close(): Promise<void> | void }[] = [];
let handlesBefore: Record<string, number>;
const track = <T extends { close(): Promise<void> | void }>(r: T): T => {
  open.push(r);
  return r;
};

beforeEach(() => {
  handlesBefore = liveHandles();
});

afterEach(async () => {
  for (const r of open.reverse()) await r.close();
  open = [];
  const noMore = () => Object.entries(liveHandles()).every(([name, n]) => n <= (handlesBefore[name] ?? 0));
  await waitFor(noMore, `handles to return to at most ${JSON.stringify(handlesBefore)}`, 3_000).catch((e) => {
    throw new Error(`${(e as Error).message}; still open: ${JSON.stringify(liveHandles())}`);
  });
});

const fast = { initialDelayMs: 20, maxDelayMs: 100, jitter: 0.5 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
