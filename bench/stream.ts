/**
 * Benchmark `stream.ingest`: ticks per second through BarManager.ingest into 7 timeframes for 10 symbols,
 * beside a plain typed-array loop computing only the 1m bars of the same ticks (the floor of what any
 * aggregation costs), and memory after many ticks (it must stay flat: bounded by maxBarsInMemory).
 * Over loopback WebSocket: ticks/s from a ws server to BarManager through connectFeed, beside bare
 * JSON.parse of the same messages, and the latency from the server's send to the `update` event.
 * Environment: BENCH_TICKS (ticks per run, default 2M), BENCH_MEMORY_TICKS (ticks of the memory run,
 * default 10M), BENCH_WS_TICKS (ticks sent over WebSocket, default 1M).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { WebSocket, WebSocketServer } from "ws";
import { BarManager, connectFeed, jsonAdapter } from "../lib/stream";
import type { BenchContext, Benchmark } from "./context";
import type { Figure } from "./report";
import { fmtRate, measurePair, median, progress } from "./timing";

const TIMEFRAMES = ["1s", "1m", "5m", "15m", "1h", "4h", "1d"];
const SYMBOLS = Array.from({ length: 10 }, (_, i) => `SYM${i}`);
const T0 = Date.UTC(2024, 0, 1);

/** N ticks over 10 symbols: time advances 0–2 ms per tick, prices walk by at most 0.05%. */
function makeTicks(n: number) {
  const ts = new Float64Array(n);
  const price = new Float64Array(n);
  const size = new Float64Array(n);
  const sym = new Uint8Array(n);
  const last = SYMBOLS.map(() => 100);
  let t = T0;
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 3);
    const k = i % SYMBOLS.length;
    last[k] *= 1 + (rnd() - 0.5) * 0.001;
    ts[i] = t;
    price[i] = last[k];
    size[i] = 1 + Math.floor(rnd() * 10);
    sym[i] = k;
  }
  return { ts, price, size, sym, n };
}

type Ticks = ReturnType<typeof makeTicks>;

function ingestAll(bars: BarManager, ticks: Ticks, from = 0, to = ticks.n): void {
  // One tick object reused, as a parser filling a record would; the manager keeps no reference to it.
  const tick = { symbol: "", timestamp: 0, price: 0, size: 0 };
  for (let i = from; i < to; i++) {
    tick.symbol = SYMBOLS[ticks.sym[i]];
    tick.timestamp = ticks.ts[i];
    tick.price = ticks.price[i];
    tick.size = ticks.size[i];
    bars.ingest(tick);
  }
}

/** The reference: 1m bars per symbol in preallocated typed arrays, one pass, no validation. */
function plainLoop(ticks: Ticks): number {
  const cap = 1 << 16;
  const out = SYMBOLS.map(() => ({ start: new Float64Array(cap), o: new Float64Array(cap), h: new Float64Array(cap), l: new Float64Array(cap), c: new Float64Array(cap), v: new Float64Array(cap), n: 0 }));
  for (let i = 0; i < ticks.n; i++) {
    const b = out[ticks.sym[i]];
    const t = ticks.ts[i];
    const p = ticks.price[i];
    const start = t - (t % 60_000);
    let j = b.n - 1;
    if (j < 0 || b.start[j] !== start) {
      j = b.n++ & (cap - 1);
      b.start[j] = start;
      b.o[j] = b.h[j] = b.l[j] = b.c[j] = p;
      b.v[j] = 0;
    } else j &= cap - 1;
    if (p > b.h[j]) b.h[j] = p;
    if (p < b.l[j]) b.l[j] = p;
    b.c[j] = p;
    b.v[j] += ticks.size[i];
  }
  return out.reduce((s, b) => s + b.n, 0);
}

/** The JSON "trades" messages of `ticks`, `perMessage` trades each. */
function tradeMessages(ticks: Ticks, count: number, perMessage: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i += perMessage) {
    const trades = [];
    for (let j = i; j < Math.min(count, i + perMessage); j++) trades.push({ symbol: SYMBOLS[ticks.sym[j]], timestamp: ticks.ts[j], price: ticks.price[j], size: ticks.size[j] });
    out.push(JSON.stringify({ type: "trades", trades }));
  }
  return out;
}

async function withServer<T>(onConnection: (socket: WebSocket) => void, work: (url: string) => Promise<T>): Promise<T> {
  const wss = await new Promise<WebSocketServer>((resolve) => {
    const server: WebSocketServer = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => resolve(server));
  });
  wss.on("connection", onConnection);
  try {
    return await work(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
  } finally {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  }
}

/**
 * A ws server in a child process (so its sending does not share the client's thread, as with a real
 * exchange) that sends every line of `file` as a message, as fast as the socket takes them, once the
 * client has subscribed. Prints its port on stdout.
 */
const SENDER = `
const fs = require("fs");
const { WebSocketServer } = require("ws");
const messages = fs.readFileSync(process.argv[1], "utf8").split("\\n").filter(Boolean);
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => process.stdout.write(wss.address().port + "\\n"));
wss.on("connection", (socket) => socket.once("message", () => {
  let i = 0;
  const pump = () => {
    while (i < messages.length && socket.bufferedAmount < 4 << 20) socket.send(messages[i++]);
    if (i < messages.length) setTimeout(pump, 1);
  };
  pump();
}));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
`;

/** Client CPU time of each wsThroughput run (the wall time includes waiting for the sender). */
const wsCpuMs: number[] = [];
const parseCpuMs: number[] = [];

/** A started sender process and its port (see SENDER). */
interface Sender {
  child: ReturnType<typeof spawn>;
  port: number;
}

/** Sender boot times (process start + reading the message file), untimed: they are not the client's work. */
const senderBootMs: number[] = [];

/** Starts the SENDER process on `file` and waits until it listens. */
async function startSender(file: string): Promise<Sender> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ["-e", SENDER, file], { cwd: path.resolve(__dirname, ".."), stdio: ["pipe", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.once("data", (d) => resolve(Number(String(d).trim())));
      child.once("exit", (code) => reject(new Error(`bench: sender exited with ${code}`)));
    });
    senderBootMs.push(performance.now() - t0);
    return { child, port };
  } catch (e) {
    child.kill();
    throw e;
  }
}

/**
 * Ticks/s from a sender process through connectFeed into BarManager. The timed part (by the caller) is
 * the client's: connect, receive and ingest all `total` ticks, close. The sender was started and has read
 * its messages beforehand (startSender, untimed), as an exchange is up before a client connects.
 */
async function wsThroughput(sender: Sender, total: number): Promise<number> {
  const { child, port } = sender;
  try {
    const feed = await connectFeed(`ws://127.0.0.1:${port}`, { reconnect: false, staleAfterMs: 60_000 });
    const bars = feed.pipe(new BarManager({ timeframes: TIMEFRAMES, maxFutureMs: Infinity }));
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (bars.stats().received >= total) {
          clearInterval(check);
          resolve();
        }
      }, 1);
    });
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    wsCpuMs.push((cpu.user + cpu.system) / 1000);
    await feed.close();
    await bars.close();
    return ms;
  } finally {
    child.stdin!.end();
    child.kill();
  }
}

/** One trade per message every `gapMs`, stamped with the send time; latency to the first update event. */
async function wsLatency(ticks: Ticks, count: number, gapMs: number): Promise<number[]> {
  const latencies: number[] = [];
  await withServer(
    (socket) => {
      let i = 0;
      const send = () => {
        if (i >= count || socket.readyState !== WebSocket.OPEN) return;
        socket.send(JSON.stringify({ type: "trade", symbol: SYMBOLS[ticks.sym[i]], timestamp: ticks.ts[i], price: ticks.price[i], size: ticks.size[i], sentAt: performance.now() }));
        i++;
        setTimeout(send, gapMs);
      };
      socket.once("message", send);
    },
    async (url) => {
      let sentAt = NaN;
      // The json adapter, noting each message's send time before the ticks go to the bars.
      const adapter = {
        name: "json+sentAt",
        subscribe: jsonAdapter.subscribe,
        parse(text: string, sink: Parameters<typeof jsonAdapter.parse>[1]) {
          sentAt = Number(/"sentAt":([0-9.]+)/.exec(text)?.[1] ?? NaN);
          return jsonAdapter.parse(text, sink);
        },
      };
      const feed = await connectFeed(url, { adapter, reconnect: false, staleAfterMs: 60_000 });
      const bars = feed.pipe(new BarManager({ timeframes: TIMEFRAMES, maxFutureMs: Infinity }));
      bars.on("update", (e) => {
        if (e.timeframe === "1s" && !Number.isNaN(sentAt)) {
          latencies.push(performance.now() - sentAt);
          sentAt = NaN;
        }
      });
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (latencies.length >= count) {
            clearInterval(check);
            resolve();
          }
        }, 5);
      });
      await feed.close();
      await bars.close();
    },
  );
  return latencies;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function run(ctx: BenchContext) {
  const n = Number(process.env.BENCH_TICKS ?? 2_000_000);
  const memoryTicks = Number(process.env.BENCH_MEMORY_TICKS ?? 10_000_000);
  const figures: Figure[] = [];
  progress(`making ${n.toLocaleString("en")} ticks`);
  const ticks = makeTicks(n);
  let oneMinuteBars = 0;
  // CPU time beside wall time: on a machine shared with other work, CPU time is the steadier figure.
  const loopCpuMs: number[] = [];
  const ingestCpuMs: number[] = [];
  const { reference, subject } = await measurePair(
    () => {
      const cpu0 = process.cpuUsage();
      oneMinuteBars = plainLoop(ticks);
      const cpu = process.cpuUsage(cpu0);
      loopCpuMs.push((cpu.user + cpu.system) / 1000);
    },
    () => {
      const bars = new BarManager({ timeframes: TIMEFRAMES, maxBarsInMemory: 10_000, maxFutureMs: Infinity });
      const cpu0 = process.cpuUsage();
      ingestAll(bars, ticks);
      const cpu = process.cpuUsage(cpu0);
      ingestCpuMs.push((cpu.user + cpu.system) / 1000);
      const made = SYMBOLS.reduce((s, sym) => s + bars.getBars(sym, "1m").numRows(), 0);
      if (made !== oneMinuteBars) throw new Error(`bench: BarManager made ${made} 1m bars, the plain loop ${oneMinuteBars}`);
    },
    { reps: 5, label: `ingest ${n.toLocaleString("en")} ticks x 7 timeframes` },
  );
  figures.push({
    name: `BarManager.ingest, ${n.toLocaleString("en")} ticks, 10 symbols x 7 timeframes`,
    ms: subject.median,
    minMs: subject.min,
    reference: { name: "plain typed-array loop, 1m bars only", ms: reference.median, minMs: reference.min },
    goal: { ms: (n / 5_000_000) * 1000 },
    detail: `${fmtRate(n, subject.median).replace("rows", "ticks")} vs ${fmtRate(n, reference.median).replace("rows", "ticks")}; by CPU time ${fmtRate(n, median(ingestCpuMs.slice(1))).replace("rows", "ticks")} vs ${fmtRate(n, median(loopCpuMs.slice(1))).replace("rows", "ticks")}; goal >= 5 M ticks/s`,
  });

  // Over loopback WebSocket.
  const wsTicks = Math.min(n, Number(process.env.BENCH_WS_TICKS ?? 1_000_000));
  const messages = tradeMessages(ticks, wsTicks, 100);
  const file = path.join(ctx.dir("stream"), "messages.jsonl");
  fs.writeFileSync(file, messages.join("\n") + "\n");
  let sender: Sender | undefined;
  const parse = await measurePair(
    () => {
      const cpu0 = process.cpuUsage();
      let trades = 0;
      for (const m of messages) trades += JSON.parse(m).trades.length;
      if (trades !== wsTicks) throw new Error("bench: parse count");
      const cpu = process.cpuUsage(cpu0);
      parseCpuMs.push((cpu.user + cpu.system) / 1000);
    },
    () => wsThroughput(sender!, wsTicks),
    {
      reps: 3,
      before: async () => {
        sender = await startSender(file);
      },
      label: `${wsTicks.toLocaleString("en")} ticks over loopback WebSocket`,
    },
  );
  figures.push({
    name: `loopback WebSocket from a sender process -> connectFeed -> BarManager (7 timeframes), ${wsTicks.toLocaleString("en")} ticks in messages of 100`,
    ms: parse.subject.median,
    minMs: parse.subject.min,
    reference: { name: "bare JSON.parse of the same messages", ms: parse.reference.median, minMs: parse.reference.min },
    goal: { ratio: 2 },
    detail: `${fmtRate(wsTicks, parse.subject.median).replace("rows", "ticks")} vs ${fmtRate(wsTicks, parse.reference.median).replace("rows", "ticks")}; client CPU median ${median(wsCpuMs.slice(-3)).toFixed(0)} ms vs JSON.parse CPU ${median(parseCpuMs.slice(-3)).toFixed(0)} ms; sender boot (untimed) median ${median(senderBootMs.slice(-3)).toFixed(0)} ms`,
  });
  progress("latency: 2000 single-trade messages, one per ms");
  const lat = (await wsLatency(ticks, 2_000, 1)).sort((a, b) => a - b);
  const p50 = percentile(lat, 0.5);
  const p99 = percentile(lat, 0.99);
  figures.push({ name: "latency p50, server send -> update event (same process, loopback)", ms: p50, goal: { ms: 2 } });
  figures.push({ name: "latency p99, server send -> update event (same process, loopback)", ms: p99, goal: { ms: 2 } });

  // Memory: the same stream again and again (time shifted) into one manager; measured every 10%.
  progress(`memory over ${memoryTicks.toLocaleString("en")} ticks`);
  const bars = new BarManager({ timeframes: TIMEFRAMES, maxBarsInMemory: 1_000, maxFutureMs: Infinity });
  const samples: { ticks: number; bytes: number; heapMb: number }[] = [];
  const span = ticks.ts[n - 1] - ticks.ts[0] + 1;
  let done = 0;
  let lap = 0;
  const step = Math.max(1, Math.floor(memoryTicks / 10));
  let nextSample = step;
  while (done < memoryTicks) {
    const shift = lap * span;
    const tick = { symbol: "", timestamp: 0, price: 0, size: 0 };
    for (let i = 0; i < n && done < memoryTicks; i++, done++) {
      tick.symbol = SYMBOLS[ticks.sym[i]];
      tick.timestamp = ticks.ts[i] + shift;
      tick.price = ticks.price[i];
      tick.size = ticks.size[i];
      bars.ingest(tick);
      if (done + 1 === nextSample) {
        global.gc?.();
        samples.push({ ticks: done + 1, bytes: bars.stats().memoryBytes, heapMb: process.memoryUsage().heapUsed / 2 ** 20 });
        nextSample += step;
      }
    }
    lap++;
  }
  const first = samples[0];
  const lastSample = samples[samples.length - 1];
  const s = bars.stats();
  await bars.close();
  return {
    figures,
    notes: [
      `Ticks are 10 symbols interleaved, time advancing 0–2 ms per tick; one reused tick object is passed to ingest. The reference loop does only the 1m bars, without validation, late-tick handling or events; BarManager is checked to make the same number of 1m bars.`,
      `Memory over ${memoryTicks.toLocaleString("en")} ticks with maxBarsInMemory 1000: stats().memoryBytes ${first.bytes.toLocaleString("en")} B after ${first.ticks.toLocaleString("en")} ticks, ${lastSample.bytes.toLocaleString("en")} B after ${lastSample.ticks.toLocaleString("en")} (${s.barsInMemory.toLocaleString("en")} bars held of ${s.barsEmitted.toLocaleString("en")} emitted); JS heap ${first.heapMb.toFixed(1)} MB -> ${lastSample.heapMb.toFixed(1)} MB${global.gc ? "" : " (without --expose-gc: heap figures include garbage)"}.`,
      `memoryBytes samples every 10%: ${samples.map((x) => x.bytes).join(", ")}. The hard bound is series x maxBarsInMemory x 81 B = ${(70 * 1_000 * 81).toLocaleString("en")} B; rings of the longer timeframes grow (by doubling) toward it.`,
      `WebSocket throughput: the sender is a separate Node process sending pre-serialised messages as fast as the socket takes them; it is started and has read its messages before each timed run (its boot is not the client's work, shown as 'sender boot'); the timed run is the client's connect, receive + ingest of every tick, and close; the wall time includes waiting for the sender, the client CPU time does not. Latency: 2000 single-trade messages 1 ms apart from a ws server in the same process, timed from just before socket.send to the 1s update event.`,
    ],
  };
}

export const streamIngest: Benchmark = { id: "stream.ingest", title: "Live bars: ticks into 7 timeframes", file: "stream.ts", run };
