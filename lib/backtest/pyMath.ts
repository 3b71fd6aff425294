/**
 * Python's float arithmetic where it differs from JavaScript's, so that unit counts and partial
 * closes come out exactly as backtesting.py computes them (`a // b` on floats, `round()`).
 */

/**
 * Python's `a // b` for floats (CPython's float_floor_div): floor of the quotient computed from the
 * exact remainder, which can differ from `Math.floor(a / b)` by one when `a / b` rounds up to an integer.
 * @example pyFloorDiv(7, 2) // 3
 */
export function pyFloorDiv(a: number, b: number): number {
  // Fast path: when a / b is not within rounding distance of an integer, its floor is the exact one.
  const x = a / b;
  const q = Math.floor(x);
  const frac = x - q;
  const tol = Math.max(1e-9, Math.abs(x) * 8 * Number.EPSILON);
  if (frac > tol && frac < 1 - tol && Math.abs(x) < 2 ** 52) return q;
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) {
    mod += b;
    div -= 1;
  }
  if (div === 0) return 0 * (a / b); // keeps the sign of zero like CPython
  const floored = Math.floor(div);
  return div - floored > 0.5 ? floored + 1 : floored;
}

/**
 * Python 3's `round(x)`: to the nearest integer, halves to the even neighbour (round(2.5) == 2).
 * @example pyRound(2.5) // 2
 */
export function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Python's (and C's) `x ** y` where it differs from JavaScript's: 1 to any power is 1, NaN included
 * (`1 ** NaN` is NaN in JavaScript), and -1 to ±Infinity is 1.
 * @example pyPow(1, NaN) // 1
 */
export function pyPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  return x ** y;
}

/** numpy's `np.sum` of a float64 array, bit for bit (it lives in lib/frame/window, shared with the Table verbs). */
export { numpySum } from "../frame";
