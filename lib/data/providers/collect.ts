import { TimeLike, toEpochMs } from "../../frame";
import { Library } from "../../store";
import { FailoverOptions, fetchWithFailover } from "./fetchWithFailover";
import { ProviderError } from "./ProviderError";

/** Options of {@link collect}. */
export interface CollectOptions extends Omit<FailoverOptions, "start"> {
  /**
   * First bar wanted when the symbol has no data yet (or `incremental` is false). Required then; ignored by
   * an incremental run over stored data, which starts right after the latest stored bar.
   */
  start?: TimeLike;
  /**
   * Fetch only after the latest stored timestamp and append; when false, fetch [start, end) and write it
   * as a new version replacing the data. @default true
   */
  incremental?: boolean;
  /** Extra fields for the version's metadata (source, interval, fetchedAt... are set by collect). @default {} */
  metadata?: Record<string, unknown>;
}

/** What a {@link collect} call did. */
export interface CollectResult {
  symbol: string;
  /** The provider the stored bars came from. */
  source: string;
  /** Bars stored (0 when nothing new had closed). */
  rows: number;
  /** The version written, or null when there was nothing new to store. */
  version: number | null;
  /** "write" for a first or full run, "append" for an incremental one, "none" when nothing was stored. */
  action: "write" | "append" | "none";
  /** The range fetched: [start, end). */
  start: Date;
  end: Date;
  /** Errors of the providers tried before `source`. */
  failures: ProviderError[];
}

/**
 * Collects a symbol's bars from market-data providers into a library.
 *
 * Incremental (the default): reads the latest stored bar (`lib.tail(symbol, 1)`), fetches the closed bars
 * after it up to `end`, and appends them as a new version (the first run, with nothing stored, writes
 * version 0 from `start`). So repeated runs give no duplicate and, while a provider has the bars, no gap.
 * Not incremental: fetches [start, end) and writes it as a new version replacing the symbol's data.
 *
 * Providers are tried in order (default by class: crypto Binance then Bybit, equities Yahoo); the first
 * that serves the whole range wins, and the version's metadata records `{ source, interval, fetchedAt,
 * start, end, rows, failedOver }` plus `options.metadata`. Nothing is stored when every provider fails or
 * there is no new closed bar (then `version` is null).
 *
 * Concurrency: the read of the latest bar and the append are two store calls; a writer appending to the
 * same symbol in between makes the append fail with UnsortedDataError (nothing lost), not a duplicate.
 * @throws ProviderError ALL_PROVIDERS_FAILED (each provider's error in `failures`), INVALID_OPTIONS for a
 *   bad interval or range or a missing `start`; store errors as the Library throws them.
 * @example
 * const lib = await (await Arctic.open()).getLibrary("crypto", { createIfMissing: true });
 * const r = await collect(lib, "BTCUSDT", { providers: ["binance", "bybit"], interval: "1h", start: "2024-01-01" });
 * console.log(r.source, r.rows, r.version);
 */
export async function collect(lib: Library, symbol: string, options: CollectOptions): Promise<CollectResult> {
  const incremental = options.incremental ?? true;
  const stored = incremental ? await latestTimestamp(lib, symbol) : null;
  let start: number;
  if (stored !== null) start = Math.floor(stored) + 1;
  else {
    if (options.start === undefined) {
      const why = incremental ? `${symbol} has no stored bars in '${lib.name}'; give 'start' for the first run` : `'start' is required when 'incremental' is false (${symbol})`;
      throw new ProviderError(`collect: ${why}`, { code: "INVALID_OPTIONS", provider: "collect", attempts: 0 });
    }
    start = toEpochMs(options.start);
  }
  const fetchedAt = new Date();
  const end = options.end === undefined ? fetchedAt.getTime() : toEpochMs(options.end);
  const { table, source, failures } = await fetchWithFailover(symbol, { ...options, start, end: Math.max(start, end) });
  const result: CollectResult = { symbol, source, rows: table.numRows(), version: null, action: "none", start: new Date(start), end: new Date(Math.max(start, end)), failures };
  if (table.numRows() === 0) return result;
  const metadata = {
    ...options.metadata,
    source,
    interval: options.interval,
    fetchedAt: fetchedAt.toISOString(),
    start: result.start.toISOString(),
    end: result.end.toISOString(),
    rows: table.numRows(),
    failedOver: failures.map((e) => ({ provider: e.provider, code: e.code, status: e.status ?? null, message: e.message })),
  };
  const item = stored !== null ? await lib.append(symbol, table, { metadata }) : await lib.write(symbol, table, { metadata });
  return { ...result, version: item.version, action: stored !== null ? "append" : "write" };
}

/**
 * The open time of the latest stored bar of `symbol` (epoch ms), or null when the symbol does not exist or
 * is empty.
 * @example await latestTimestamp(lib, "BTCUSDT") // 1704063600000
 */
export async function latestTimestamp(lib: Library, symbol: string): Promise<number | null> {
  if (!(await lib.hasSymbol(symbol))) return null;
  const last = await lib.tail(symbol, 1, { columns: ["timestamp"] });
  if (last.data.numRows() === 0) return null;
  return toEpochMs((last.data.array("timestamp") as ArrayLike<unknown>)[0] as number);
}
