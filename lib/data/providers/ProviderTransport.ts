import { CircuitBreaker, CircuitBreakerOptions } from "./CircuitBreaker";
import { getJson, JsonResponse } from "./getJson";
import { ProviderError } from "./ProviderError";
import { redactUrl } from "./redactUrl";
import { RetryOptions, withRetry } from "./retry";
import { defaultSleep, TokenBucket } from "./TokenBucket";

/** Options every adapter accepts for its requests (see each adapter for its defaults). */
export interface TransportOptions {
  /** Rate limit as a token bucket; `false` turns it off. @default the provider's documented limit */
  rateLimit?: { capacity: number; refillPerSecond: number } | false;
  /** Retry policy for one request. @default {@link RETRY_DEFAULTS} */
  retry?: Omit<RetryOptions, "sleep" | "random">;
  /** Circuit breaker of the provider. @default { failureThreshold: 5, cooldownMs: 30000 } */
  circuitBreaker?: Omit<CircuitBreakerOptions, "now">;
  /** Per-request timeout. @default 10000 */
  timeoutMs?: number;
  /** Waits (rate limit and backoff); inject a recorder in tests. @default a setTimeout promise */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source. @default Math.random */
  random?: () => number;
  /** Clock in epoch ms (bucket, breaker, Retry-After dates, closed-bar cut). @default Date.now */
  now?: () => number;
}

/** What one request needs besides the URL. */
export interface RequestOptions {
  /** Tokens the request costs (Binance's weight). @default 1 */
  weight?: number;
  headers?: Record<string, string>;
  describeError?: (body: unknown) => string | undefined;
  /** Checks a 2xx body for provider-level errors (Bybit's retCode) and throws a ProviderError. */
  checkBody?: (response: JsonResponse, url: string) => void;
}

/** Counters of a transport, for reports and tests. */
export interface TransportStats {
  requests: number;
  retries: number;
  backoffMs: number;
  failures: number;
}

/**
 * The request path of one provider: circuit breaker, then token bucket, then GET with retries and
 * backoff. Adapters own one each, so limits and breaker state are per provider and persist across calls
 * on the same adapter. Holds no timer or socket between requests: nothing to close.
 * @example const transport = new ProviderTransport("binance", { rateLimit: { capacity: 6000, refillPerSecond: 100 } })
 */
export class ProviderTransport {
  readonly provider: string;
  readonly breaker: CircuitBreaker;
  readonly bucket: TokenBucket | null;
  readonly stats: TransportStats = { requests: 0, retries: 0, backoffMs: 0, failures: 0 };
  readonly now: () => number;
  readonly #options: TransportOptions;

  constructor(provider: string, options: TransportOptions = {}) {
    this.provider = provider;
    this.#options = options;
    this.now = options.now ?? Date.now;
    const sleep = options.sleep ?? defaultSleep;
    this.breaker = new CircuitBreaker({ ...options.circuitBreaker, now: this.now });
    this.bucket = options.rateLimit === false || options.rateLimit === undefined ? null : new TokenBucket({ ...options.rateLimit, now: this.now, sleep });
  }

  /**
   * GET `url` as JSON under the provider's limits.
   * @throws ProviderError CIRCUIT_OPEN without sending anything when the breaker is open; otherwise the
   *   request's last error with `attempts` set (see {@link getJson} for the codes).
   */
  async getJson(url: string, request: RequestOptions = {}): Promise<JsonResponse> {
    if (!this.breaker.allowRequest()) {
      throw new ProviderError(`${this.provider}: circuit open after ${this.breaker.consecutiveFailures} consecutive failed requests; next trial in ${this.breaker.retryInMs} ms`, { code: "CIRCUIT_OPEN", provider: this.provider, url: redactUrl(url), attempts: 0 }
      );
    }
    const sleep = this.#options.sleep ?? defaultSleep;
    try {
      const response = await withRetry(
        async () => {
          await this.bucket?.take(request.weight ?? 1);
          this.stats.requests++;
          const answer = await getJson(url, { provider: this.provider, headers: request.headers, timeoutMs: this.#options.timeoutMs, now: this.now, describeError: request.describeError });
          request.checkBody?.(answer, redactUrl(url));
          return answer;
        },
        {
          ...this.#options.retry,
          sleep,
          random: this.#options.random,
          onRetry: (_attempt, _error, delay) => {
            this.stats.retries++;
            this.stats.backoffMs += delay;
          },
        },
      );
      this.breaker.recordSuccess();
      return response;
    } catch (error) {
      // A rejected request (bad symbol or parameters) says nothing about the provider's health.
      if (error instanceof ProviderError && error.code === "REQUEST_REJECTED") this.breaker.recordSuccess();
      else {
        this.stats.failures++;
        this.breaker.recordFailure();
      }
      throw error;
    }
  }
}
