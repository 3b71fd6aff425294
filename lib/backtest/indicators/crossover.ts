/** A series as the helpers accept it: an array of values (the last one is "now") or a constant level. */
export type SeriesLike = ArrayLike<number> | number;

const at = (s: SeriesLike, back: number): number => (typeof s === "number" ? s : s[s.length - back]);
const long = (s: SeriesLike): boolean => typeof s === "number" || s.length >= 2;

/**
 * True when `a` just crossed above `b`: a was below b on the previous bar and is above it now
 * (backtesting.py's `crossover`). Either side may be a constant level.
 * @example crossover([1, 3], [2, 2]) // true
 */
export function crossover(a: SeriesLike, b: SeriesLike): boolean {
  if (!long(a) || !long(b)) return false;
  return at(a, 2) < at(b, 2) && at(a, 1) > at(b, 1);
}

/**
 * True when `a` just crossed below `b` (the mirror of {@link crossover}).
 * @example crossunder([3, 1], [2, 2]) // true
 */
export function crossunder(a: SeriesLike, b: SeriesLike): boolean {
  return crossover(b, a);
}

/**
 * Every bar where `a` crosses above `b` (1) or below it (-1), 0 elsewhere: the vectorised form of
 * {@link crossover}/{@link crossunder}, for signal backtests. Bar 0 is always 0.
 * @example crosses(Float64Array.of(1, 3, 1), Float64Array.of(2, 2, 2)) // Int8Array [0, 1, -1]
 */
export function crosses(a: ArrayLike<number>, b: ArrayLike<number> | number): Int8Array {
  const out = new Int8Array(a.length);
  const bAt = typeof b === "number" ? () => b : (i: number) => b[i];
  for (let i = 1; i < a.length; i++) {
    const pa = a[i - 1];
    const pb = bAt(i - 1);
    const ca = a[i];
    const cb = bAt(i);
    if (pa < pb && ca > cb) out[i] = 1;
    else if (pa > pb && ca < cb) out[i] = -1;
  }
  return out;
}
