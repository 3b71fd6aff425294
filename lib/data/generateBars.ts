import { Table, TimeLike, TimestampArray, toEpochUs, toTable } from "../frame";
import { normalFrom, seededRandom } from "./random";
import { timeframeMs } from "./timeframe";

/** Options of {@link generateBars}. */
export interface GenerateBarsOptions {
  /** Bar length: "1s", "1m", "5m", "1h", "1d"… */
  timeframe: string;
  /** First bar's start (inclusive). */
  start: TimeLike;
  /** Bars start before this time (exclusive). */
  end: TimeLike;
  /** Seed; the same seed and options give the same bars. @default 1 */
  seed?: number;
  /** Price of the first bar's open. @default 100 */
  startPrice?: number;
  /** Annualised volatility of the walk. @default 0.3 */
  annualVolatility?: number;
  /** Mean volume per bar. @default 10000 */
  meanVolume?: number;
}

const YEAR_MS = 365 * 86_400_000;

/**
 * Synthetic OHLCV bars on a 24/7 calendar: a geometric random walk whose volatility clusters (a
 * GARCH(1,1)-like variance), with an intraday U-shaped volume profile and volume that rises with
 * absolute returns. Each bar's open is the previous close; high/low come from sub-steps within the bar,
 * so every bar is OHLC-consistent. Deterministic for a seed.
 * @throws Error for an unknown timeframe or an end before the start.
 */
export function generateBars(options: GenerateBarsOptions): Table {
  const { timeframe, seed = 1, startPrice = 100, annualVolatility = 0.3, meanVolume = 10_000 } = options;
  const step = timeframeMs(timeframe);
  const start = toEpochUs(options.start) / 1000;
  const end = toEpochUs(options.end) / 1000;
  if (!(end >= start)) throw new Error(`generateBars: end ${String(options.end)} is before start ${String(options.start)}`);
  const n = Math.ceil((end - start) / step);
  const uniform = seededRandom(seed);
  const normal = normalFrom(uniform);
  const barVol = annualVolatility * Math.sqrt(step / YEAR_MS);
  const subSteps = 4;
  const timestamp = new TimestampArray(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let price = startPrice;
  let variance = barVol * barVol;
  for (let i = 0; i < n; i++) {
    const t = start + i * step;
    timestamp[i] = t;
    open[i] = price;
    let hi = price;
    let lo = price;
    const sigma = Math.sqrt(variance);
    for (let k = 0; k < subSteps; k++) {
      price *= Math.exp((sigma / Math.sqrt(subSteps)) * normal() - (variance / subSteps) / 2);
      hi = Math.max(hi, price);
      lo = Math.min(lo, price);
    }
    close[i] = price;
    high[i] = hi;
    low[i] = lo;
    const r = Math.log(close[i] / open[i]);
    variance = 0.05 * barVol * barVol + 0.1 * r * r + 0.85 * variance;
    const dayFraction = ((t % 86_400_000) + 86_400_000) % 86_400_000 / 86_400_000;
    const smile = 0.6 + 1.6 * Math.pow(2 * dayFraction - 1, 2);
    volume[i] = Math.round(meanVolume * smile * (0.5 + uniform()) * (1 + Math.abs(r) / barVol / 2));
  }
  return toTable([
    ["timestamp", timestamp],
    ["open", open],
    ["high", high],
    ["low", low],
    ["close", close],
    ["volume", volume],
  ]);
}
