/**
 * One writer of test/concurrency/multiprocess.test.ts. For `--duration` ms it writes, appends and reads
 * its own symbols `w<id>_0`, `w<id>_1` and appends to / reads the shared symbol `shared` of one
 * library, logging every acknowledged operation (JSON lines, written synchronously) to `--log`.
 *
 * Log entries:
 *   { op: "write" | "append", symbol, version, rows, checksum }   own symbols (checksum of the new version)
 *   { op: "append", symbol: "shared", version, writer, seqFrom, seqTo }   rows carry (writer, seq, v)
 *   { op: "read", symbol, version, checksum }
 *   { op: "error", during, name, code, message }      any failure (StoreBusyError included)
 *   { op: "done", ops, counts, elapsedMs, latency: { p50, p99, max } }   call latencies in ms, waits included
 */
import { Arctic } from "../../../lib";
import { Checksum, SyncLog, args, checksumOf, checksumShared, checksumTimeTable, describeError, rng, sameChecksum } from "./common";

interface Model {
  ts: number[];
  v: number[];
  version: number; // latest acknowledged, -1 when never written
}

async function main(): Promise<void> {
  const a = args();
  const id = Number(a.id);
  const duration = Number(a.duration);
  const log = new SyncLog(a.log);
  const random = rng(Number(a.seed ?? id * 7919));
  const ac = await Arctic.open("duckdb://" + a.dir);
  const lib = await ac.getLibrary(a.library);

  const own: Record<string, Model> = {};
  for (const k of [0, 1]) own[`w${id}_${k}`] = { ts: [], v: [], version: -1 };
  const ownNames = Object.keys(own);
  let seq = 0;
  const counts: Record<string, number> = {};
  const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  let ops = 0;
  const latencies: number[] = [];

  const size = () => (random() < 0.05 ? 1500 + Math.floor(random() * 1000) : 1 + Math.floor(random() * 200));
  const rows = (start: number, n: number) => {
    const ts = new Float64Array(n);
    const v = new Float64Array(n);
    const nn: number[] = [];
    for (let i = 0; i < n; i++) {
      ts[i] = start + i * 1000;
      v[i] = Math.floor(random() * 1_000_000);
      nn.push(i);
    }
    return { ts, v, n: nn };
  };
  const checksum = (m: Model): Checksum => checksumOf(m.ts, m.v, [m.ts, m.v]);

  const t0 = Date.now();
  console.log("ready");
  while (Date.now() - t0 < duration) {
    const r = random();
    const symbol = ownNames[Math.floor(random() * ownNames.length)];
    const m = own[symbol];
    let during = "";
    const started = Date.now();
    try {
      if (m.version < 0 || r < 0.15) {
        during = `write ${symbol}`;
        const data = rows(1_600_000_000_000 + Math.floor(random() * 1e9) * 1000, size());
        const item = await lib.write(symbol, { timestamp: data.ts, v: data.v, n: data.n });
        m.ts = Array.from(data.ts);
        m.v = Array.from(data.v);
        m.version = item.version;
        log.write({ op: "write", symbol, version: item.version, rows: data.ts.length, checksum: checksum(m) });
        count("write");
      } else if (r < 0.45) {
        during = `append ${symbol}`;
        const start = m.ts.length ? m.ts[m.ts.length - 1] + 1000 : 1_600_000_000_000;
        const data = rows(start, size());
        const item = await lib.append(symbol, { timestamp: data.ts, v: data.v, n: data.n });
        m.ts.push(...data.ts);
        m.v.push(...data.v);
        m.version = item.version;
        log.write({ op: "append", symbol, version: item.version, rows: data.ts.length, checksum: checksum(m) });
        count("append");
      } else if (r < 0.6) {
        during = `read ${symbol}`;
        const item = await lib.read(symbol);
        const c = checksumTimeTable(item.data);
        log.write({ op: "read", symbol, version: item.version, checksum: c });
        if (item.version !== m.version || !sameChecksum(c, checksum(m))) {
          log.write({ op: "error", during, name: "Mismatch", message: `read v${item.version} of ${symbol}, expected v${m.version} with ${JSON.stringify(checksum(m))}, got ${JSON.stringify(c)}` });
        }
        count("read");
      } else if (r < 0.9) {
        during = "append shared";
        const n = 1 + Math.floor(random() * 5);
        const writer: number[] = [];
        const s: number[] = [];
        const v = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          writer.push(id);
          s.push(seq + i);
          v[i] = id * 1_000_000 + seq + i;
        }
        const item = await lib.append("shared", { writer, seq: s, v });
        log.write({ op: "append", symbol: "shared", version: item.version, writer: id, seqFrom: seq, seqTo: seq + n - 1 });
        seq += n;
        count("appendShared");
      } else {
        during = "read shared";
        const item = await lib.read("shared");
        log.write({ op: "read", symbol: "shared", version: item.version, checksum: checksumShared(item.data) });
        count("readShared");
      }
      ops++;
      latencies.push(Date.now() - started);
    } catch (error) {
      log.write({ op: "error", during, ...describeError(error) });
    }
  }
  const elapsedMs = Date.now() - t0;
  await ac.close();
  latencies.sort((x, y) => x - y);
  const latency = {
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    max: latencies[latencies.length - 1] ?? 0,
  };
  log.write({ op: "done", id, ops, counts, elapsedMs, latency });
  log.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
