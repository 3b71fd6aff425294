import { Arctic, Library } from "../../store";
import { ProviderError } from "../providers/ProviderError";
import { FUNDAMENTAL_FIELDS, FundamentalField, FundamentalsRecord } from "./fields";
import { checkTicker, FundamentalsProvider, yahooFundamentalsProvider } from "./yahooQuoteSummary";

/** The library fundamentals are cached in, one symbol per ticker. */
export const FUNDAMENTALS_LIBRARY = "fundamentals";
/** Default time a fetched record is served from the cache: 24 hours. */
export const DEFAULT_FUNDAMENTALS_TTL_MS = 86_400_000;

/** Options of {@link fundamentals}. */
export interface FundamentalsOptions {
  /** How long a stored version is served without a request, from its metadata `fetchedAt`. @default 86400000 (24 h) */
  ttlMs?: number;
  /** Where fresh data comes from. @default yahooFundamentalsProvider() (the real, unofficial Yahoo endpoint) */
  provider?: FundamentalsProvider;
  /** Clock in epoch ms, for the age check and the new version's `fetchedAt`. @default Date.now */
  now?: () => number;
  /** Fetch even when the stored version is younger than `ttlMs`. @default false */
  force?: boolean;
}

/** What {@link fundamentals} returns. */
export interface FundamentalsResult {
  ticker: string;
  /** When the returned data was fetched from the provider. */
  fetchedAt: Date;
  /** True when a refresh failed and the stored version is returned instead (see `error`). */
  stale: boolean;
  /** True when the data was read from the store rather than fetched by this call. */
  fromCache: boolean;
  /** The store version the data is (the new one after a fetch). */
  version: number;
  data: FundamentalsRecord;
  /** The refresh's error, when `stale`. */
  error?: ProviderError;
}

/**
 * The fundamentals of `ticker`, cached in the `fundamentals` library with a time to live.
 *
 * When the symbol's latest version was fetched less than `ttlMs` ago (its metadata `fetchedAt`, compared to
 * `now()`), it is returned and no request is made. Otherwise (or with `force`) the provider is asked and
 * the answer is written as a new version: a one-row table with `timestamp` = fetch time and one column per
 * {@link FundamentalsRecord} field, metadata `{ source, fetchedAt (ISO), ttlMs }`. Every refresh is a new
 * version, so `lib.read(ticker, { asOf })` gives the fundamentals known at a past time.
 *
 * When the fetch fails with a ProviderError and a version is stored (fresh or not), that version is
 * returned with `stale: true` and the `error`; nothing is written.
 * @throws ProviderError INVALID_OPTIONS for an empty ticker or a negative/non-finite `ttlMs`; the fetch's
 *   ProviderError when nothing is stored for the ticker (nothing is written then); store errors as the
 *   Library throws them.
 * @example
 * const arctic = await Arctic.open();
 * const f = await fundamentals(arctic, "AAPL");            // fetched, version 0
 * const again = await fundamentals(arctic, "AAPL");        // fromCache: true, no request
 * console.log(f.data.marketCap, f.data.trailingPE, f.data.sector);
 */
export async function fundamentals(arctic: Arctic, ticker: string, options: FundamentalsOptions = {}): Promise<FundamentalsResult> {
  checkTicker(ticker);
  const { ttlMs = DEFAULT_FUNDAMENTALS_TTL_MS, now = Date.now, force = false } = options;
  if (typeof ttlMs !== "number" || !(ttlMs >= 0) || !Number.isFinite(ttlMs)) {
    throw new ProviderError(`fundamentals: 'ttlMs' must be a finite number >= 0, got ${String(ttlMs)} (${ticker})`, { code: "INVALID_OPTIONS", provider: "fundamentals", attempts: 0 });
  }
  const lib = await arctic.getLibrary(FUNDAMENTALS_LIBRARY, { createIfMissing: true });
  const cached = (await lib.hasSymbol(ticker)) ? await lib.readMetadata(ticker) : null;
  const cachedAt = cached === null ? NaN : fetchedAtOf(cached.metadata);
  if (cached !== null && !force && now() - cachedAt < ttlMs) {
    return { ...(await readCached(lib, ticker, cached.version, cachedAt)), stale: false };
  }
  const provider = options.provider ?? yahooFundamentalsProvider();
  let data: FundamentalsRecord;
  try {
    data = await provider.fetchFundamentals(ticker);
  } catch (error) {
    if (cached === null || !(error instanceof ProviderError)) throw error;
    return { ...(await readCached(lib, ticker, cached.version, cachedAt)), stale: true, error };
  }
  const fetchedAt = now();
  const row: Record<string, unknown[]> = { timestamp: [fetchedAt] };
  for (const field of Object.keys(FUNDAMENTAL_FIELDS) as FundamentalField[]) row[field] = [data[field] ?? null];
  const item = await lib.write(ticker, row, { metadata: { source: provider.name, fetchedAt: new Date(fetchedAt).toISOString(), ttlMs } });
  return { ticker, fetchedAt: new Date(fetchedAt), stale: false, fromCache: false, version: item.version, data: normalise(data) };
}

/** `fetchedAt` of a version's metadata in epoch ms; NaN when absent or unreadable (the version counts as expired). */
function fetchedAtOf(metadata: unknown): number {
  const value = (metadata as { fetchedAt?: unknown } | null | undefined)?.fetchedAt;
  return typeof value === "string" || typeof value === "number" ? new Date(value).getTime() : NaN;
}

async function readCached(lib: Library, ticker: string, version: number, cachedAt: number): Promise<Omit<FundamentalsResult, "stale">> {
  const { data: table } = await lib.read(ticker, { asOf: version });
  const stored = (table.numRows() > 0 ? table.objects()[table.numRows() - 1] : {}) as Record<string, unknown>;
  const fetchedAt = Number.isNaN(cachedAt) ? Number(stored.timestamp) : cachedAt;
  return { ticker, fetchedAt: new Date(fetchedAt), fromCache: true, version, data: normalise(stored) };
}

/** Exactly the record's fields, in order; absent ones null, bigints (integer columns) as numbers. */
function normalise(record: object): FundamentalsRecord {
  const values = record as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(FUNDAMENTAL_FIELDS)) {
    const v = values[field];
    out[field] = v === undefined || v === null ? null : typeof v === "bigint" ? Number(v) : v;
  }
  return out as unknown as FundamentalsRecord;
}
