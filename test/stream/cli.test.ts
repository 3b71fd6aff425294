import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
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
    expect(out.stderr).toMatch(/--adapter must be json or binance, got 'fix'/);
    expect(await main(["feed", "serve", "--speed", "-1"], io)).toBe(2);
    expect(await main(["feed", "watch", "http://x", "--duration", "1"], io)).toBe(1);
    expect(out.stderr).toMatch(/error: connectFeed: 'url' must be a ws:\/\/ or wss:\/\/ URL/);
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
