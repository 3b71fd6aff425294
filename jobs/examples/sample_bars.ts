/**
 * Example job: synthetic OHLCV bars, printed as CSV on stdout.
 *
 * Produces the bars of the `--days` days (default 30) before the run's scheduled time, with lib/data's
 * generateBars (a seeded random walk with clustered volatility; the same seed and window give the same
 * bars). Meant for mode "update": each run replaces the window it covers, so runs may overlap.
 *
 * Arguments: --timeframe 1d|1h|... (default 1d), --days N (default 30), --seed N (default 1),
 *            --start-price P (default 100).
 * Environment: QUANTLAB_SCHEDULED_AT (set by the runner; defaults to now when run by hand).
 *
 * Register it:
 *   quantlab jobs add sample_bars --script jobs/examples/sample_bars.ts --cron "0 22 * * 1-5" \
 *     --timezone America/New_York --library market_data --symbol SAMPLE --mode update
 */
import { generateBars } from "../../lib/data";
import { timeframeMs } from "../../lib/market";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const timeframe = option("timeframe", "1d");
const days = Number(option("days", "30"));
const seed = Number(option("seed", "1"));
const startPrice = Number(option("start-price", "100"));
const step = timeframeMs(timeframe);
const scheduled = Date.parse(process.env.QUANTLAB_SCHEDULED_AT ?? new Date().toISOString());
const end = Math.floor(scheduled / step) * step;
const bars = generateBars({ timeframe, start: end - days * 86_400_000, end, seed, startPrice });

const columns = ["timestamp", "open", "high", "low", "close", "volume"];
const arrays = columns.map((c) => bars.array(c) as ArrayLike<number>);
const lines = [columns.join(",")];
for (let i = 0; i < bars.numRows(); i++) {
  lines.push([new Date(arrays[0][i]).toISOString(), ...arrays.slice(1).map((a) => String(+a[i].toFixed(4)))].join(","));
}
process.stdout.write(lines.join("\n") + "\n");
console.error(`sample_bars: ${bars.numRows()} ${timeframe} bars up to ${new Date(end).toISOString()}`);
