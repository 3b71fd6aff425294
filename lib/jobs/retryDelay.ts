/** Options of {@link retryDelay}. */
export interface RetryDelayOptions {
  /** Delay before the first retry, before jitter. @default 1000 */
  baseMs?: number;
  /** Upper bound of any delay. @default 60000 */
  maxMs?: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential backoff with "equal jitter"
 * as described in Marc Brooker, "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015):
 * the capped exponential `d = min(maxMs, baseMs * 2^(retry-1))`, of which half is kept and half drawn
 * uniformly, so the delay lies in [d/2, d]. Jitter spreads retries of jobs that failed together.
 * @param random a uniform [0, 1) source. @default Math.random
 * @example retryDelay(3, { baseMs: 100 }, () => 0) // 200 (d = 400, half of it)
 */
export function retryDelay(retry: number, { baseMs = 1000, maxMs = 60_000 }: RetryDelayOptions = {}, random: () => number = Math.random): number {
  const d = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return d / 2 + random() * (d / 2);
}
