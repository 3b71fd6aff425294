import { setTimeout as sleep } from "timers/promises";

/** Options of {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Most tokens the bucket holds: the largest burst. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Waits `ms` milliseconds. @default Node's timers/promises setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/** The default wait everywhere in the providers: Node's timers/promises setTimeout. */
export const defaultSleep: (ms: number) => Promise<void> = (ms) => sleep(ms);

/**
 * A token bucket rate limiter: each request takes its weight in tokens, refilled at a steady rate up to
 * the capacity. One bucket per provider, sized from the provider's documented limit (see each adapter).
 * Requests wait in call order. Holds no timer between calls, so there is nothing to close.
 * @example
 * const bucket = new TokenBucket({ capacity: 6000, refillPerSecond: 100 }); // Binance: 6000 weight / minute
 * await bucket.take(2); // a klines request
 */
export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  #tokens: number;
  #updated: number;
  #queue: Promise<void> = Promise.resolve();
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Total milliseconds callers waited for tokens (for tests and reports). */
  waitedMs = 0;

  constructor({ capacity, refillPerSecond, now = Date.now, sleep = defaultSleep }: TokenBucketOptions) {
    if (!(capacity > 0) || !(refillPerSecond > 0)) {
      throw new RangeError(`TokenBucket: 'capacity' and 'refillPerSecond' must be positive, got ${capacity} and ${refillPerSecond}`);
    }
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.#now = now;
    this.#sleep = sleep;
    this.#tokens = capacity;
    this.#updated = now();
  }

  /** Tokens available now. */
  get tokens(): number {
    this.#refill();
    return this.#tokens;
  }

  /**
   * Lowers the tokens available to at most `tokens` (never raises them): for a provider that reports what
   * is left of its limit (Binance's X-MBX-USED-WEIGHT-1M), which other processes on the same IP also spend.
   * @example bucket.limitTo(6000 - usedWeight)
   */
  limitTo(tokens: number): void {
    this.#refill();
    if (Number.isFinite(tokens)) this.#tokens = Math.max(0, Math.min(this.#tokens, tokens));
  }

  /**
   * Waits until `weight` tokens are available, then takes them.
   * @throws RangeError when `weight` exceeds the capacity (it could never be served).
   */
  take(weight = 1): Promise<void> {
    if (weight > this.capacity) throw new RangeError(`TokenBucket: a weight of ${weight} exceeds the capacity ${this.capacity}`);
    const turn = this.#queue.then(() => this.#takeNow(weight));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #takeNow(weight: number): Promise<void> {
    for (;;) {
      this.#refill();
      if (this.#tokens >= weight) {
        this.#tokens -= weight;
        return;
      }
      const waitMs = Math.ceil(((weight - this.#tokens) / this.refillPerSecond) * 1000);
      this.waitedMs += waitMs;
      await this.#sleep(waitMs);
    }
  }

  #refill(): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#updated) / 1000;
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.refillPerSecond);
    this.#updated = now;
  }
}
