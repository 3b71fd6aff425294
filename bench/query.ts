/**
 * Benchmark: queries pushed down to DuckDB, each beside the same hand-written SQL on the plain table in
 * the same run (goal <= 1.1x): resample of the big 1-minute series to 1h with the OHLCV defaults, a
 * numeric filter keeping 1% of rows, and groupBy over 10 and over 1M groups. Both sides copy their
 * result out of DuckDB into typed arrays; the store also wraps it in an arquero Table. One more row
 * prices determinism: the store's float sum (Kahan-compensated in row order, the same bits every run)
 * beside DuckDB's plain parallel `sum` (goal <= 1.5x).
 * ArcticDB's published figures, on a larger machine, for scale: resample of 10M rows ~20 ms, numeric
 * filter ~37 ms, groupby over 1M groups ~380 ms.
 */
import { QueryBuilder, col } from "../lib";
import { BenchContext, Benchmark } from "./context";
import { rawVectorCopy } from "./raw";
import { Figure } from "./report";
import { fmtRate, measurePair, progress } from "./timing";

const REPS = 5;

async function run(ctx: BenchContext) {
  const fx = await ctx.fixture();
  const symbol = await fx.symbol();
  const rows = fx.rows;
  const figures: Figure[] = [];
  const n = rows.toLocaleString("en");

  async function pair(name: string, refName: string, refSql: string, columns: number, query: QueryBuilder, querySymbol: string, expected: number, goal = 1.1) {
    const { reference, subject } = await measurePair(
      async () => {
        const out = await rawVectorCopy(fx.raw.connection, refSql, columns, expected);
        if (out.rowCount !== expected) throw new Error(`bench: ${refName} gave ${out.rowCount} rows, expected ${expected}`);
      },
      async () => {
        const t = (await fx.lib.read(querySymbol, { query })).data;
        if (t.numRows() !== expected) throw new Error(`bench: ${name} gave ${t.numRows()} rows, expected ${expected}`);
      },
      { reps: REPS, interleave: false, label: name },
    );
    figures.push({
      name,
      ms: subject.median,
      minMs: subject.min,
      reference: { name: refName, ms: reference.median, minMs: reference.min },
      goal: { ratio: goal },
      detail: `${fmtRate(rows, subject.median)} scanned; ${expected.toLocaleString("en")} rows out`,
    });
  }

  const hours = Math.ceil(rows / 60);
  await pair(
    `resample ${n} 1m bars to 1h (QueryBuilder, OHLCV defaults)`,
    "time_bucket + arg_min/max/min/arg_max/fsum in row order on the plain table",
    "SELECT epoch_us(time_bucket(INTERVAL '1 hour', ts))::DOUBLE / 1000, arg_min(open, ts), max(high), min(low), arg_max(close, ts), fsum(volume ORDER BY ts) " +
      "FROM t1 GROUP BY time_bucket(INTERVAL '1 hour', ts) ORDER BY 1",
    6,
    new QueryBuilder().resample("1h"),
    symbol,
    hours,
  );

  // volume is ((i * 104729) % 100000) + 1, so about 1% of the bars have volume <= 1000.
  const filtered = Number((await fx.raw.rows("SELECT count(*) FROM t1 WHERE volume <= 1000"))[0][0]);
  await pair(
    `filter ${n} bars, volume <= 1000 (1%)`,
    "SELECT ... WHERE volume <= 1000 on the plain table",
    "SELECT epoch_us(ts)::DOUBLE / 1000, open, high, low, close, volume FROM t1 WHERE volume <= 1000",
    6,
    new QueryBuilder().filter(col("volume").le(1000)),
    symbol,
    filtered,
  );

  progress(`writing ${n} rows with group keys (10 and 1M groups)`);
  const k10 = new Int32Array(rows);
  const k1m = new Int32Array(rows);
  const v = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    k10[i] = i % 10;
    k1m[i] = i % 1_000_000;
    v[i] = i * 0.5;
  }
  await fx.lib.write("KEYS", { k10, k1m, v });
  // v as DOUBLE like the store's column (a bare `i * 0.5` would be a DECIMAL, which sums slower).
  await fx.raw.run(`CREATE OR REPLACE TABLE t2 AS SELECT i AS ord, (i % 10)::BIGINT AS k10, (i % 1000000)::BIGINT AS k1m, (i * 0.5)::DOUBLE AS v FROM range(${rows}) t(i)`);
  await fx.raw.run("CHECKPOINT");
  for (const [key, groups] of [["k10", 10], ["k1m", Math.min(rows, 1_000_000)]] as const) {
    await pair(
      `groupBy ${groups.toLocaleString("en")} groups of ${n} rows, sum and mean`,
      `GROUP BY ${key} ORDER BY ${key} on the plain table, fsum in row order`,
      `SELECT ${key}, fsum(v ORDER BY ord), fsum(v ORDER BY ord) / count(v) FROM t2 GROUP BY ${key} ORDER BY ${key}`,
      3,
      new QueryBuilder().groupBy(key).agg({ v: ["sum", "mean"] }),
      "KEYS",
      groups,
    );
  }
  await pair(
    `groupBy 10 groups of ${n} rows, float sum (the same bits every run)`,
    "DuckDB's plain parallel sum(v) (last bits vary between runs)",
    "SELECT k10, sum(v) FROM t2 GROUP BY k10 ORDER BY k10",
    2,
    new QueryBuilder().groupBy("k10").agg({ v: "sum" }),
    "KEYS",
    10,
    1.5,
  );
  return {
    figures,
    notes: [
      "Float sums and means are Kahan-compensated in row order (DuckDB's fsum with ORDER BY, pandas' groupby summation), so a query gives the same bits on every run; DuckDB sorts each group's rows for it, which is what the last row prices against its plain parallel sum.",
      "The store runs each query as one DuckDB statement over the symbol's stored version (row-number ranges select the version's rows; row numbers order first/last) and copies the result into typed arrays; the references run the same computation by hand on a plain table with an open connection.",
      "ArcticDB's published figures on a larger machine, for scale only: resample 10M rows about 20 ms, numeric filter 37 ms, groupby over 1M groups about 380 ms.",
    ],
  };
}

export const queryResample: Benchmark = { id: "query.resample", title: "Queries: resample, filter, groupBy", file: "query.ts", run };
