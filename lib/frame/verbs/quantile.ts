/**
 * numpy 1.24's `np.percentile(values, q * 100)` with linear interpolation (what pandas 1.5's
 * `Series.quantile(q)` calls) over `sorted`, ascending values without NaN: the virtual index
 * (n - 1) q between two neighbours, interpolated from the lower one when the fraction is under
 * 1/2 and from the upper one otherwise, as numpy does. NaN for no values.
 * @example quantileSorted(Float64Array.of(1, 2, 3, 4), 0.25) // 1.75
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const quantile = (q * 100) / 100;
  const virtual = (n - 1) * quantile;
  const previous = Math.floor(virtual);
  const gamma = virtual - previous;
  const lo = sorted[Math.min(Math.max(previous, 0), n - 1)];
  const hi = sorted[Math.min(Math.max(previous + 1, 0), n - 1)];
  const d = hi - lo;
  return gamma >= 0.5 ? hi - d * (1 - gamma) : lo + d * gamma;
}
