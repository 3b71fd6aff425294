/**
 * Benchmark: `validateOhlcv` over 10M one-minute bars (BENCH_ROWS), 24/7 calendar:
 * 1. on realistic bars (generateBars), against a plain JS loop over the same six arrays doing only the row
 *    checks (OHLC consistency, order, duplicates, fixed-step gaps): the floor any validation in JS pays;
 * 2. on the shared fixture's bars, beside the same row checks as one DuckDB scan of the plain table t1
 *    holding the same bars (lag() window over ts).
 * Goal: the whole validation (every check of the report, outlier band and score included) under 1 s.
 */
import { generateBars } from "../lib/data";
import { Table, columnValues, toTable } from "../lib/frame";
import { validateOhlcv } from "../lib/validate";
import { BenchContext, Benchmark } from "./context";
import { MINUTE_MS, START_MS } from "./ohlcv";
import { Figure } from "./report";
import { fmtMs, fmtRate, measure, measurePair, progress } from "./timing";

const REPS = 5;

/** The reference loop: one pass, the row-level checks only. */
function plainLoop(t: Float64Array, o: Float64Array, h: Float64Array, l: Float64Array, c: Float64Array, v: Float64Array): number {
  let bad = 0;
  let unsorted = 0;
  let duplicates = 0;
  let gaps = 0;
  for (let i = 0; i < t.length; i++) {
    if (!(l[i] > 0 && h[i] >= o[i] && h[i] >= c[i] && l[i] <= o[i] && l[i] <= c[i] && v[i] >= 0)) bad++;
    if (i > 0) {
      const d = t[i] - t[i - 1];
      if (d < 0) unsorted++;
      else if (d === 0) duplicates++;
      else if (d !== MINUTE_MS) gaps++;
    }
  }
  return bad + unsorted + duplicates + gaps;
}

const SQL_CHECKS = `
  SELECT count(*) FILTER (WHERE NOT (low > 0 AND high >= greatest(open, close) AND low <= least(open, close) AND volume >= 0)) AS bad,
         count(*) FILTER (WHERE d < 0) AS unsorted, count(*) FILTER (WHERE d = 0) AS duplicates,
         count(*) FILTER (WHERE d > ${MINUTE_MS * 1000}) AS gaps
  FROM (SELECT open, high, low, close, volume, epoch_us(ts) - lag(epoch_us(ts)) OVER (ORDER BY ts) AS d FROM t1)`;

/** The six arrays of a table of Float64Arrays. */
function arraysOf(table: Table): Float64Array[] {
  return ["timestamp", "open", "high", "low", "close", "volume"].map((name) => columnValues(table, name) as Float64Array);
}

async function run(ctx: BenchContext) {
  const rows = ctx.rows;
  progress(`generating ${rows.toLocaleString("en")} realistic bars (generateBars, GARCH-like walk)`);
  const realistic = generateBars({ timeframe: "1m", start: START_MS, end: START_MS + rows * MINUTE_MS, seed: 7 });
  const [t, o, h, l, c, v] = arraysOf(realistic);
  let findings = "";
  const { reference: loop, subject: validate } = await measurePair(
    () => plainLoop(t, o, h, l, c, v),
    () => {
      const report = validateOhlcv(realistic, { timeframe: "1m", calendar: "24/7" });
      if (report.rows !== rows) throw new Error(`bench: validateOhlcv saw ${report.rows} rows, expected ${rows}`);
      findings = `${report.counts.outliers} outliers, score ${report.score.toFixed(6)}`;
    },
    { reps: REPS, label: `validateOhlcv ${rows.toLocaleString("en")} realistic bars` },
  );

  // CPU time of the same call: on a shared machine wall time also counts the time other processes held the core.
  const cpuMs: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const before = process.cpuUsage();
    validateOhlcv(realistic, { timeframe: "1m", calendar: "24/7" });
    const used = process.cpuUsage(before);
    cpuMs.push((used.user + used.system) / 1000);
  }
  cpuMs.sort((x, y) => x - y);

  // The same check beside DuckDB, on the bars of the shared fixture (identical in JS and in table t1).
  const fx = await ctx.fixture();
  const fixtureTable = toTable(Object.entries(fx.bars));
  const onFixture = await measure(() => validateOhlcv(fixtureTable, { timeframe: "1m", calendar: "24/7" }), {
    reps: REPS,
    label: "validateOhlcv on the fixture bars",
  });
  const sql = await measure(() => fx.raw.rows(SQL_CHECKS), { reps: REPS, label: "DuckDB scan of t1 with the row checks" });
  const figures: Figure[] = [
    {
      name: `validateOhlcv ${rows.toLocaleString("en")} 1m bars (24/7), full report`,
      ms: validate.median,
      minMs: validate.min,
      reference: { name: "plain JS loop over the same arrays, row checks only", ms: loop.median, minMs: loop.min },
      goal: { ms: 1000 },
      detail: `${fmtRate(rows, validate.median)}; CPU time median ${fmtMs(cpuMs[cpuMs.length >> 1])} (min ${fmtMs(cpuMs[0])}); ${findings}`,
    },
    {
      name: `validateOhlcv of the fixture's ${rows.toLocaleString("en")} bars`,
      ms: onFixture.median,
      minMs: onFixture.min,
      reference: { name: "DuckDB scan of the same bars (t1): row checks + lag() gaps", ms: sql.median, minMs: sql.min },
      detail: fmtRate(rows, onFixture.median),
    },
  ];
  return {
    figures,
    notes: [
      "validateOhlcv runs on one core over an arquero Table of Float64Arrays (what lib.read returns); the DuckDB reference scans the plain table t1 with all its threads and computes only the row checks and fixed-step gaps.",
      "The full report includes the calendar walk (sessions, slots, extra bars), the outlier band (median and MAD of 200k sampled log returns), outliers, stale runs and the score; the plain loop does only the row-level checks.",
      "The fixture's bars are a deterministic sawtooth, not a random walk: about 20% of their returns fall outside the band, so that figure also covers a report with millions of (counted, not listed) findings.",
    ],
  };
}

export const validateBench: Benchmark = { id: "validate.ohlcv", title: "Validate 10M one-minute bars", file: "validate.ts", run };
