/** Benchmark 5: readBatch of 100 symbols x 25k bars, beside reading 100 plain tables with raw SQL. */
import * as path from "path";
import { Arctic, isDataError } from "../lib";
import { BenchContext, Benchmark } from "./context";
import { barsSql, makeBars } from "./ohlcv";
import { RawDb, rawVectorCopy } from "./raw";
import { Figure } from "./report";
import { fmtRate, measurePair, progress, timeOnce } from "./timing";

const SYMBOLS = 100;
const ROWS = 25_000;
const REPS = 5;

async function run(ctx: BenchContext) {
  const dir = ctx.dir("batch");
  const arctic = await Arctic.open("duckdb://" + path.join(dir, "store"));
  ctx.onClose(() => arctic.close());
  const lib = await arctic.getLibrary("batch", { createIfMissing: true });
  const symbols = Array.from({ length: SYMBOLS }, (_, k) => `SYM${String(k).padStart(3, "0")}`);
  const total = SYMBOLS * ROWS;

  progress(`writeBatch ${SYMBOLS} symbols x ${ROWS.toLocaleString("en")} bars`);
  const payload = symbols.map((symbol, k) => ({ symbol, data: makeBars(ROWS, k * ROWS) }));
  const written = await timeOnce(() => lib.writeBatch(payload));
  if (written.value.some(isDataError)) throw new Error("bench: writeBatch failed for some symbols");

  const raw = await RawDb.create(path.join(dir, "plain.duckdb"));
  const ctas = await timeOnce(async () => {
    for (let k = 0; k < SYMBOLS; k++) await raw.run(`CREATE TABLE t_${k} AS ${barsSql(ROWS, k * ROWS)}`);
  });
  await raw.run("CHECKPOINT");

  const { reference: ref, subject: store } = await measurePair(
    async () => {
      for (let k = 0; k < SYMBOLS; k++) await rawVectorCopy(raw.connection, `SELECT * FROM t_${k}`, 6, ROWS);
    },
    async () => {
      const results = await lib.readBatch(symbols);
      for (const r of results) if (isDataError(r) || r.data.numRows() !== ROWS) throw new Error("bench: readBatch gave a wrong result");
    },
    { reps: REPS, interleave: false, label: "readBatch" },
  );
  raw.close();
  const figures: Figure[] = [
    {
      name: `readBatch ${SYMBOLS} symbols x ${ROWS.toLocaleString("en")} bars`,
      ms: store.median,
      minMs: store.min,
      reference: { name: `raw vector copy of SELECT * from ${SYMBOLS} tables`, ms: ref.median, minMs: ref.min },
      detail: `${fmtRate(total, store.median)} vs ${fmtRate(total, ref.median)}`,
    },
    {
      name: `writeBatch ${SYMBOLS} symbols x ${ROWS.toLocaleString("en")} bars (setup, once)`,
      ms: written.ms,
      reference: { name: `${SYMBOLS} x CREATE TABLE AS (generated in SQL)`, ms: ctas.ms },
      detail: fmtRate(total, written.ms),
    },
  ];
  return { figures, notes: [`readBatch figures are warm (the file open); ${total.toLocaleString("en")} rows in all.`] };
}

export const storeBatch: Benchmark = { id: "store.batch", title: "5. Batch read", file: "store.batch.ts", run };
