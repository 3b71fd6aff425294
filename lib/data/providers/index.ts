/**
 * Market-data provider collectors: adapters for Binance spot klines, Bybit v5 klines and Yahoo daily
 * charts, the machinery they share (token-bucket rate limits, retries with full-jitter backoff honouring
 * Retry-After, a circuit breaker, typed {@link ProviderError}s without secrets), failover across providers
 * by symbol class, and {@link collect}, which stores new bars incrementally with their source in the
 * version's metadata. Job scripts in jobs/collectors/ run {@link runCollectorScript}.
 * @example
 * const r = await collect(lib, "BTCUSDT", { interval: "1h", start: "2024-01-01" }); // Binance, else Bybit
 */
export { collect, latestTimestamp, firstTimestamp, storeActions, quarantineSymbol } from "./collect";
export type { BackfillPage, BatchQuality, BatchValidator, CollectOptions, CollectResult } from "./collect";
export { fetchWithFailover } from "./fetchWithFailover";
export type { FailoverOptions, FailoverResult } from "./fetchWithFailover";
export type { BarsWithActions, FetchBarsOptions, MarketDataProvider, ProviderName } from "./MarketDataProvider";
export { createProvider, PROVIDER_NAMES } from "./createProvider";
export type { ProviderOptionsByName } from "./createProvider";
export { binanceProvider, parseKlines, BINANCE_BASE_URL, BINANCE_MAX_LIMIT, BINANCE_KLINES_WEIGHT, BINANCE_RATE_LIMIT } from "./binance";
export type { BinanceOptions } from "./binance";
export { bybitProvider, parseBybitKlines, BYBIT_BASE_URL, BYBIT_MAX_LIMIT, BYBIT_RATE_LIMIT, BYBIT_RATE_LIMIT_CODE, BYBIT_INTERVALS } from "./bybit";
export type { BybitOptions } from "./bybit";
export { yahooProvider, parseChart, currentSession, YAHOO_BASE_URL, YAHOO_RATE_LIMIT, YAHOO_INTERVALS } from "./yahoo";
export type { YahooOptions } from "./yahoo";
export { parseChartEvents, unadjustSplits, actionsTable } from "./yahooEvents";
export { classifySymbol, PROVIDERS_BY_CLASS } from "./symbolClass";
export type { SymbolClass } from "./symbolClass";
export { INTERVALS, barEnd, checkInterval } from "./interval";
export type { Interval } from "./interval";
export { barsTable, barsCsv, BAR_COLUMNS } from "./bars";
export { paginate } from "./paginate";
export type { PaginateOptions } from "./paginate";
export { ProviderError, RETRYABLE_CODES } from "./ProviderError";
export type { ProviderErrorCode, ProviderErrorDetails } from "./ProviderError";
export { ProviderTransport } from "./ProviderTransport";
export type { RequestOptions, TransportOptions, TransportStats } from "./ProviderTransport";
export { getJson } from "./getJson";
export type { GetJsonOptions, JsonResponse } from "./getJson";
export { withRetry, fullJitterDelay, RETRY_DEFAULTS } from "./retry";
export type { RetryOptions } from "./retry";
export { parseRetryAfter } from "./retryAfter";
export { TokenBucket } from "./TokenBucket";
export type { TokenBucketOptions } from "./TokenBucket";
export { CircuitBreaker } from "./CircuitBreaker";
export type { CircuitBreakerOptions, CircuitState } from "./CircuitBreaker";
export { redactUrl } from "./redactUrl";
export { runCollectorScript, BASE_URL_ENV } from "./collectorScript";
export type { CollectorScriptContext } from "./collectorScript";
