import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { main } from "../../lib/cli";
import { BarManager, connectFeed, startFeedServer } from "../../lib/stream";
import type { FeedServer } from "../../lib/stream";
import { waitFor } from "./helpers";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "quantlab");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function buffers() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
}

let server: FeedServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("quantlab feed", () => {
  it("watch prints each closed bar as a line, then the tick counts", async () => {
    server = await startFeedServer({ synthetic: { symbols: ["BTCUSD"], seed: 2, ticksPerSecond: 100 }, intervalMs: 20, heartbeatMs: 100 });
    const { out, io } = buffers();
    const code = await main(["feed", "watch", server.url, "--timeframes", "1s", "--duration", "1.6"], io);
    expect(code).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z BTCUSD 1s O [\d.]+ H [\d.]+ L [\d.]+ C [\d.]+ V [\d.]+ \(\d+ ticks\)$/);
    expect(out.stderr).toMatch(/^\d+ ticks, \d+ bars, 0 rejected, 0 late\n$/);
  });

  it("usage mistakes exit with 2 and name the option", async () => {
    const { out, io } = buffers();
    expect(await main(["feed", "watch"], io)).toBe(2);
    expect(out.stderr).toMatch(/'feed watch' needs URL/);
    expect(await main(["feed", "watch", "ws://127.0.0.1:1", "--adapter", "fix"], io)).toBe(2);
    expect(out.stderr).toMatch(/--adapter must be json, binance \(trades\), bybit \(public trades\) or binance-kline:INTERVAL \(e\.g\. binance-kline:1m\), got 'fix'/);
    expect(await main(["feed", "watch", "ws://127.0.0.1:1", "--adapter", "binance-kline:7m"], io)).toBe(2);
    expect(out.stderr).toMatch(/--adapter binance-kline:7m: .*7m/);
    expect(await main(["feed", "serve", "--speed", "-1"], io)).toBe(2);
    expect(await main(["feed", "watch", "http://x", "--duration", "1"], io)).toBe(1);
    expect(out.stderr).toMatch(/error: connectFeed: 'url' must be a ws:\/\/ or wss:\/\/ URL/);
  });

  it.each([
    ["bybit", JSON.stringify({ op: "subscribe", args: ["publicTrade.BTCUSDT"] })],
    ["binance-kline:1m", JSON.stringify({ method: "SUBSCRIBE", params: ["btcusdt@kline_1m"], id: 1 })],
  ])("watch --adapter %s subscribes as that venue does and prints the bars its messages make", async (adapter, subscribe) => {
    const received: string[] = [];
    const t0 = Date.UTC(2024, 0, 2, 12, 0, 0);
    // Two one-minute bars: 100 -> 103 (low 99) in the first minute, 104 in the next.
    const bybitTrade = (T: number, p: string, v: string) => JSON.stringify({ topic: "publicTrade.BTCUSDT", type: "snapshot", ts: T, data: [{ T, s: "BTCUSDT", S: "Buy", v, p, i: String(T) }] });
    const kline = (E: number, start: number, o: string, h: string, l: string, c: string, v: string, x: boolean) =>
      JSON.stringify({ stream: "btcusdt@kline_1m", data: { e: "kline", E, s: "BTCUSDT", k: { t: start, T: start + 59_999, s: "BTCUSDT", i: "1m", o, h, l, c, v, x } } });
    const messages =
      adapter === "bybit"
        ? [bybitTrade(t0, "100", "1"), bybitTrade(t0 + 10_000, "99", "2"), bybitTrade(t0 + 50_000, "103", "1"), bybitTrade(t0 + 60_000, "104", "1")]
        : [kline(t0 + 1000, t0, "100", "100", "100", "100", "1", false), kline(t0 + 30_000, t0, "100", "100", "99", "99", "3", false), kline(t0 + 59_999, t0, "100", "103", "99", "103", "4", true), kline(t0 + 61_000, t0 + 60_000, "104", "104", "104", "104", "1", false)];
    const wss = await new Promise<WebSocketServer>((resolve) => {
      const w = new WebSocketServer({ host: "127.0.0.1", port: 0 });
      w.once("listening", () => resolve(w));
    });
    wss.on("connection", (socket) =>
      socket.on("message", (data) => {
        const text = data.toString();
        received.push(text);
        if (text.includes("ping")) return;
        socket.send(adapter === "bybit" ? JSON.stringify({ success: true, ret_msg: "", op: "subscribe", conn_id: "x" }) : JSON.stringify({ result: null, id: 1 }));
        for (const m of messages) socket.send(m);
      }),
    );
    try {
      const { out, io } = buffers();
      const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
      expect(await main(["feed", "watch", url, "--adapter", adapter, "--symbols", "BTCUSDT", "--timeframes", "1m", "--duration", "1.5"], io)).toBe(0);
      expect(received[0]).toBe(subscribe);
      expect(out.stdout.split("\n")[0]).toMatch(/^2024-01-02T12:00:00\.000Z BTCUSDT 1m O 100 H 103 L 99 C 103 V 4 \(\d+ ticks\)$/);
    } finally {
      for (const c of wss.clients) c.terminate();
      await new Promise((resolve) => wss.close(resolve));
    }
  });

  it("serve runs as a process: prints its URL, serves trades, stops on SIGINT and exits by itself", async () => {
    const child = spawn(BIN, ["feed", "serve", "--port", "0", "--symbols", "ES", "--rate", "200"], { cwd: os.tmpdir() });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await waitFor(() => /listening on ws:\/\/127\.0\.0\.1:\d+/.test(stdout), "the server's URL", 30_000);
      const url = /ws:\/\/127\.0\.0\.1:\d+/.exec(stdout)![0];
      const feed = await connectFeed(url, { reconnect: false });
      const bars = feed.pipe(new BarManager({ timeframes: ["1s"] }));
      await waitFor(() => bars.stats().accepted >= 20, "trades from the child");
      expect(bars.symbols).toEqual(["ES"]);
      await feed.close();
      await bars.close();
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/sent \d+ trades; stopped\n$/);
  });

  it("a whole live session (server restart, reconnect, spill to DuckDB) ends and its process exits on its own", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-live-"));
    dirs.push(dir);
    const run = spawnSync(TSX, [path.join(__dirname, "fixtures", "liveSession.ts"), dir], { cwd: ROOT, encoding: "utf8", timeout: 45_000 });
    expect(run.error, "the child must exit by itself before the timeout").toBeUndefined();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const figures = JSON.parse(run.stdout);
    expect(figures.reconnects).toBe(1);
    expect(figures.barsWritten).toBeGreaterThan(0);
    expect(figures.stored).toBeGreaterThan(0);
  });
});
