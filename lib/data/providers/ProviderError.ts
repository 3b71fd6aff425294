import { QuantlabError } from "../../errors";
import type { ErrorDetails } from "../../errors";

/** Stable codes of {@link ProviderError}: what went wrong, so callers can decide without parsing messages. */
export type ProviderErrorCode =
  /** The provider answered 429 (or its own rate-limit code, e.g. Bybit retCode 10006). Retried. */
  | "RATE_LIMITED"
  /** The provider banned this IP (Binance 418, Bybit 403): not retried, the provider is skipped. */
  | "BANNED"
  /** A 5xx answer. Retried. */
  | "SERVER_ERROR"
  /** A 4xx other than 429/418 (bad symbol, bad parameters), or an API error envelope. Not retried. */
  | "REQUEST_REJECTED"
  /** No answer within the timeout. Retried. */
  | "TIMEOUT"
  /** The connection failed (refused, reset, DNS). Retried. */
  | "NETWORK"
  /** The body is not the documented format (not JSON, missing fields, non-numeric prices). Not retried. */
  | "MALFORMED"
  /** The circuit breaker is open: no request was sent. */
  | "CIRCUIT_OPEN"
  /** Every provider tried for a symbol failed; `failures` holds each one's error. */
  | "ALL_PROVIDERS_FAILED"
  /** The caller's options are invalid (unknown interval, provider or range). */
  | "INVALID_OPTIONS";

/** The codes worth another attempt after a backoff. */
export const RETRYABLE_CODES: ReadonlySet<ProviderErrorCode> = new Set(["RATE_LIMITED", "SERVER_ERROR", "TIMEOUT", "NETWORK"]);

/** Fields of a {@link ProviderError} besides its message (symbol and cause are kept by QuantlabError). */
export interface ProviderErrorDetails extends ErrorDetails {
  code: ProviderErrorCode;
  provider: string;
  /** HTTP status when the provider answered. */
  status?: number;
  /** The request URL with credentials removed ({@link redactUrl}). */
  url?: string;
  /** Attempts made for this request (1 when it was not retried). */
  attempts?: number;
  /** The wait the provider asked for (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** The errors of the providers tried, for ALL_PROVIDERS_FAILED. */
  failures?: ProviderError[];
}

/**
 * An error from a market-data provider. Messages name the provider, symbol and field and never contain an
 * API key: URLs are redacted and request headers are never included.
 * @example
 * try { await binance.fetchBars("BTCUSDT", { interval: "1h", start, end }) }
 * catch (e) { if (e instanceof ProviderError && e.code === "RATE_LIMITED") console.error(e.retryAfterMs) }
 */
export class ProviderError extends QuantlabError {
  readonly code: ProviderErrorCode;
  readonly provider: string;
  readonly status?: number;
  readonly url?: string;
  attempts: number;
  readonly retryAfterMs?: number;
  readonly failures: ProviderError[];

  constructor(message: string, details: ProviderErrorDetails) {
    super(message, details);
    this.code = details.code;
    this.provider = details.provider;
    this.status = details.status;
    this.url = details.url;
    this.attempts = details.attempts ?? 1;
    this.retryAfterMs = details.retryAfterMs;
    this.failures = details.failures ?? [];
  }

  /** Whether another attempt may succeed (rate limit, 5xx, timeout, network). */
  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }
}
