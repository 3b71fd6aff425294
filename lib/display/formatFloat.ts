/** Largest and smallest magnitudes written with decimals; beyond them, scientific notation. */
const MAX_FIXED = 1e16;

/** A non-finite float as pandas prints it. */
function nonFinite(v: number): string {
  return Number.isNaN(v) ? "NaN" : v > 0 ? "inf" : "-inf";
}

/** Whether `v` is written in scientific notation at `precision` decimals: too large, or non-zero and too small. */
function scientific(v: number, precision: number): boolean {
  const a = Math.abs(v);
  return a >= MAX_FIXED || (a > 0 && a < 10 ** -precision);
}

/** Decimals `v` needs at `precision`: trailing zeros of its rounded value dropped. */
function decimalsNeeded(v: number, precision: number): number {
  const fixed = v.toFixed(precision);
  const dot = fixed.indexOf(".");
  if (dot < 0) return 0;
  let end = fixed.length;
  while (end > dot + 1 && fixed[end - 1] === "0") end--;
  return end - dot - 1;
}

/** `v` in scientific notation with `precision` significant digits (at least 1), as pandas writes it: `1.23457e-07`. */
function formatScientific(v: number, precision: number): string {
  const [mantissa, exponent] = v.toExponential(Math.max(precision - 1, 0)).split("e");
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/**
 * Formats the floats of one column for display, all with one number of decimals so that they align:
 * the fewest (at least one, so a float never looks like an int) that show each value rounded to
 * `precision` decimals. Values of magnitude 1e16 and above, or below 10^-precision (but not zero),
 * are written as `1.23457e-07`. NaN and infinities print as pandas prints them (`NaN`, `inf`).
 * Formatting never changes the values; each printed value is within half a unit of its last digit.
 * @example formatFloats([1.5, 2.25, 3]) // ["1.50", "2.25", "3.00"]
 */
export function formatFloats(values: readonly number[], precision = 6): string[] {
  let decimals = Math.min(1, precision);
  for (const v of values) if (Number.isFinite(v) && !scientific(v, precision)) decimals = Math.max(decimals, decimalsNeeded(v, precision));
  return values.map((v) => (!Number.isFinite(v) ? nonFinite(v) : scientific(v, precision) ? formatScientific(v, precision) : fixed(v, decimals)));
}

/** `v` with `decimals` decimals; a negative zero after rounding prints as 0. */
function fixed(v: number, decimals: number): string {
  const text = v.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * One float for display, alone: at most `precision` decimals with trailing zeros dropped, integers
 * without decimals, scientific notation as in {@link formatFloats}.
 * @example formatFloat(0.1 + 0.2) // "0.3"
 */
export function formatFloat(v: number, precision = 6): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (scientific(v, precision)) return formatScientific(v, precision);
  return fixed(v, decimalsNeeded(v, precision));
}
