import { Reject } from "./Tick";

const { None, Timestamp, Price, Size, Future, Jump } = Reject;

/** Limits a tick must respect, from the manager's options. */
export interface TickLimits {
  /** Largest accepted |price / lastPrice − 1|; Infinity turns the check off. */
  maxDeviation: number;
  /** Latest accepted timestamp, as a distance from the wall clock in ms. */
  maxFutureMs: number;
}

/**
 * Checks the fields of a tick and returns why it must be rejected, or `Reject.None`. The timestamp must
 * already be a number (a Date converted by the caller). `lastPrice` is the symbol's latest accepted price
 * (0 before the first tick); `now` is the wall clock in ms.
 * - timestamp: not finite; future: later than now + maxFutureMs
 * - price: not a finite number > 0; size: not a finite number >= 0
 * - jump: more than maxDeviation away from lastPrice, relative to lastPrice
 * @example checkTick(1.7e12, -5, 1, 100, Date.now(), limits) // Reject.Price
 */
export function checkTick(ts: number, price: unknown, size: unknown, lastPrice: number, now: number, limits: TickLimits): Reject {
  if (!Number.isFinite(ts)) return Timestamp;
  if (typeof price !== "number" || !(price > 0) || price === Infinity) return Price;
  if (typeof size !== "number" || !(size >= 0) || size === Infinity) return Size;
  if (ts > now + limits.maxFutureMs) return Future;
  if (lastPrice > 0 && Math.abs(price - lastPrice) > limits.maxDeviation * lastPrice) return Jump;
  return None;
}
