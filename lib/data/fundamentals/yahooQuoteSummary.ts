import { ProviderError } from "../providers/ProviderError";
import { ProviderTransport, TransportOptions } from "../providers/ProviderTransport";
import { redactUrl } from "../providers/redactUrl";
import { YAHOO_BASE_URL, YAHOO_RATE_LIMIT } from "../providers/yahoo";
import { FUNDAMENTAL_FIELDS, FundamentalsRecord } from "./fields";

/*
 * Yahoo Finance quoteSummary, GET /v10/finance/quoteSummary/{symbol}?modules=a,b,c. UNOFFICIAL: Yahoo
 * publishes no reference for it and may change or restrict it at any time. The format below is the one
 * described by public clients of the endpoint:
 * - finance-query (Rust crate) docs, src/models/quote/response.rs and src/models/quote/mod.rs on docs.rs:
 *   one object per requested module under `quoteSummary.result[0]`, any module may be absent for a symbol;
 *   numeric fields are "formatted value" wrappers.
 * - quantr's R/yahoo.R (rdrr.io/github/pieterprovoost/quantr): the URL form above and reading `$raw` of each
 *   wrapped value.
 * Shape: { quoteSummary: { result: [{ price: {...}, summaryDetail: {...}, ... }], error: null } } where a
 * number comes as { raw: 2.9e12, fmt: "2.9T" } (an empty {} when Yahoo has no value) and strings are plain.
 * Seen in the wild and handled (yahoo-finance2 issue threads on GitHub): `{}` for a number Yahoo lacks
 * (gadicc/yahoo-finance2#258) and the string "Infinity" for a ratio such as summaryDetail.trailingPE
 * (gadicc/yahoo-finance2#839); both read as null here.
 * Errors: { quoteSummary: { result: null, error: { code: "Not Found", description: "..." } } }, usually with
 * HTTP 404 (the same envelope as the chart API's chart.error, see ../providers/yahoo.ts).
 * Since 2023 the real host also wants a cookie and a `crumb` query parameter; they can be passed as
 * options, obtaining them is out of scope. No documented rate limit: the chart adapter's polite default.
 */

/** The modules requested: price, valuation, key statistics, financial data and the company profile. */
export const QUOTE_SUMMARY_MODULES = ["price", "summaryDetail", "defaultKeyStatistics", "financialData", "assetProfile"] as const;

/** A source of fundamentals for one ticker at a time (the Yahoo adapter, or a stand-in). */
export interface FundamentalsProvider {
  /** Recorded as `source` in the stored version's metadata. */
  readonly name: string;
  /**
   * The current fundamentals of `ticker`, every field present (null when the provider has no value).
   * @throws ProviderError when the provider fails or answers with an error or a malformed body.
   */
  fetchFundamentals(ticker: string): Promise<FundamentalsRecord>;
}

/** Options of {@link yahooFundamentalsProvider}. */
export interface YahooFundamentalsOptions extends TransportOptions {
  /** API root. @default "https://query1.finance.yahoo.com" */
  baseUrl?: string;
  /** Yahoo's `crumb` query parameter (redacted from error messages). @default none */
  crumb?: string;
  /** A Cookie header to send with the crumb (never put into messages). @default none */
  cookie?: string;
}

/**
 * The Yahoo quoteSummary adapter: one request per ticker through a {@link ProviderTransport} (token bucket,
 * retries with backoff on 429/5xx/timeouts, circuit breaker, redacted errors), normalised by
 * {@link parseQuoteSummary}. The endpoint is unofficial (see the comment at the top of this file).
 * @example
 * const yahoo = yahooFundamentalsProvider();
 * const f = await yahoo.fetchFundamentals("AAPL"); // { marketCap: 2.9e12, trailingPE: 29.1, sector: "Technology", ... }
 */
export function yahooFundamentalsProvider(options: YahooFundamentalsOptions = {}): FundamentalsProvider & { transport: ProviderTransport } {
  const name = "yahoo";
  const baseUrl = (options.baseUrl ?? YAHOO_BASE_URL).replace(/\/+$/, "");
  const transport = new ProviderTransport(name, { rateLimit: YAHOO_RATE_LIMIT, ...options });
  const headers = options.cookie === undefined ? undefined : { cookie: options.cookie };

  async function fetchFundamentals(ticker: string): Promise<FundamentalsRecord> {
    checkTicker(ticker);
    const query = new URLSearchParams({ modules: QUOTE_SUMMARY_MODULES.join(",") });
    if (options.crumb !== undefined) query.set("crumb", options.crumb);
    const url = `${baseUrl}/v10/finance/quoteSummary/${encodeURIComponent(ticker)}?${query}`;
    const { body } = await transport.getJson(url, { headers, describeError: quoteSummaryError });
    return parseQuoteSummary(body, ticker, redactUrl(url));
  }

  return { name, fetchFundamentals, transport };
}

/** @throws ProviderError INVALID_OPTIONS for an empty or non-string ticker. */
export function checkTicker(ticker: unknown): asserts ticker is string {
  if (typeof ticker !== "string" || ticker.trim() === "") {
    throw new ProviderError(`fundamentals: 'ticker' must be a non-empty string, got ${JSON.stringify(ticker)}`, { code: "INVALID_OPTIONS", provider: "fundamentals", attempts: 0 });
  }
}

function quoteSummaryError(body: unknown): string | undefined {
  const error = (body as { quoteSummary?: { error?: { code?: unknown; description?: unknown } } } | null)?.quoteSummary?.error;
  return error ? `${String(error.code)}: ${String(error.description)}` : undefined;
}

/**
 * A quoteSummary answer to a flat {@link FundamentalsRecord}: each field from the first of its sources
 * (see {@link FUNDAMENTAL_FIELDS}) that has a value; `{ raw, fmt }` wrappers give `raw`; a missing module,
 * a missing key or an empty wrapper `{}` give null.
 * @throws ProviderError REQUEST_REJECTED for a `quoteSummary.error` (message names the ticker and quotes
 *   Yahoo's description); MALFORMED when there is no `quoteSummary.result[0]` or a value has the wrong type
 *   (message names the ticker and `module.key`).
 * @example parseQuoteSummary({ quoteSummary: { result: [{ summaryDetail: { beta: { raw: 1.2, fmt: "1.20" } } }], error: null } }, "AAPL", url).beta // 1.2
 */
export function parseQuoteSummary(body: unknown, ticker: string, url: string): FundamentalsRecord {
  const provider = "yahoo";
  const envelope = (body as { quoteSummary?: { result?: unknown; error?: unknown } } | null)?.quoteSummary;
  if (!envelope || typeof envelope !== "object") {
    throw new ProviderError(`yahoo: quoteSummary answer for ${ticker} has no 'quoteSummary' object: ${JSON.stringify(body ?? null).slice(0, 120)}`, { code: "MALFORMED", provider, url });
  }
  if (envelope.error) throw new ProviderError(`yahoo: quoteSummary for ${ticker}: ${quoteSummaryError(body)} (${url})`, { code: "REQUEST_REJECTED", provider, url });
  const result = Array.isArray(envelope.result) ? (envelope.result[0] as unknown) : undefined;
  if (!result || typeof result !== "object") throw new ProviderError(`yahoo: quoteSummary answer for ${ticker} has no 'quoteSummary.result[0]'`, { code: "MALFORMED", provider, url });
  const modules = result as Record<string, unknown>;
  const record: Record<string, number | string | null> = {};
  for (const [field, spec] of Object.entries(FUNDAMENTAL_FIELDS)) {
    let value: number | string | null = null;
    for (const [module, key] of spec.from) {
      const section = modules[module];
      if (section === null || section === undefined) continue;
      if (typeof section !== "object") throw new ProviderError(`yahoo: quoteSummary for ${ticker}: module '${module}' is not an object`, { code: "MALFORMED", provider, url });
      value = readValue((section as Record<string, unknown>)[key], spec.type, () => `yahoo: quoteSummary for ${ticker}: '${module}.${key}'`, url);
      if (value !== null) break;
    }
    record[field] = value;
  }
  return record as unknown as FundamentalsRecord;
}

function readValue(value: unknown, type: "number" | "string", where: () => string, url: string): number | string | null {
  if (value === null || value === undefined) return null;
  let v = value;
  if (typeof v === "object" && !Array.isArray(v)) {
    // { raw, fmt } wrapper; {} means Yahoo has no value. Dates come as { raw: epochSeconds, fmt: "2024-..." }.
    const raw = (v as { raw?: unknown }).raw;
    if (raw === null || raw === undefined) return null;
    v = raw;
  }
  if (type === "number") {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    // Yahoo writes "Infinity" for some ratios with a zero denominator: no meaningful value.
    if (v === "Infinity" || v === "-Infinity" || (typeof v === "number" && !Number.isFinite(v))) return null;
    throw new ProviderError(`${where()} must be a number or { raw: number }, got ${JSON.stringify(value).slice(0, 80)}`, { code: "MALFORMED", provider: "yahoo", url });
  }
  if (typeof v === "string") return v;
  throw new ProviderError(`${where()} must be a string, got ${JSON.stringify(value).slice(0, 80)}`, { code: "MALFORMED", provider: "yahoo", url });
}
