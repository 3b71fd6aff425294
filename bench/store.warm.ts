/**
 * Benchmark 3: small calls on the big series with the file warm (one-day read, 1-row append, 1-row
 * update of the last bar) and the first call after the store went idle and closed its file. Each
 * beside the same operation in raw DuckDB SQL.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { BenchContext, Benchmark } from "./context";
import { DAY_MS, MINUTE_MS, START_MS, makeBars } from "./ohlcv";
import { rawVectorCopy } from "./raw";
import { Figure, Goal } from "./report";
import { Timing, measurePair, sleep } from "./timing";

const REPS = 30;
const IDLE_REPS = 7;

const tsSql = (ms: number) => `make_timestamp(${ms * 1000}::BIGINT)`;

function figure(name: string, t: { reference: Timing; subject: Timing }, reference: string, goal: Goal): Figure {
  return {
    name,
    ms: t.subject.median,
    minMs: t.subject.min,
    reference: { name: reference, ms: t.reference.median, minMs: t.reference.min },
    goal,
  };
}

async function run(ctx: BenchContext) {
  const fx = await ctx.fixture();
  const symbol = await fx.symbol();
  const figures: Figure[] = [];
  const day = START_MS + Math.floor(fx.rows / 2 / 1440) * DAY_MS;
  const dateRange: [number, number] = [day, day + DAY_MS - 1];
  const daySql = `SELECT * FROM t1 WHERE ts BETWEEN ${tsSql(dateRange[0])} AND ${tsSql(dateRange[1])}`;

  // One-day range read.
  const day1 = await measurePair(
    () => rawVectorCopy(fx.raw.connection, daySql, 6, 1440),
    async () => {
      const item = await fx.lib.read(symbol, { dateRange });
      if (item.data.numRows() !== 1440) throw new Error(`bench: one-day read gave ${item.data.numRows()} rows, expected 1440`);
    },
    { warmup: 3, reps: REPS, label: "warm one-day read" },
  );
  figures.push(figure("warm one-day read (1440 bars)", day1, "raw copy of SELECT * ... WHERE ts BETWEEN", { ms: 2 }));

  // 1-row append: the next bar after the last one, on both sides.
  let next = fx.rows;
  let bar = makeBars(1, next);
  const append = await measurePair(
    () =>
      fx.raw.run(`INSERT INTO t1 VALUES (${tsSql(bar.timestamp[0])}, $1, $2, $3, $4, $5)`, [
        bar.open[0],
        bar.high[0],
        bar.low[0],
        bar.close[0],
        bar.volume[0],
      ]),
    async () => {
      await fx.lib.append(symbol, bar);
      bar = makeBars(1, ++next);
    },
    { warmup: 3, reps: REPS, label: "warm append of 1 bar" },
  );
  figures.push(figure("warm append of 1 bar", append, "INSERT INTO t1 VALUES (...) (autocommit)", { ms: 3 }));

  // 1-row update replacing the last bar (new prices, same timestamp).
  const lastMs = START_MS + (next - 1) * MINUTE_MS;
  let k = 0;
  const update = await measurePair(
    () =>
      fx.raw.run(`UPDATE t1 SET open = $1, high = $2, low = $3, close = $4, volume = $5 WHERE ts = ${tsSql(lastMs)}`, [
        100 + k,
        101 + k,
        99 + k,
        100.5 + k,
        1000 + k,
      ]),
    async () => {
      await fx.lib.update(symbol, {
        timestamp: new Float64Array([lastMs]),
        open: new Float64Array([100 + k]),
        high: new Float64Array([101 + k]),
        low: new Float64Array([99 + k]),
        close: new Float64Array([100.5 + k]),
        volume: new Float64Array([1000 + k]),
      });
      k++;
    },
    { warmup: 3, reps: REPS, label: "warm update of the last bar" },
  );
  figures.push(figure("warm update of the last bar", update, "UPDATE t1 SET ... WHERE ts = last (autocommit)", { ms: 5 }));

  // First call after idle: wait for the idle close (and its checkpoint), then one one-day read.
  const wait = ctx.idleCloseMs + 400;
  await sleep(wait + 2000); // the first close checkpoints the appends and updates above
  fx.raw.close();
  const idle = await measurePair(
    async () => {
      const instance = await DuckDBInstance.create(fx.rawPath);
      const connection = await instance.connect();
      await rawVectorCopy(connection, daySql, 6, 1440);
      connection.closeSync();
      instance.closeSync();
    },
    async () => {
      const item = await fx.lib.read(symbol, { dateRange });
      if (item.data.numRows() !== 1440) throw new Error("bench: idle read gave the wrong rows");
    },
    { warmup: 1, reps: IDLE_REPS, before: () => sleep(wait), label: "first read after idle" },
  );
  await fx.reopenRaw();
  figures.push(
    figure("first one-day read after idle (file closed)", idle, "open DuckDB file + connect + same query + close", { ms: 15 }),
  );

  return {
    figures,
    notes: [
      `Warm figures: median of ${REPS} calls after 3 warm-ups, the file kept open between calls (idleCloseMs = ${ctx.idleCloseMs}). The appends and updates go to the big symbol, each making a version; the reference does the same to t1 on an open connection.`,
      `Idle figure: median of ${IDLE_REPS} reads, each after ${wait} ms of idleness (> idleCloseMs, so the store closed and checkpointed the file). The reference for it opens the plain file itself, so its ratio compares the cold paths.`,
    ],
  };
}

export const storeWarm: Benchmark = { id: "store.warm", title: "3. Small calls, warm and after idle", file: "store.warm.ts", run };
