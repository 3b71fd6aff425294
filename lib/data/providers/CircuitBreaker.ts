/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failed requests that open the circuit. @default 5 */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial request is let through (half-open). @default 30000 */
  cooldownMs?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** closed: requests flow; open: requests fail at once; half-open: one trial request decides. */
export type CircuitState = "closed" | "open" | "half-open";

/**
 * A circuit breaker for one provider: after `failureThreshold` consecutive failed requests (each already
 * retried) it opens and refuses requests for `cooldownMs`, so a provider that is down is skipped quickly and
 * failover moves on; then it lets one trial through (half-open), which closes it on success or reopens it.
 * @example
 * const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 60_000 });
 * if (breaker.allowRequest()) { try { await call(); breaker.recordSuccess() } catch { breaker.recordFailure() } }
 */
export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly #now: () => number;
  #failures = 0;
  #openedAt: number | null = null;
  #trialInFlight = false;

  constructor({ failureThreshold = 5, cooldownMs = 30_000, now = Date.now }: CircuitBreakerOptions = {}) {
    if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
      throw new RangeError(`CircuitBreaker: 'failureThreshold' must be a positive integer, got ${failureThreshold}`);
    }
    if (!(cooldownMs >= 0)) throw new RangeError(`CircuitBreaker: 'cooldownMs' must be >= 0, got ${cooldownMs}`);
    this.failureThreshold = failureThreshold;
    this.cooldownMs = cooldownMs;
    this.#now = now;
  }

  /** The state now (an open circuit whose cool-down has passed reads as half-open). */
  get state(): CircuitState {
    if (this.#openedAt === null) return "closed";
    return this.#now() - this.#openedAt >= this.cooldownMs ? "half-open" : "open";
  }

  /** Consecutive failures counted so far. */
  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** Milliseconds until an open circuit lets a trial through (0 when not open). */
  get retryInMs(): number {
    return this.#openedAt === null ? 0 : Math.max(0, this.#openedAt + this.cooldownMs - this.#now());
  }

  /** Whether a request may be sent now; in half-open state only the first caller gets true until it reports. */
  allowRequest(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open" || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  /** A request succeeded: the circuit closes and the failure count resets. */
  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = null;
    this.#trialInFlight = false;
  }

  /** A request failed: counts it, and opens (or reopens, after a failed trial) the circuit at the threshold. */
  recordFailure(): void {
    this.#failures++;
    const trial = this.#trialInFlight;
    this.#trialInFlight = false;
    if (trial || this.#failures >= this.failureThreshold) this.#openedAt = this.#now();
  }
}
