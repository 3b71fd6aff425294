import { InvalidDataError } from "../../errors";

const describe = (value: unknown) => (typeof value === "bigint" ? `${value}n` : typeof value === "string" ? JSON.stringify(value) : String(value));

/**
 * Checks a read's `rowRange`: absent, or `[start, end]` whose bounds are whole row numbers (negative
 * ones count from the end) or null/undefined for "from the first" / "to the last".
 * @returns the range with null for open bounds, or undefined when none was given.
 * @throws InvalidDataError naming the symbol and the bad bound (NaN, fractions, strings, Infinity...).
 */
export function checkRowRange(rowRange: unknown, library: string, symbol: string): [number | null, number | null] | undefined {
  if (rowRange === undefined || rowRange === null) return undefined;
  const fail = (what: string) =>
    new InvalidDataError(`rowRange for '${symbol}' must be [start, end] of whole row numbers (either may be null); ${what}`, { library, symbol });
  if (!Array.isArray(rowRange) || rowRange.length !== 2) throw fail(`got ${Array.isArray(rowRange) ? `${rowRange.length} bounds` : describe(rowRange)}`);
  return rowRange.map((bound, i) => {
    if (bound === null || bound === undefined) return null;
    if (typeof bound !== "number" || !Number.isSafeInteger(bound)) throw fail(`${i === 0 ? "start" : "end"} is ${describe(bound)}`);
    return bound;
  }) as [number | null, number | null];
}

/**
 * Checks the row count of head/tail: a whole number (negative: all but that many from the other end).
 * @throws InvalidDataError naming the symbol and the count.
 */
export function checkRowCount(call: "head" | "tail", n: unknown, library: string, symbol: string): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n)) {
    throw new InvalidDataError(`${call}('${symbol}', n): n must be a whole number of rows, got ${describe(n)}`, { library, symbol });
  }
  return n;
}
