/**
 * Benchmark 1: `lib.write` of the big OHLCV series, against DuckDB copying the same rows inside itself
 * (`CREATE TABLE t2 AS SELECT * FROM t1`, with its commit). Also times the write's stages on their own
 * (frame preparation, Parquet staging, INSERT from read_parquet, checkpoint) to show where time goes.
 */
import * as fs from "fs";
import * as path from "path";
import { toFrame } from "../lib";
import { writeParquet } from "../lib/store/parquet";
import { BenchContext, Benchmark } from "./context";
import { Figure } from "./report";
import { fmtMs, fmtRate, measurePair, median, progress, timeOnce } from "./timing";

const REPS = 3;

async function run(ctx: BenchContext) {
  const fx = await ctx.fixture();
  const rows = fx.rows;
  const figures: Figure[] = [];
  const notes: string[] = [];

  // Reference: DuckDB's own copy, with commit; the checkpoint that follows is timed apart.
  // The store: each repetition writes a new symbol (as CTAS makes a new table). The file is closed
  // (with its checkpoint) before each repetition, untimed, so no checkpoint of the previous one overlaps.
  const refCheckpoint: number[] = [];
  const storeClose: number[] = [];
  let last = "";
  const { reference: ref, subject: store } = await measurePair(
    async () => {
      await fx.raw.run("BEGIN TRANSACTION");
      await fx.raw.run("CREATE TABLE t2 AS SELECT * FROM t1");
      await fx.raw.run("COMMIT");
    },
    async (rep) => {
      last = rep < 0 ? `WARM${-rep}` : `W${rep}`;
      await fx.lib.write(last, fx.bars);
    },
    {
      reps: REPS,
      label: `lib.write ${rows.toLocaleString("en")} bars vs CREATE TABLE t2 AS SELECT * FROM t1`,
      beforeReference: async (rep) => {
        // Close the store right after its write (its checkpoint timed apart), before its idle timer
        // would close it in the middle of the reference.
        const closed = await timeOnce(() => fx.arctic.close());
        if (rep > -1) storeClose.push(closed.ms);
        await fx.raw.run("DROP TABLE IF EXISTS t2");
        await fx.raw.run("CHECKPOINT");
      },
      before: async (rep) => {
        // The checkpoint that follows the reference's commit.
        const cp = await timeOnce(() => fx.raw.run("CHECKPOINT"));
        if (rep >= 0) refCheckpoint.push(cp.ms);
      },
    },
  );
  storeClose.push((await timeOnce(() => fx.arctic.close())).ms);
  await fx.raw.run("DROP TABLE IF EXISTS t2");
  await fx.raw.run("CHECKPOINT");
  fx.adopt(last);

  figures.push({
    name: `lib.write ${rows.toLocaleString("en")} bars x 6 columns`,
    ms: store.median,
    minMs: store.min,
    reference: { name: "CREATE TABLE t2 AS SELECT * FROM t1 + COMMIT", ms: ref.median, minMs: ref.min },
    goal: { ratio: 1.25 },
    detail: `${fmtRate(rows, store.median)} vs ${fmtRate(rows, ref.median)}`,
  });
  figures.push({
    name: "write + checkpoint at close",
    ms: store.median + median(storeClose),
    reference: { name: "CTAS + COMMIT + CHECKPOINT", ms: ref.median + median(refCheckpoint) },
    detail: `checkpoint/close alone: store ${fmtMs(median(storeClose))}, ref ${fmtMs(median(refCheckpoint))}`,
  });

  // Stages of lib.write, each timed alone (one repetition each: they are big and steady).
  progress("stages: frame preparation");
  const prep = await timeOnce(() => toFrame(fx.bars));
  const frame = prep.value;
  const staging = path.join(ctx.dir("write-stages"), "stage.parquet");
  progress("stages: Parquet staging file");
  const names = ["c_0", "c_1", "c_2", "c_3", "c_4", "c_5"];
  const parquet = await timeOnce(() =>
    writeParquet(
      staging,
      frame.columns.map((c, i) => ({
        name: names[i],
        type: c.type === "timestamp" ? ("timestamp_us" as const) : ("double" as const),
        values: c.values as Float64Array,
        valid: c.valid,
      })),
      rows,
    ),
  );
  const size = fs.statSync(staging).size;
  progress("stages: INSERT ... read_parquet + COMMIT");
  await fx.raw.run("CREATE TABLE s_stage (_seg BIGINT, c_0 TIMESTAMP, c_1 DOUBLE, c_2 DOUBLE, c_3 DOUBLE, c_4 DOUBLE, c_5 DOUBLE)");
  await fx.raw.run("CHECKPOINT");
  const insert = await timeOnce(async () => {
    await fx.raw.run("BEGIN TRANSACTION");
    await fx.raw.run(`INSERT INTO s_stage SELECT 0, ${names.join(", ")} FROM read_parquet('${staging}')`);
    await fx.raw.run("COMMIT");
  });
  const insertCheckpoint = await timeOnce(() => fx.raw.run("CHECKPOINT"));
  await fx.raw.run("DROP TABLE s_stage");
  await fx.raw.run("CHECKPOINT");
  fs.rmSync(staging, { force: true });
  figures.push({ name: "stage: toFrame (inferColumn, ms -> us index)", ms: prep.ms });
  figures.push({ name: "stage: writeParquet staging file", ms: parquet.ms, detail: `${(size / 2 ** 20).toFixed(0)} MiB uncompressed` });
  figures.push({ name: "stage: INSERT ... SELECT FROM read_parquet + COMMIT (raw)", ms: insert.ms, reference: { name: "CTAS + COMMIT", ms: ref.median } });
  figures.push({ name: "stage: CHECKPOINT after that insert (raw)", ms: insertCheckpoint.ms });
  notes.push(
    `Each store repetition writes a new symbol into the same library file; the file is closed (CHECKPOINT, timed apart) right after each write, so so the write figure includes opening the file, the catalog work, the Parquet staging, the INSERT and the COMMIT. The reference drops t2 and checkpoints before each repetition; store and reference repetitions alternate.`,
    `Stage figures time the same work outside the store (same Parquet writer, same table shape with _seg) to split the write: toFrame + writeParquet run on the JS thread; the INSERT runs in DuckDB (${ctx.rows.toLocaleString("en")} rows).`,
  );
  return { figures, notes };
}

export const storeWrite: Benchmark = { id: "store.write", title: "1. Write the big series", file: "store.write.ts", run };
