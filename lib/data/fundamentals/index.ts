/**
 * Fundamentals: a TTL-cached record of valuation and company figures per ticker in the `fundamentals`
 * library (each refresh a new version), fetched from Yahoo's unofficial quoteSummary endpoint through the
 * provider machinery of lib/data/providers (token bucket, retries, circuit breaker, redacted errors).
 * @example
 * const f = await fundamentals(arctic, "AAPL", { ttlMs: 6 * 3_600_000 });
 * console.log(f.fromCache, f.data.trailingPE, f.data.sector);
 */
export { fundamentals, FUNDAMENTALS_LIBRARY, DEFAULT_FUNDAMENTALS_TTL_MS } from "./fundamentals";
export type { FundamentalsOptions, FundamentalsResult } from "./fundamentals";
export { yahooFundamentalsProvider, parseQuoteSummary, QUOTE_SUMMARY_MODULES } from "./yahooQuoteSummary";
export type { FundamentalsProvider, YahooFundamentalsOptions } from "./yahooQuoteSummary";
export { FUNDAMENTAL_FIELDS } from "./fields";
export type { FundamentalsRecord, FundamentalField, FieldSpec } from "./fields";
