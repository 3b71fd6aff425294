import { InvalidOptionError } from "./errors";
import { seededRandom } from "../data";

/** Values to try per parameter: `{ fast: [5, 10, 20], slow: [20, 50] }`. */
export type ParameterGrid<P> = { [K in keyof P]?: readonly P[K][] };

/**
 * Every combination of the grid's values, the first parameter varying slowest (like itertools.product),
 * keeping those the constraint admits.
 * @throws InvalidOptionError when the grid is empty or a parameter has no values.
 * @example parameterCombos({ a: [1, 2], b: [3] }) // [{ a: 1, b: 3 }, { a: 2, b: 3 }]
 */
export function parameterCombos<P>(grid: ParameterGrid<P>, constraint?: (params: P) => boolean): P[] {
  const keys = Object.keys(grid ?? {}) as (keyof P & string)[];
  if (keys.length === 0) throw new InvalidOptionError("optimize: 'grid' needs at least one parameter with values to try", { option: "grid" });
  for (const key of keys) {
    const values = grid[key];
    if (!Array.isArray(values) || values.length === 0) {
      throw new InvalidOptionError(`optimize: grid parameter '${key}' must be a non-empty array of values, got ${JSON.stringify(values)}`, { option: "grid" });
    }
  }
  let combos: Record<string, unknown>[] = [{}];
  for (const key of keys) {
    const next: Record<string, unknown>[] = [];
    for (const combo of combos) for (const value of grid[key] as unknown[]) next.push({ ...combo, [key]: value });
    combos = next;
  }
  return (constraint ? combos.filter((c) => constraint(c as P)) : combos) as P[];
}

/**
 * A random subset of `combos` for a randomised grid search, as backtesting.py's `optimize(max_tries=...)`:
 * a `maxTries` in (0, 1] is a fraction of the combinations, a larger whole number a count. The subset is
 * drawn without replacement from a generator seeded with `seed` (the same seed and grid give the same
 * subset) and keeps the grid's order. backtesting.py keeps each combination with probability
 * fraction, so its count varies around the target; here it is exactly `min(maxTries, combos)` or
 * `max(1, round(fraction * combos))`.
 * @throws InvalidOptionError when maxTries is not a number > 0, or above 1 and not whole.
 * @example sampleCombos(parameterCombos({ a: [1, 2, 3, 4] }), 2, 7) // two of the four, in grid order
 */
export function sampleCombos<P>(combos: readonly P[], maxTries: number, seed: number): P[] {
  if (typeof maxTries !== "number" || !(maxTries > 0) || !Number.isFinite(maxTries) || (maxTries > 1 && !Number.isInteger(maxTries))) {
    throw new InvalidOptionError(`optimize: 'maxTries' must be a fraction in (0, 1] or a whole number of runs > 1, got ${maxTries}`, { option: "maxTries" });
  }
  const n = combos.length;
  const k = maxTries <= 1 ? Math.min(n, Math.max(1, Math.round(maxTries * n))) : Math.min(n, maxTries);
  if (k === n) return [...combos];
  const random = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i)); // partial Fisher-Yates: order[0..k) is a uniform k-subset
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order
    .slice(0, k)
    .sort((a, b) => a - b)
    .map((i) => combos[i]);
}
