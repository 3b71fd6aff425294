import { backoffDelay } from "../../backoff";
import { ProviderError } from "./ProviderError";
import { defaultSleep } from "./TokenBucket";

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Attempts in all, the first included. @default 4 */
  maxAttempts?: number;
  /** Backoff base: the cap of the wait before attempt 2 (doubling each attempt). @default 500 */
  baseDelayMs?: number;
  /** Largest backoff wait. @default 30000 */
  maxDelayMs?: number;
  /**
   * A Retry-After longer than this is not waited for: the error is thrown at once (a ban of minutes is
   * better handled by failing over than by sleeping). @default 120000
   */
  maxRetryAfterMs?: number;
  /** @default a setTimeout promise */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform [0, 1) source of the jitter. @default Math.random */
  random?: () => number;
  /** Called before each wait (for logs and tests): the attempt that failed, its error and the wait. */
  onRetry?: (attempt: number, error: ProviderError, delayMs: number) => void;
}

/** The defaults of {@link RetryOptions}, in one place. */
export const RETRY_DEFAULTS = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 } as const;

/**
 * The wait before attempt `attempt + 1`: quantlab's {@link backoffDelay} with "full jitter", a uniform draw in
 * [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))) (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015), or the provider's Retry-After when it gave one.
 * @example fullJitterDelay(3, { baseDelayMs: 100 }, () => 0.5) // 200: half of 100 * 2^2
 */
export function fullJitterDelay(attempt: number, options: RetryOptions = {}, random: () => number = Math.random, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const baseMs = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  return Math.floor(backoffDelay(attempt, { baseMs, maxMs: options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs, jitter: "full", random }));
}

/**
 * Runs `attempt` until it succeeds, retrying retryable {@link ProviderError}s (rate limit, 5xx, timeout,
 * network) with {@link fullJitterDelay} waits. Anything else is thrown at once. The error finally thrown
 * carries the number of attempts made in `attempts`.
 * @throws the last ProviderError (with `attempts` set), or the first non-retryable error.
 * @example const body = await withRetry(() => getJson(url), { maxAttempts: 3 })
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      error.attempts = n;
      if (!error.retryable || n >= maxAttempts) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfterMs) throw error;
      const delay = fullJitterDelay(n, options, random, error.retryAfterMs);
      options.onRetry?.(n, error, delay);
      await sleep(delay);
    }
  }
}
