/**
 * Benchmark 2: `lib.read` of the whole big series (6 columns), against the raw vector copy of
 * `SELECT * FROM t1`: a loop over fetchChunk() copying each vector's bytes into preallocated arrays.
 */
import { BenchContext, Benchmark } from "./context";
import { rawVectorCopy } from "./raw";
import { Figure } from "./report";
import { fmtRate, measure, measurePair } from "./timing";

const REPS = 5;

async function run(ctx: BenchContext) {
  const fx = await ctx.fixture();
  const symbol = await fx.symbol();
  const rows = fx.rows;
  const figures: Figure[] = [];

  const { reference: ref, subject: store } = await measurePair(
    async () => {
      const out = await rawVectorCopy(fx.raw.connection, "SELECT * FROM t1", 6, rows);
      if (out.rowCount !== rows) throw new Error(`bench: reference read ${out.rowCount} rows, expected ${rows}`);
    },
    async () => {
      const item = await fx.lib.read(symbol);
      if (item.data.numRows() !== rows) throw new Error(`bench: lib.read gave ${item.data.numRows()} rows, expected ${rows}`);
    },
    { reps: REPS, interleave: false, label: `lib.read ${rows.toLocaleString("en")} bars` },
  );
  figures.push({
    name: `lib.read ${rows.toLocaleString("en")} bars x 6 columns`,
    ms: store.median,
    minMs: store.min,
    reference: { name: "raw vector copy of SELECT * FROM t1", ms: ref.median, minMs: ref.min },
    goal: { ratio: 1.2 },
    detail: `${fmtRate(rows, store.median)} vs ${fmtRate(rows, ref.median)}`,
  });

  // Where the time goes: the store's SELECT shape (index converted to epoch ms in SQL) on the plain table.
  const converted = await measure(
    () =>
      rawVectorCopy(
        fx.raw.connection,
        "SELECT epoch_us(ts)::DOUBLE / 1000, open, high, low, close, volume FROM t1",
        6,
        rows,
      ),
    { reps: REPS, label: "stage: raw copy with epoch_us(ts)::DOUBLE / 1000" },
  );
  const filtered = await measure(
    () =>
      rawVectorCopy(
        fx.raw.connection,
        "SELECT epoch_us(ts)::DOUBLE / 1000, open, high, low, close, volume FROM t1 WHERE ts >= make_timestamp(0::BIGINT)",
        6,
        rows,
      ),
    { reps: REPS, label: "stage: raw copy, index as ms, with a WHERE on every row" },
  );
  figures.push({
    name: "stage: raw copy, index converted to epoch ms in SQL",
    ms: converted.median,
    minMs: converted.min,
    reference: { name: "raw vector copy of SELECT * FROM t1", ms: ref.median },
  });
  figures.push({
    name: "stage: the same plus a WHERE that keeps every row",
    ms: filtered.median,
    minMs: filtered.min,
    reference: { name: "raw vector copy of SELECT * FROM t1", ms: ref.median },
  });
  return {
    figures,
    notes: [
      `The store's file is warm (opened by a warm-up read); the reference reads from an open connection. Both produce 6 arrays of ${rows.toLocaleString("en")} 8-byte values; the store also wraps them in an arquero Table.`,
    ],
  };
}

export const storeRead: Benchmark = { id: "store.read", title: "2. Read the big series", file: "store.read.ts", run };
