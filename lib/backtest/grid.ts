import { InvalidOptionError } from "./errors";

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
