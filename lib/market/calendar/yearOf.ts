/** Gregorian year of a civil day number. */
export function yearOf(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}

/** Memoises a per-year table (e.g. the holidays of a year), so each year's rules run once. */
export function perYear<T>(build: (year: number) => T): (year: number) => T {
  const cache = new Map<number, T>();
  return (year) => {
    let value = cache.get(year);
    if (value === undefined) {
      value = build(year);
      cache.set(year, value);
    }
    return value;
  };
}
