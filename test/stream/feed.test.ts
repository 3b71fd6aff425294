import { setTimeout as sleep } from "timers/promises";
import { describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { Arctic } from "../../lib/store";
import { BarManager, connectFeed, startFeedServer } from "../../lib/stream";
import type { BarEvent, Feed, FeedGap, FeedServer } from "../../lib/stream";
import { trackResources, waitFor } from "./helpers";
import { naiveBars, tableRows } from "./naiveBars";

/** Every resource a test opens, closed after it whatever happened; nothing may be left open. */
const track = trackResources();

const fast = { initialDelayMs: 20, maxDelayMs: 200, jitter: 0.5 };

describe("feed server -> connectFeed -> BarManager over loopback", () => {
  it("streams synthetic trades into bars; every tick sent is ingested", async () => {
    const server = track(await startFeedServer({ synthetic: { symbols: ["BTCUSD", "ETHUSD"], seed: 3, ticksPerSecond: 200 }, intervalMs: 20, heartbeatMs: 100 }));
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const feed = track(await connectFeed(server.url, { symbols: ["BTCUSD"], reconnect: fast }));
    // Trades can arrive between connecting and piping (under load): the manager sees those after the pipe.
    const beforePipe = feed.health().ticks;
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s", "10t"] })));
    const closed: BarEvent[] = [];
    bars.on("bar", (e) => closed.push(e));
    let tickEvents = 0;
    const countTick = () => tickEvents++;
    feed.on("tick", countTick);
    await waitFor(() => closed.filter((e) => e.timeframe === "1s").length >= 2, "two closed 1s bars");
    feed.off("tick", countTick);
    expect(tickEvents).toBeGreaterThan(0);
    expect(tickEvents).toBeLessThanOrEqual(bars.stats().accepted);
    expect(bars.symbols).toEqual(["BTCUSD"]); // the subscription filtered ETHUSD out
    const s = bars.stats();
    expect(s.accepted).toBe(feed.health().ticks - beforePipe);
    expect(s.rejected.jump + s.rejected.price + s.late.dropped).toBe(0);
    const tenTick = closed.filter((e) => e.timeframe === "10t");
    expect(tenTick.every((e) => e.bar.ticks === 10)).toBe(true);
    expect(bars.health().status).toBe("ok");
    expect(bars.health().feed?.status).toBe("ok");
    // Heartbeats close 1s bars by the exchange clock: a closed bar's end is never after the newest tick.
    for (const e of closed.filter((x) => x.timeframe === "1s")) expect(e.bar.end - e.bar.timestamp).toBe(1_000);
  });

  it("reconnects with backoff after the server is killed and restarted; bars continue and the gap is reported", async () => {
    let server: FeedServer = await startFeedServer({ synthetic: { seed: 5, ticksPerSecond: 200 }, intervalMs: 20, heartbeatMs: 100 });
    const port = server.port;
    const feed = track(await connectFeed(server.url, { reconnect: fast, staleAfterMs: 2_000 }));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s"] })));
    const gaps: FeedGap[] = [];
    feed.on("gap", (g) => gaps.push(g));
    await waitFor(() => bars.stats().accepted > 20, "ticks before the kill");
    await server.close();
    await waitFor(() => feed.health().status === "reconnecting", "the feed to notice");
    expect(bars.health().status).toBe("stale");
    const before = bars.stats().accepted;
    await sleep(150);
    server = track(await startFeedServer({ port, synthetic: { seed: 6, ticksPerSecond: 200 }, intervalMs: 20, heartbeatMs: 100 }));
    await waitFor(() => feed.health().status === "ok" && bars.stats().accepted > before + 20, "ticks after the restart");
    expect(feed.health().reconnects).toBe(1);
    expect(gaps).toHaveLength(1);
    expect(gaps[0].ms).toBeGreaterThanOrEqual(150);
    expect(bars.health().status).toBe("ok");
    expect(bars.stats().late.dropped).toBe(0);
  });

  it("detects a frozen server (open socket, no messages): reports stale, replaces the connection, recovers", async () => {
    const server = track(await startFeedServer({ synthetic: { seed: 9, ticksPerSecond: 100 }, intervalMs: 20, heartbeatMs: 50 }));
    const feed = track(await connectFeed(server.url, { reconnect: fast, staleAfterMs: 300 }));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s"] })));
    await waitFor(() => bars.stats().accepted > 5, "first ticks");
    server.pause();
    await waitFor(() => feed.health().staleDisconnects >= 1, "the stale connection to be dropped");
    expect(bars.health().status).toBe("stale");
    server.resume();
    const before = bars.stats().accepted;
    await waitFor(() => feed.health().status === "ok" && bars.stats().accepted > before + 5, "ticks after the freeze");
    expect(feed.health().reconnects).toBeGreaterThanOrEqual(1);
    expect(server.clients).toBe(1); // the frozen connection was closed, not leaked
  });

  it("replays a stored symbol: every stored trade arrives once, then 'end'", async () => {
    const arctic = track(await Arctic.open("mem://"));
    const lib = await arctic.getLibrary("ticks", { createIfMissing: true });
    const t0 = Date.UTC(2024, 0, 2, 15, 0, 0);
    const n = 3_000;
    const trades = Array.from({ length: n }, (_, i) => ({ timestamp: t0 + i * 37, price: 50 + ((i * 13) % 17) / 4, size: 1 + (i % 5) }));
    await lib.write("AAPL", { timestamp: trades.map((t) => new Date(t.timestamp)), price: trades.map((t) => t.price), size: trades.map((t) => t.size) });
    const server = track(await startFeedServer({ source: { library: lib, symbol: "AAPL", speed: Infinity }, intervalMs: 5 }));
    const feed = track(await connectFeed(server.url, { reconnect: false }));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s", "1m"], maxFutureMs: Infinity })));
    let ended = false;
    feed.on("end", () => (ended = true));
    await waitFor(() => ended, "the end of the replay");
    expect(bars.stats().accepted).toBe(n);
    expect(tableRows(bars.getBars("AAPL", "1m"))).toEqual(naiveBars(trades, 60_000));
  });

  it("reads a Binance-style trade stream through the binance adapter", async () => {
    const wss = await new Promise<WebSocketServer>((resolve) => {
      const s: WebSocketServer = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    track({ close: () => new Promise<void>((r) => wss.close(() => r())) });
    const subscriptions: string[] = [];
    wss.on("connection", (socket) => {
      socket.on("message", (m) => {
        subscriptions.push(m.toString());
        const T = Date.UTC(2024, 0, 1);
        socket.send(JSON.stringify({ result: null, id: 1 }));
        socket.send(JSON.stringify({ e: "trade", E: T + 5, s: "BTCUSDT", t: 1, p: "42000.10", q: "0.50", T, m: true }));
        socket.send(JSON.stringify({ stream: "btcusdt@trade", data: { e: "trade", E: T + 1005, s: "BTCUSDT", t: 2, p: "42010.00", q: "0.25", T: T + 1000, m: false } }));
        socket.send("not json");
      });
    });
    const port = (wss.address() as { port: number }).port;
    const feed = track(await connectFeed(`ws://127.0.0.1:${port}`, { adapter: "binance", symbols: ["BTCUSDT"], reconnect: false }));
    const bars = track(feed.pipe(new BarManager({ timeframes: ["1s"], maxFutureMs: Infinity })));
    await waitFor(() => feed.health().badMessages === 1, "all messages");
    expect(JSON.parse(subscriptions[0])).toEqual({ method: "SUBSCRIBE", params: ["btcusdt@trade"], id: 1 });
    expect(tableRows(bars.getBars("BTCUSDT", "1s"))).toEqual([
      { timestamp: Date.UTC(2024, 0, 1), open: 42000.1, high: 42000.1, low: 42000.1, close: 42000.1, volume: 0.5 },
      { timestamp: Date.UTC(2024, 0, 1) + 1000, open: 42010, high: 42010, low: 42010, close: 42010, volume: 0.25 },
    ]);
    // The event time E (heartbeat) closed the first bar.
    expect(feed.health().ticks).toBe(2);
  });

  it("fails clearly when nothing listens and reconnecting is off", async () => {
    const server = await startFeedServer();
    const url = server.url;
    await server.close();
    await expect(connectFeed(url, { reconnect: false })).rejects.toThrow(/connectFeed: cannot connect to ws:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    // With reconnects on, the first connection is tried initialAttempts times, then gives up.
    await expect(connectFeed(url, { reconnect: fast, initialAttempts: 3 })).rejects.toThrow(/cannot connect/);
    await expect(connectFeed("http://x", {})).rejects.toThrow(/'url' must be a ws:\/\/ or wss:\/\/ URL, got "http:\/\/x"/);
    await expect(connectFeed(url, { adapter: "fix" as never })).rejects.toThrow(/'adapter' must be "json", "binance", "bybit" or a FeedAdapter, got "fix"/);
  });
});
