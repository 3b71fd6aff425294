/**
 * How much of each wait is drawn at random: `"full"` anywhere in [0, cap], `"equal"` in [cap/2, cap],
 * `"none"` exactly the cap, or a fraction f in [0, 1] for [cap × (1 − f), cap].
 */
export type Jitter = "full" | "equal" | "none" | number;

/** Options of {@link backoffDelay}. */
export interface BackoffOptions {
  /** The cap of the first wait (attempt 1), in milliseconds. @default 1000 */
  baseMs?: number;
  /** The largest cap, in milliseconds: caps stop growing there. @default 60000 */
  maxMs?: number;
  /** Growth of the cap per attempt. @default 2 */
  factor?: number;
  /** How much of the wait is random. @default "full" */
  jitter?: Jitter;
  /** A uniform [0, 1) source (inject a fixed one in tests). @default Math.random */
  random?: () => number;
}

/** The defaults of {@link BackoffOptions}, in one place. */
export const BACKOFF_DEFAULTS = { baseMs: 1000, maxMs: 60_000, factor: 2, jitter: "full" } as const;

const JITTER_FRACTION = { full: 1, equal: 0.5, none: 0 } as const;

/**
 * The cap of the wait before retry number `attempt` (1 for the first): `min(maxMs, baseMs × factor^(attempt−1))`,
 * growing geometrically until it reaches `maxMs`.
 * @example backoffCap(3, { baseMs: 100 }) // 400
 */
export function backoffCap(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = BACKOFF_DEFAULTS.baseMs, maxMs = BACKOFF_DEFAULTS.maxMs, factor = BACKOFF_DEFAULTS.factor } = options;
  return Math.min(maxMs, baseMs * factor ** Math.max(0, attempt - 1));
}

/**
 * The one backoff of quantlab (job retries, provider retries, feed reconnects): the wait before retry
 * number `attempt` (1 for the first), in milliseconds, exponential and capped ({@link backoffCap}), with
 * jitter as in Marc Brooker, "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015): with a jitter
 * fraction f, the wait is `cap × (1 − f) + cap × f × random()`, so it lies in [cap × (1 − f), cap]. Jitter
 * spreads the retries of clients that failed together so they do not all come back at once.
 * @example backoffDelay(3, { baseMs: 100, jitter: "none" }) // 400
 * @example backoffDelay(3, { baseMs: 100, jitter: "equal", random: () => 0 }) // 200
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { jitter = BACKOFF_DEFAULTS.jitter, random = Math.random } = options;
  const f = typeof jitter === "number" ? jitter : JITTER_FRACTION[jitter];
  const cap = backoffCap(attempt, options);
  return cap * (1 - f) + cap * f * random();
}
