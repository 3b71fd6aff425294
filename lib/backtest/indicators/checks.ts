import { InvalidOptionError } from "../errors";

/** @throws InvalidOptionError unless `period` is a whole number >= 1. */
export function checkPeriod(name: string, period: number): void {
  if (!(Number.isInteger(period) && period >= 1)) {
    throw new InvalidOptionError(`${name}: period must be a whole number >= 1, got ${period}`, { option: "period" });
  }
}

/** Index of the first non-NaN value (values.length when all are NaN). */
export function firstValue(values: ArrayLike<number>): number {
  let i = 0;
  while (i < values.length && Number.isNaN(values[i])) i++;
  return i;
}
