/**
 * Benchmark: the Table verbs on a long column. `rolling(table, "close", { window: 20 }).mean()` over the
 * big series (BENCH_ROWS values, default 10M) beside a plain JS loop in the same run, a running sum with
 * one add and one subtract per value (goal <= 1.5x). The verb gives pandas' bits: Kahan-compensated
 * sums for values entering and leaving the window, NaN and ±Infinity skipped, exact means of flat runs.
 */
import { rolling, toTable } from "../lib";
import { BenchContext, Benchmark } from "./context";
import { Figure } from "./report";
import { fmtRate, measurePair, progress } from "./timing";

const WINDOW = 20;

/** The plain loop: a running sum, NaN until the window is full; no compensation, no missing values. */
function plainRollingMean(x: Float64Array, window: number): Float64Array {
  const out = new Float64Array(x.length);
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    sum += x[i];
    if (i >= window) sum -= x[i - window];
    out[i] = i >= window - 1 ? sum / window : NaN;
  }
  return out;
}

async function run(ctx: BenchContext) {
  const rows = ctx.rows;
  progress(`generating ${rows.toLocaleString("en")} closes (a random walk on a 0.01 grid)`);
  const close = new Float64Array(rows);
  let k = 100_000;
  let seed = 42;
  for (let i = 0; i < rows; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    k += (seed % 41) - 20;
    close[i] = k / 100;
  }
  const table = toTable([["close", close]]);
  let checksum = 0;
  const { reference, subject } = await measurePair(
    () => {
      checksum += plainRollingMean(close, WINDOW)[rows - 1];
    },
    () => {
      checksum += rolling(table, "close", { window: WINDOW }).mean()[rows - 1];
    },
    { reps: 7, label: "rolling(20).mean()" },
  );
  if (!Number.isFinite(checksum)) throw new Error("bench: rolling mean gave a non-finite last value");
  const n = rows.toLocaleString("en");
  const figures: Figure[] = [
    {
      name: `rolling(table, "close", { window: 20 }).mean() over ${n} values`,
      ms: subject.median,
      minMs: subject.min,
      reference: { name: "plain JS loop (running sum, no compensation)", ms: reference.median, minMs: reference.min },
      goal: { ratio: 1.5 },
      detail: fmtRate(rows, subject.median),
    },
  ];
  return {
    figures,
    notes: [
      "The verb reads the table's Float64Array without a copy and runs lib/frame/window's rollingMean, the kernel the backtester's sma uses: pandas 1.5's Kahan-compensated add and remove sums, so its bits equal pandas'; the plain loop's drift after millions of values does not.",
    ],
  };
}

export const frameRolling: Benchmark = { id: "frame.rolling", title: "Table verbs: rolling mean", file: "frame.ts", run };
