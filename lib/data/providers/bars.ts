import { TimestampArray, Table, toTable } from "../../frame";
import { OHLCV_COLUMNS, type OhlcvBar } from "../../market";

/** The columns of every collected table, in order. */
export const BAR_COLUMNS = OHLCV_COLUMNS;

/**
 * The bars of [start, end) as an OHLCV Table (timestamp as TimestampArray, prices and volume as
 * Float64Array), sorted by timestamp with one bar per timestamp: when pages overlap, the bar fetched last
 * wins (a provider's later answer is its more complete one).
 * @example barsTable([{ timestamp: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }], 0, 60_000).numRows() // 1
 */
export function barsTable(bars: readonly OhlcvBar[], start: number, end: number): Table {
  let ordered: readonly OhlcvBar[] = bars.filter((bar) => bar.timestamp >= start && bar.timestamp < end);
  let sorted = true;
  for (let i = 1; i < ordered.length && sorted; i++) sorted = ordered[i].timestamp > ordered[i - 1].timestamp;
  if (!sorted) {
    // Pages out of order or overlapping: keep the last bar per timestamp, then sort.
    const byTime = new Map<number, OhlcvBar>();
    for (const bar of ordered) byTime.set(bar.timestamp, bar);
    ordered = [...byTime.values()].sort((a, b) => a.timestamp - b.timestamp);
  }
  const n = ordered.length;
  const timestamp = new TimestampArray(n);
  const cols = { open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  ordered.forEach((bar, i) => {
    timestamp[i] = bar.timestamp;
    cols.open[i] = bar.open;
    cols.high[i] = bar.high;
    cols.low[i] = bar.low;
    cols.close[i] = bar.close;
    cols.volume[i] = bar.volume;
  });
  return toTable([["timestamp", timestamp], ["open", cols.open], ["high", cols.high], ["low", cols.low], ["close", cols.close], ["volume", cols.volume]]);
}

/**
 * An OHLCV table as CSV (header line, ISO-8601 UTC timestamps, numbers in full precision): the format a
 * job script prints on stdout for the job runner.
 * @example process.stdout.write(barsCsv(table))
 */
export function barsCsv(table: Table): string {
  const arrays = BAR_COLUMNS.map((name) => table.column(name) as unknown as ArrayLike<number>);
  const lines = [BAR_COLUMNS.join(",")];
  for (let i = 0; i < table.numRows(); i++) {
    lines.push([new Date(arrays[0][i]).toISOString(), ...arrays.slice(1).map((a) => String(a[i]))].join(","));
  }
  return lines.join("\n") + "\n";
}
