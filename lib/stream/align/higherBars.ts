import type { BarColumns } from "../barsTable";
import type { Bucketer } from "../buckets";
import { StreamError } from "../StreamError";

/** Bars of a higher timeframe built from base bars: start, end and OHLCV per bar, oldest first. */
export interface HigherBars {
  start: Float64Array;
  end: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Start of the last base bar in each higher bar. */
  lastStart: Float64Array;
  /** Base bars in each higher bar. */
  count: Float64Array;
}

/**
 * Aggregates base bars into the bars of a higher timeframe: each base bar goes into the higher bar whose
 * period holds its start (open of the first, highest high, lowest low, close of the last, summed volume).
 * A higher bar ends at its period's end whatever base bars it got. Base bars outside every session of the
 * symbol's calendar go into no higher bar (as a live BarManager rejects such ticks). The first higher bar
 * is left out when the base bars do not reach back to its start (it would cover only part of its
 * period), unless `keepPartial`.
 * @param baseEnd end of each base bar (its start plus the base timeframe, cut at the session close).
 * @throws StreamError `INVALID_TIMEFRAME` when a base bar reaches past the end of its higher bar (the two
 *   timeframes do not nest, e.g. "45m" bars in "1h"), naming the symbol and the bar.
 */
export function higherBars(base: BarColumns, baseEnd: Float64Array, bucketer: Bucketer, context: { symbol: string; base: string; timeframe: string }, { keepPartial = false } = {}): HigherBars {
  const n = base.timestamp.length;
  const start: number[] = [];
  const end: number[] = [];
  const open: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  const volume: number[] = [];
  const lastStart: number[] = [];
  const count: number[] = [];
  let k = -1;
  let partial = NaN;
  for (let i = 0; i < n; i++) {
    const t = base.timestamp[i];
    if (!bucketer.locate(t)) continue;
    if (baseEnd[i] > bucketer.end) {
      const iso = (x: number) => new Date(x).toISOString();
      throw new StreamError(`alignTimeframes: the ${context.base} bar of '${context.symbol}' at ${iso(t)} ends at ${iso(baseEnd[i])}, after the end of its ${context.timeframe} bar (${iso(bucketer.end)}): '${context.base}' bars do not nest in '${context.timeframe}' bars; pick a base timeframe that divides it`, { code: "INVALID_TIMEFRAME", symbol: context.symbol, timeframe: context.timeframe }
      );
    }
    if (k >= 0 && start[k] === bucketer.start) {
      if (base.high[i] > high[k]) high[k] = base.high[i];
      if (base.low[i] < low[k]) low[k] = base.low[i];
      close[k] = base.close[i];
      volume[k] += base.volume[i];
      lastStart[k] = t;
      count[k]++;
      continue;
    }
    if (bucketer.start === partial) continue;
    if (!keepPartial && k < 0 && Number.isNaN(partial) && t > bucketer.start) {
      // History begins inside this period: its bar would be partial.
      partial = bucketer.start;
      continue;
    }
    k++;
    start.push(bucketer.start);
    end.push(bucketer.end);
    open.push(base.open[i]);
    high.push(base.high[i]);
    low.push(base.low[i]);
    close.push(base.close[i]);
    volume.push(base.volume[i]);
    lastStart.push(t);
    count.push(1);
  }
  return { start: Float64Array.from(start), end: Float64Array.from(end), open: Float64Array.from(open), high: Float64Array.from(high), low: Float64Array.from(low), close: Float64Array.from(close), volume: Float64Array.from(volume), lastStart: Float64Array.from(lastStart), count: Float64Array.from(count) };
}
