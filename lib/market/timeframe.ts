/** Milliseconds in a fixed-length timeframe such as "1s", "5m", "1h", "1d", "1w". */
export function timeframeMs(timeframe: string): number {
  const m = /^(\d+)\s*(s|m|h|d|w)$/.exec(timeframe.trim());
  if (!m) throw new Error(`timeframe '${timeframe}' is not one of N s|m|h|d|w (e.g. "1m", "4h", "1d")`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "s" | "m" | "h" | "d" | "w"];
  const n = Number(m[1]);
  if (n <= 0) throw new Error(`timeframe '${timeframe}' must be positive`);
  return n * unit;
}
