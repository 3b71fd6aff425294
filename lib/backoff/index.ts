/**
 * Waiting before trying again: {@link backoffDelay}, the one exponential backoff with jitter that job
 * retries, provider retries and feed reconnects share. It imports nothing, so every area may use it.
 */
export { backoffDelay, backoffCap, BACKOFF_DEFAULTS } from "./backoffDelay";
export type { BackoffOptions, Jitter } from "./backoffDelay";
