import { Calendar, CalendarName } from "../market";
import { Table, TimeLike, TimestampArray, toEpochUs, toTable } from "../frame";
import { barSlots, resolveCalendar } from "./barSlots";
import { normalFrom, seededRandom } from "./random";
import { timeframeMs } from "../market";

/** Options of {@link generateBars}. */
export interface GenerateBarsOptions {
  /** Bar length: "1s", "1m", "5m", "1h", "1d"… */
  timeframe: string;
  /** First bar's start (inclusive). */
  start: TimeLike;
  /** Bars start before this time (exclusive). */
  end: TimeLike;
  /**
   * Bars only inside the sessions of this exchange calendar ("XNYS", "XNAS", "CME" or a Calendar): intraday
   * bars aligned to each open, no bars on holidays or weekends, a shorter session on early-close days, a
   * price gap over each close. Daily bars are one per session, stamped 00:00 UTC of the trading date.
   * @default "24/7" (every bar, round the clock)
   */
  calendar?: CalendarName | Calendar;
  /** Seed; the same seed and options give the same bars. @default 1 */
  seed?: number;
  /** Price of the first bar's open. @default 100 (with `symbols`: a price between 20 and 520 derived from the name) */
  startPrice?: number;
  /** Annualised volatility of the walk. @default 0.3 */
  annualVolatility?: number;
  /** Mean volume per bar. @default 10000 */
  meanVolume?: number;
}

/** Options of {@link generateBars} for several symbols at once. */
export interface GenerateUniverseOptions extends GenerateBarsOptions {
  /** One series per symbol, each from its own seed (derived from `seed` and the name). */
  symbols: string[];
}

/** A stable 32-bit hash of a symbol, so each symbol's seed and price depend on its name only. */
function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Synthetic OHLCV bars: a geometric random walk whose volatility clusters (a GARCH(1,1)-like variance),
 * with a U-shaped volume profile over the session (or the UTC day) and volume that rises with absolute
 * returns. Each bar's open is the previous close, except over a market close, where the price gaps;
 * high/low come from sub-steps within the bar, so every bar is OHLC-consistent. Deterministic for a seed.
 *
 * With `symbols`, returns one Table per symbol (an object keyed by symbol); otherwise one Table.
 * @throws Error for an unknown timeframe, an end before the start, or bars longer than a day on a calendar.
 * @example generateBars({ timeframe: "1m", start: "2024-01-02", end: "2024-01-06", calendar: "XNYS", seed: 7 })
 * @example const { AAPL, MSFT } = generateBars({ symbols: ["AAPL", "MSFT"], timeframe: "1d", start: "2020-01-01", end: "2024-01-01", calendar: "XNYS" })
 */
export function generateBars(options: GenerateUniverseOptions): Record<string, Table>;
export function generateBars(options: GenerateBarsOptions): Table;
export function generateBars(options: GenerateBarsOptions | GenerateUniverseOptions): Table | Record<string, Table> {
  if ("symbols" in options && options.symbols !== undefined) {
    const { symbols, ...rest } = options;
    const out: Record<string, Table> = {};
    const base = rest.seed ?? 1;
    for (const symbol of symbols) {
      const h = hashName(symbol);
      out[symbol] = generateSeries({ ...rest, seed: (base * 1_000_003 + h) % 2_147_483_647, startPrice: rest.startPrice ?? 20 + (h % 50_000) / 100 });
    }
    return out;
  }
  return generateSeries(options);
}

function generateSeries(options: GenerateBarsOptions): Table {
  const { timeframe, seed = 1, startPrice = 100, annualVolatility = 0.3, meanVolume = 10_000 } = options;
  const step = timeframeMs(timeframe);
  const start = toEpochUs(options.start) / 1000;
  const end = toEpochUs(options.end) / 1000;
  if (!(end >= start)) throw new Error(`generateBars: end ${String(options.end)} is before start ${String(options.start)}`);
  const slots = barSlots(start, end, step, resolveCalendar(options.calendar));
  const n = slots.starts.length;
  const uniform = seededRandom(seed);
  const normal = normalFrom(uniform);
  const barVol = annualVolatility * Math.sqrt(Math.min(step, 86_400_000) / slots.yearMs);
  // Over a close the price moves by about a quarter of a day's variance (overnight news), not by zero.
  const dayVariance = (annualVolatility * annualVolatility) / 252;
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
    timestamp[i] = slots.starts[i];
    if (i > 0 && slots.afterClose[i] && step < 86_400_000) price *= Math.exp(Math.sqrt(0.25 * dayVariance) * normal());
    open[i] = price;
    let hi = price;
    let lo = price;
    const sigma = Math.sqrt(variance);
    for (let k = 0; k < subSteps; k++) {
      price *= Math.exp((sigma / Math.sqrt(subSteps)) * normal() - variance / subSteps / 2);
      hi = Math.max(hi, price);
      lo = Math.min(lo, price);
    }
    close[i] = price;
    high[i] = hi;
    low[i] = lo;
    const r = Math.log(close[i] / open[i]);
    variance = 0.05 * barVol * barVol + 0.1 * r * r + 0.85 * variance;
    const smile = 0.6 + 1.6 * Math.pow(2 * slots.position[i] - 1, 2);
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
