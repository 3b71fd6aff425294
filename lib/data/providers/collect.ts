import { Table, TimeLike, toEpochMs } from "../../frame";
import { actionsSymbol } from "../../market";
import { Library } from "../../store";
import { FailoverOptions, fetchWithFailover } from "./fetchWithFailover";
import { barEnd, checkInterval } from "./interval";
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
  /**
   * Also fetch backwards, from the first stored bar down to `start` (required then), in pages of `pageBars`
   * bars, newest page first; each page goes through the same providers, retries, rate limits and failover
   * as a forward run and is stored with `update` as its own version, so an interrupted backfill keeps the
   * pages it finished and a new run resumes below them. Only with stored data and `incremental`. @default false
   */
  backfill?: boolean;
  /** Bars per backfill page (one request per page and provider, Binance's limit is 1000). @default 1000 */
  pageBars?: number;
  /**
   * Judges each fetched batch before it is stored (lib/validate's `collectCheck` builds one on
   * validateOhlcv). Its verdict goes into the result (`quality`) and the stored version's metadata. @default none
   */
  validate?: BatchValidator;
  /**
   * What to do with a batch the validator finds bad: "refuse" stores nothing (action "refused");
   * "quarantine" stores it in `<symbol>.quarantine` (appended, one version per batch, its metadata holding the
   * findings) and leaves the symbol as it was (action "quarantined"). @default "refuse"
   */
  onInvalid?: "refuse" | "quarantine";
}

/** A validator's verdict on one batch of bars. */
export interface BatchQuality {
  /** False when the batch must not be stored as it is. */
  ok: boolean;
  /** Quality in [0, 1] (validateOhlcv's score). */
  score: number;
  /** What was found, in words (each naming rows and values), empty when nothing. */
  findings: string[];
}

/** Judges a batch of collected bars (a Table of timestamp, open, high, low, close, volume). */
export type BatchValidator = (bars: Table, context: { symbol: string; library: string }) => BatchQuality;

/** The symbol beside `symbol` where refused batches go with `onInvalid: "quarantine"`. */
export const quarantineSymbol = (symbol: string) => `${symbol}.quarantine`;

/** One page of a backfill. */
export interface BackfillPage {
  start: Date;
  end: Date;
  source: string;
  rows: number;
  /** The version the page was stored as, or null for a page without bars (a weekend, a holiday, before listing). */
  version: number | null;
  failures: ProviderError[];
  /** The validator's verdict; a page it finds bad is not stored. */
  quality: BatchQuality | null;
}

/** What a {@link collect} call did. */
export interface CollectResult {
  symbol: string;
  /** The provider the stored bars came from. */
  source: string;
  /** Bars stored (0 when nothing new had closed). */
  rows: number;
  /** The version written (of `<symbol>.quarantine` when quarantined), or null when nothing was stored. */
  version: number | null;
  /**
   * "write" for a first or full run, "append" for an incremental one, "none" when nothing new was fetched,
   * "refused" / "quarantined" when the validator found the batch bad (see `onInvalid`).
   */
  action: "write" | "append" | "none" | "refused" | "quarantined";
  /** The validator's verdict on the batch, or null without `validate` (or with no new bars). */
  quality: BatchQuality | null;
  /** The range fetched: [start, end). */
  start: Date;
  end: Date;
  /** Errors of the providers tried before `source`. */
  failures: ProviderError[];
  /** Corporate actions the source reported in the range (0 for a source without actions). */
  actions: number;
  /** The version of `<symbol>.actions` written, or null when the stored actions did not change. */
  actionsVersion: number | null;
  /** Pages fetched backwards with `backfill`, newest first ([] otherwise). */
  backfill: BackfillPage[];
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
 * Backfill (`backfill: true`): before the forward run, fetches from the first stored bar back to `start` in
 * pages of `pageBars` bars, newest first, each stored by `update` as a version of its own (see
 * {@link CollectOptions.backfill}); `result.backfill` lists the pages.
 *
 * Validation (`validate`): the new batch is judged before it is stored; a bad one is refused or quarantined
 * per `onInvalid`, and the verdict (score, findings) is in `result.quality` and the version's metadata.
 * Backfill pages are judged the same way (a bad page is left out and listed with its verdict).
 *
 * Corporate actions: when the source reports them (Yahoo), the range's splits and dividends are stored
 * first in `<symbol>.actions` (see lib/market's `actionsSymbol`), replacing that symbol's rows in the range
 * as a new version, only when they changed; then the bars. So a read of the new bars version with
 * `adjust` sees the actions fetched with it.
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
  if (options.backfill && !incremental) throw new ProviderError(`collect: 'backfill' needs 'incremental' (${symbol}); a full run already fetches from 'start'`, { code: "INVALID_OPTIONS", provider: "collect", attempts: 0 });
  if (options.backfill && options.start === undefined) throw new ProviderError(`collect: 'backfill' needs 'start', the first bar wanted (${symbol})`, { code: "INVALID_OPTIONS", provider: "collect", attempts: 0 });
  if (options.pageBars !== undefined && !(Number.isInteger(options.pageBars) && options.pageBars > 0)) {
    throw new ProviderError(`collect: 'pageBars' must be a positive whole number, got ${JSON.stringify(options.pageBars)}`, { code: "INVALID_OPTIONS", provider: "collect", attempts: 0 });
  }
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
  const backfill = options.backfill && stored !== null ? await backfillPages(lib, symbol, options) : [];
  const { table, actions, source, failures } = await fetchWithFailover(symbol, { ...options, start, end: Math.max(start, end) });
  const result: CollectResult = { symbol, source, rows: table.numRows(), version: null, action: "none", start: new Date(start), end: new Date(Math.max(start, end)), failures, actions: actions?.numRows() ?? 0, actionsVersion: null, backfill, quality: null };
  if (actions !== null) result.actionsVersion = await storeActions(lib, symbol, actions, start, Math.max(start, end), source);
  if (table.numRows() === 0) return result;
  if (options.validate) {
    const quality = options.validate(table, { symbol, library: lib.name });
    result.quality = quality;
    if (!quality.ok) {
      if ((options.onInvalid ?? "refuse") === "refuse") return { ...result, action: "refused" };
      const quarantined = await lib.append(quarantineSymbol(symbol), table, {
        validateIndex: false,
        metadata: { ...options.metadata, source, interval: options.interval, fetchedAt: fetchedAt.toISOString(), start: result.start.toISOString(), end: result.end.toISOString(), rows: table.numRows(), quality },
      });
      return { ...result, action: "quarantined", version: quarantined.version };
    }
  }
  const metadata = {
    ...options.metadata,
    source,
    interval: options.interval,
    fetchedAt: fetchedAt.toISOString(),
    start: result.start.toISOString(),
    end: result.end.toISOString(),
    rows: table.numRows(),
    ...(actions === null ? {} : { actions: actions.numRows(), actionsVersion: result.actionsVersion }),
    ...(result.quality === null ? {} : { quality: result.quality }),
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

/**
 * Replaces the stored actions of `symbol` in [start, end) with `actions` as a new version of
 * `<symbol>.actions`, unless they are the same; creates the symbol for the first actions seen.
 * @returns the version written, or null when nothing changed.
 */
export async function storeActions(lib: Library, symbol: string, actions: Table, start: number, end: number, source: string): Promise<number | null> {
  const name = actionsSymbol(symbol);
  const range: [number, number] = [start, end - 1];
  const metadata = { source, start: new Date(start).toISOString(), end: new Date(end).toISOString(), rows: actions.numRows() };
  if (!(await lib.hasSymbol(name))) {
    if (actions.numRows() === 0) return null;
    return (await lib.write(name, actions, { metadata })).version;
  }
  const stored = (await lib.read(name, { dateRange: range })).data;
  if (sameActions(stored, actions)) return null;
  return (await lib.update(name, actions, { dateRange: range, metadata })).version;
}

function sameActions(a: Table, b: Table): boolean {
  if (a.numRows() !== b.numRows()) return false;
  for (const column of ["timestamp", "dividend", "split"]) {
    const x = a.array(column) as ArrayLike<unknown>;
    const y = b.array(column) as ArrayLike<unknown>;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

/**
 * The open time of the first stored bar of `symbol` (epoch ms), or null when it does not exist or is empty.
 * @example await firstTimestamp(lib, "BTCUSDT") // 1704067200000
 */
export async function firstTimestamp(lib: Library, symbol: string): Promise<number | null> {
  if (!(await lib.hasSymbol(symbol))) return null;
  const first = await lib.head(symbol, 1, { columns: ["timestamp"] });
  if (first.data.numRows() === 0) return null;
  return toEpochMs((first.data.array("timestamp") as ArrayLike<unknown>)[0] as number);
}

/** Fetches [start, first stored bar) backwards page by page, storing each page with update. */
async function backfillPages(lib: Library, symbol: string, options: CollectOptions): Promise<BackfillPage[]> {
  const start = toEpochMs(options.start!);
  const first = await firstTimestamp(lib, symbol);
  const interval = checkInterval(options.interval);
  const pageMs = (options.pageBars ?? 1000) * (barEnd(0, interval) || 31 * 86_400_000);
  const pages: BackfillPage[] = [];
  for (let to = first ?? start; to > start; ) {
    const from = Math.max(start, to - pageMs);
    const { table, actions, source, failures } = await fetchWithFailover(symbol, { ...options, start: from, end: to });
    if (actions !== null) await storeActions(lib, symbol, actions, from, to, source);
    const page: BackfillPage = { start: new Date(from), end: new Date(to), source, rows: table.numRows(), version: null, failures, quality: null };
    if (table.numRows() > 0 && options.validate) page.quality = options.validate(table, { symbol, library: lib.name });
    if (table.numRows() > 0 && page.quality?.ok !== false) {
      const metadata = { ...options.metadata, source, interval: options.interval, fetchedAt: new Date().toISOString(), start: page.start.toISOString(), end: page.end.toISOString(), rows: page.rows, backfill: true, failedOver: failures.map((e) => ({ provider: e.provider, code: e.code, status: e.status ?? null, message: e.message })) };
      page.version = (await lib.update(symbol, table, { dateRange: [from, to - 1], metadata })).version;
    }
    pages.push(page);
    to = from;
  }
  return pages;
}
