import { backoffDelay } from "../../backoff";

/** How a feed waits between reconnect attempts. */
export interface ReconnectOptions {
  /** Delay before the first reconnect attempt. @default 200 */
  initialDelayMs?: number;
  /** Longest delay. @default 10000 */
  maxDelayMs?: number;
  /** Growth per failed attempt. @default 2 */
  factor?: number;
  /** Fraction of the delay drawn at random (0 = none, 1 = anywhere in [0, delay]). @default 0.5 */
  jitter?: number;
  /** Give up after this many failed attempts in a row. @default Infinity */
  maxAttempts?: number;
}

/**
 * Delay before reconnect attempt `attempt` (1 = first): quantlab's {@link backoffDelay} with the
 * reconnect defaults above: the delay d = min(max, initial × factor^(attempt−1)) becomes
 * d × (1 − jitter) + d × jitter × random(). Jitter spreads many clients that lost the same server so they
 * do not all come back at once.
 * @example reconnectDelay(3, { initialDelayMs: 100, jitter: 0 }) // 400
 */
export function reconnectDelay(attempt: number, options: ReconnectOptions = {}, random: () => number = Math.random): number {
  const { initialDelayMs = 200, maxDelayMs = 10_000, factor = 2, jitter = 0.5 } = options;
  return backoffDelay(attempt, { baseMs: initialDelayMs, maxMs: maxDelayMs, factor, jitter, random });
}
