/**
 * The reference model of the bar tests: the textbook definition, written as plainly as possible and
 * sharing no code with lib/stream. Ticks are sorted by exchange time (stable, so equal times keep arrival
 * order) and grouped by floor(timestamp / timeframe); open is the first tick of a group, close the last,
 * high/low the extremes, volume the sum.
 */
export interface RefTick {
  timestamp: number;
  price: number;
  size: number;
}

export interface RefBar {
  timestamp: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export function naiveBars(ticks: RefTick[], timeframeMs: number): RefBar[] {
  const sorted = ticks.map((t, i) => ({ ...t, i })).sort((a, b) => a.timestamp - b.timestamp || a.i - b.i);
  const groups = new Map<number, RefTick[]>();
  for (const t of sorted) {
    const key = Math.floor(t.timestamp / timeframeMs) * timeframeMs;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(t);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([timestamp, g]) => ({
      timestamp,
      open: g[0].price,
      high: Math.max(...g.map((t) => t.price)),
      low: Math.min(...g.map((t) => t.price)),
      close: g[g.length - 1].price,
      volume: g.reduce((s, t) => s + t.size, 0),
    }));
}

/** Rows of a bars Table as plain objects. */
export function tableRows(table: { numRows(): number; array(name: string): ArrayLike<unknown> }): RefBar[] {
  const cols = ["timestamp", "open", "high", "low", "close", "volume"].map((c) => table.array(c) as ArrayLike<number>);
  const out: RefBar[] = [];
  for (let i = 0; i < table.numRows(); i++) {
    out.push({ timestamp: cols[0][i], open: cols[1][i], high: cols[2][i], low: cols[3][i], close: cols[4][i], volume: cols[5][i] });
  }
  return out;
}

/**
 * Tick-count bars: consecutive chunks of `n` ticks in arrival order; open/close by exchange time within
 * the chunk (ties by arrival), labelled by the chunk's first tick, never earlier than the previous label.
 */
export function naiveTickBars(ticks: RefTick[], n: number): RefBar[] {
  const out: RefBar[] = [];
  let prev = -Infinity;
  for (let i = 0; i < ticks.length; i += n) {
    const chunk = ticks.slice(i, i + n);
    const byTime = chunk.map((t, k) => ({ ...t, k })).sort((a, b) => a.timestamp - b.timestamp || a.k - b.k);
    prev = Math.max(prev, chunk[0].timestamp);
    out.push({
      timestamp: prev,
      open: byTime[0].price,
      high: Math.max(...chunk.map((t) => t.price)),
      low: Math.min(...chunk.map((t) => t.price)),
      close: byTime[byTime.length - 1].price,
      volume: chunk.reduce((s, t) => s + t.size, 0),
    });
  }
  return out;
}
