/**
 * Deterministic 1-minute OHLCV bars, generated identically in JS (for the store) and in SQL (for the
 * raw reference tables). Every step is an exactly rounded IEEE operation in the same order, so both
 * sides hold bit-identical values.
 */

/** 2020-01-01T00:00:00Z in epoch milliseconds. */
export const START_MS = Date.UTC(2020, 0, 1);
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Bars as the store takes them: timestamp as epoch-ms Float64Array, the rest as Float64Array. */
export interface Bars {
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Bars number `from` .. `from + count - 1` of the series. */
export function makeBars(count: number, from = 0): Bars {
  const bars: Bars = {
    timestamp: new Float64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
  for (let k = 0; k < count; k++) {
    const i = from + k;
    const open = 100 + ((i * 7919) % 10007) / 100;
    const close = open + (((i * 31) % 201) - 100) / 100;
    bars.timestamp[k] = START_MS + i * MINUTE_MS;
    bars.open[k] = open;
    bars.close[k] = close;
    bars.high[k] = Math.max(open, close) + ((i * 13) % 50) / 100;
    bars.low[k] = Math.min(open, close) - ((i * 17) % 50) / 100;
    bars.volume[k] = ((i * 104729) % 100000) + 1;
  }
  return bars;
}

/**
 * SQL for the same bars as a plain table (ts TIMESTAMP, open, high, low, close, volume DOUBLE), for
 * `CREATE TABLE x AS <this>`.
 */
export function barsSql(count: number, from = 0): string {
  return `
    WITH r AS (SELECT i::BIGINT AS i FROM range(${from}, ${from + count}) t(i)),
    p AS (SELECT i, 100 + ((i * 7919) % 10007)::DOUBLE / 100 AS open FROM r),
    q AS (SELECT i, open, open + (((i * 31) % 201) - 100)::DOUBLE / 100 AS close FROM p)
    SELECT make_timestamp((${START_MS} + i * ${MINUTE_MS}) * 1000) AS ts,
           open,
           greatest(open, close) + ((i * 13) % 50)::DOUBLE / 100 AS high,
           least(open, close) - ((i * 17) % 50)::DOUBLE / 100 AS low,
           close,
           (((i * 104729) % 100000) + 1)::DOUBLE AS volume
    FROM q ORDER BY i`;
}
