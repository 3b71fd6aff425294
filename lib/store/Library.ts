import { DataError } from "../errors";
import { Table } from "../frame";
import { append } from "./library/append";
import { batchCheck, runBatch } from "./library/batch";
import { LibraryContext } from "./library/context";
import { getDescription, hasSymbol, listSymbols } from "./library/describe";
import { read, readMetadata } from "./library/read";
import { LibraryOptions } from "./library/libraryOptions";
import { SnapshotOptions, deleteSnapshot, listSnapshots, snapshot } from "./library/snapshots";
import { SqlOptions, sql } from "./library/sql";
import { checkRowCount } from "./library/rowRange";
import { deleteDataInRange, update } from "./library/update";
import { deleteSymbol, listVersions, prunePreviousVersions, writeMetadata } from "./library/versions";
import { write } from "./library/write";
import { checkName } from "./names";
import { registerContext } from "./query/libraryContext";
import {
  AppendOptions,
  AsOf,
  DateRange,
  ReadOptions,
  ReadRequest,
  ReadResult,
  SnapshotInfo,
  SymbolDescription,
  UpdateOptions,
  UpdatePayload,
  VersionInfo,
  VersionedItem,
  WriteCheck,
  WriteOptions,
  WritePayload,
} from "./types";

/**
 * A library: a set of symbols, each a series of immutable versions, stored in one DuckDB file.
 *
 * Every change (write, append, update, writeMetadata, deleteDataInRange) makes a new version numbered
 * one past the symbol's highest version ever made; earlier versions stay readable with `asOf` until
 * deleted or pruned, and versions a snapshot holds stay readable through that snapshot for as long as
 * it exists. Each call is one DuckDB transaction: a call that fails, or a process killed in the middle
 * of one, leaves the symbol as it was. Calls from other processes on the same library wait their turn
 * (up to the store's `busyTimeoutMs`, then StoreBusyError).
 *
 * Data goes in as an arquero Table, row objects, column arrays or a danfo DataFrame and comes out as an
 * arquero Table. A column named `timestamp` is the index: it makes the symbol a time series that
 * dateRange, update and deleteDataInRange work on.
 */
export class Library {
  readonly #ctx: LibraryContext;

  /** @internal Libraries come from {@link Arctic.getLibrary} / {@link Arctic.createLibrary}. */
  constructor(ctx: LibraryContext) {
    this.#ctx = ctx;
    registerContext(this, ctx);
  }

  /** The library's name. */
  get name(): string {
    return this.#ctx.name;
  }

  /** The library's options (dynamicSchema). */
  get options(): Readonly<LibraryOptions> {
    return this.#ctx.options;
  }

  /**
   * Writes `data` as a new version of `symbol` that replaces all of it; creates the symbol when new.
   * The new version's columns and types are those of `data` (a write may change the schema).
   * @param options.metadata JSON metadata of the new version. @default none
   * @param options.prunePreviousVersions delete the older versions afterwards (snapshots keep theirs). @default false
   * @param options.validateIndex refuse a `timestamp` index that is not ascending. @default true
   * @param options.check a {@link WriteCheck} run on the normalised data first (also on append and update);
   *   what it throws reaches the caller and nothing is stored. @default none
   * @param options.expectedVersion write only if the symbol's latest version is still this one (null: the
   *   symbol has none), for read-modify-write without losing another writer's version (also on append and
   *   update). @default no check
   * @returns the new version (without data).
   * @throws InvalidNameError for a symbol or column name that cannot be stored; InvalidDataError for data
   *   that is not a table, mixes types in a column, has a null index or metadata that is not JSON;
   *   UnsortedDataError for an unsorted index; VersionConflictError when `expectedVersion` is not the latest.
   * @example await lib.write("AAPL", { timestamp: dates, close: prices }, { metadata: { source: "csv" } })
   */
  async write(symbol: string, data: unknown, options: WriteOptions = {}): Promise<VersionedItem> {
    checkName("symbol", symbol);
    return write(this.#ctx, symbol, data, options);
  }

  /**
   * Adds `data`'s rows after the latest version's rows, as a new version; stored rows are not rewritten.
   * A missing symbol is written. Appending zero rows makes no version and returns the latest.
   * Under static schema the columns must be the stored ones (ints are accepted into float columns and
   * whole floats into int columns); with `dynamicSchema` new columns are added and missing ones are null.
   * A column that holds no value yet (all null so far) takes the type of the first values appended to it.
   * @param options.validateIndex refuse rows before the stored last index, or unsorted rows. @default true
   * @param options.metadata metadata of the new version (not merged with the previous one). @default none
   * @throws UnsortedDataError when the new rows start before the stored last index; SchemaError for other
   *   columns or types, or index/no-index mismatch; and the errors of {@link write}.
   */
  async append(symbol: string, data: unknown, options: AppendOptions = {}): Promise<VersionedItem> {
    checkName("symbol", symbol);
    return append(this.#ctx, symbol, data, options);
  }

  /**
   * Replaces the rows in [first, last] of `data`'s index (or in `options.dateRange`) with `data`, as a
   * new version. Rows outside the span are kept. `data` must be sorted; with a dateRange it may be empty
   * (then the range is deleted) and must lie within the range. Column types follow {@link append}; a column
   * whose kept rows (those outside the span) hold no value takes the new data's type.
   * @param options.upsert write the symbol when it does not exist. @default false
   * @param options.dateRange the span to replace, inclusive; either end may be open.
   * @throws SymbolNotFoundError when the symbol does not exist and `upsert` is false; UnsortedDataError
   *   when the data or the stored symbol is unsorted; SchemaError for other columns or a row-indexed symbol.
   */
  async update(symbol: string, data: unknown, options: UpdateOptions = {}): Promise<VersionedItem> {
    checkName("symbol", symbol);
    return update(this.#ctx, symbol, data, options);
  }

  /**
   * Reads a version of `symbol` into an arquero Table, rows in stored order.
   * Numeric columns come as Float64Array (ints as the narrowest exact typed array), timestamps as a
   * TimestampArray of epoch milliseconds; a column with nulls comes as a plain array with nulls (NaN
   * stays NaN).
   * @param options.asOf which version, see {@link AsOf}. @default latest
   * @param options.dateRange only rows whose index is in this inclusive range; either end may be open.
   * @param options.rowRange rows [start, end) (after dateRange); negative numbers count from the end.
   * @param options.columns only these columns (the index always comes first). @default all
   * @param options.adjust "splits" or "all": OHLCV back-adjusted, when read, for the splits (and dividends)
   *   in `<symbol>.actions` as of the same version; see {@link ReadOptions.adjust}. The result's
   *   `adjustment` says which actions version was applied. @default none
   * @throws SymbolNotFoundError, NoSuchVersionError, SnapshotNotFoundError per {@link AsOf};
   *   SchemaError for an unknown column or a dateRange on a row-indexed symbol; with `adjust`, SchemaError
   *   for a row-indexed or unsorted symbol, InvalidDataError for an unknown mode, `query`, or a bad action.
   * @example
   * const adjusted = await lib.read("AAPL", { adjust: "all", dateRange: ["2020-01-01", null] });
   */
  async read(symbol: string, options: ReadOptions = {}): Promise<ReadResult> {
    return read(this.#ctx, symbol, options);
  }

  /** The first `n` rows (default 5) of a version; a negative `n` gives all but the last |n|. Errors as {@link read}. */
  async head(symbol: string, n = 5, options: { asOf?: AsOf; columns?: string[] } = {}): Promise<ReadResult> {
    return read(this.#ctx, symbol, { ...options, rowRange: [0, checkRowCount("head", n, this.#ctx.name, symbol)] });
  }

  /** The last `n` rows (default 5) of a version; a negative `n` gives all but the first |n|. Errors as {@link read}. */
  async tail(symbol: string, n = 5, options: { asOf?: AsOf; columns?: string[] } = {}): Promise<ReadResult> {
    checkRowCount("tail", n, this.#ctx.name, symbol);
    return read(this.#ctx, symbol, { ...options, rowRange: n === 0 ? [0, 0] : [-n, null] });
  }

  /** The metadata of a version (no data is read). Errors as {@link read}. */
  async readMetadata(symbol: string, options: { asOf?: AsOf } = {}): Promise<VersionedItem> {
    return readMetadata(this.#ctx, symbol, options);
  }

  /**
   * Sets new metadata on `symbol` as a new version with the same data (no rows are copied).
   * @throws SymbolNotFoundError when the symbol does not exist; InvalidDataError for non-JSON metadata.
   */
  async writeMetadata(symbol: string, metadata: unknown): Promise<VersionedItem> {
    return writeMetadata(this.#ctx, symbol, metadata);
  }

  /**
   * Names of the symbols with a live version, sorted; or of those in a snapshot.
   * @param options.regex keep names this regular expression matches (anywhere in the name).
   * @throws SnapshotNotFoundError for an unknown snapshot.
   */
  async listSymbols(options: { snapshot?: string; regex?: string | RegExp } = {}): Promise<string[]> {
    return listSymbols(this.#ctx, options);
  }

  /** True when `symbol` has a live version (or the version `asOf` names exists). Never throws for a missing name. */
  async hasSymbol(symbol: string, options: { asOf?: AsOf } = {}): Promise<boolean> {
    return hasSymbol(this.#ctx, symbol, options);
  }

  /**
   * The versions of one symbol (or all), newest first per symbol: live versions, and deleted ones that a
   * snapshot still holds (`deleted: true`), each with the snapshots holding it.
   * @param options.snapshot only versions in this snapshot. @param options.latestOnly only each symbol's latest live version.
   */
  async listVersions(symbol?: string, options: { snapshot?: string; latestOnly?: boolean } = {}): Promise<VersionInfo[]> {
    return listVersions(this.#ctx, symbol, options);
  }

  /**
   * Deletes all versions of `symbol` (it disappears from listSymbols; a missing symbol is a no-op), or
   * only `options.versions`. Versions a snapshot holds stay readable through the snapshot; their rows
   * are removed once nothing holds them. Version numbers are never reused.
   * @throws NoSuchVersionError when a listed version does not exist or was deleted (nothing is deleted then).
   */
  async delete(symbol: string, options: { versions?: number[] } = {}): Promise<void> {
    return deleteSymbol(this.#ctx, symbol, options.versions);
  }

  /**
   * Deletes the rows of `symbol` whose index lies in `dateRange` (inclusive), as a new version.
   * @throws SymbolNotFoundError; SchemaError for a row-indexed symbol; UnsortedDataError for an unsorted one.
   */
  async deleteDataInRange(symbol: string, dateRange: DateRange): Promise<VersionedItem> {
    return deleteDataInRange(this.#ctx, symbol, dateRange);
  }

  /**
   * Deletes every version of `symbol` but the latest (versions held by snapshots stay readable there).
   * @throws SymbolNotFoundError when the symbol does not exist.
   */
  async prunePreviousVersions(symbol: string): Promise<void> {
    return prunePreviousVersions(this.#ctx, symbol);
  }

  /**
   * Records an immutable snapshot named `name`: the latest version of every symbol (minus
   * `skipSymbols`, with `versions` overriding per symbol). What a snapshot holds is never deleted.
   * @throws DuplicateSnapshotError when the name is taken; NoSuchVersionError for a bad `versions` entry.
   */
  async snapshot(name: string, options: SnapshotOptions = {}): Promise<void> {
    return snapshot(this.#ctx, name, options);
  }

  /** The snapshots, sorted by name, with creation time and metadata. */
  async listSnapshots(): Promise<SnapshotInfo[]> {
    return listSnapshots(this.#ctx);
  }

  /**
   * Deletes a snapshot; versions only it held and that were deleted are removed for good.
   * @throws SnapshotNotFoundError when there is no such snapshot.
   */
  async deleteSnapshot(name: string): Promise<void> {
    return deleteSnapshot(this.#ctx, name);
  }

  /**
   * Columns and types, index, row count, first and last index time, last update and sortedness of a version.
   * Errors as {@link read}.
   */
  async getDescription(symbol: string, options: { asOf?: AsOf } = {}): Promise<SymbolDescription> {
    return getDescription(this.#ctx, symbol, options);
  }

  /**
   * {@link write} for many symbols; each slot holds the new version or a DataError (the others still happen).
   * An error thrown by `options.check` refuses that item only (a non-store error becomes an InvalidDataError
   * with it as `cause`).
   */
  async writeBatch(items: WritePayload[], options: Omit<WriteOptions, "metadata" | "expectedVersion"> = {}): Promise<(VersionedItem | DataError)[]> {
    const check = batchCheck(options.check);
    return runBatch(items, (i) => i.symbol, (i) => this.write(i.symbol, i.data, { ...options, check, metadata: i.metadata }));
  }

  /** {@link append} for many symbols; each slot holds the new version or a DataError (`check` as in writeBatch). */
  async appendBatch(items: WritePayload[], options: Omit<AppendOptions, "metadata" | "expectedVersion"> = {}): Promise<(VersionedItem | DataError)[]> {
    const check = batchCheck(options.check);
    return runBatch(items, (i) => i.symbol, (i) => this.append(i.symbol, i.data, { ...options, check, metadata: i.metadata }));
  }

  /** {@link update} for many symbols; each slot holds the new version or a DataError (`check` as in writeBatch). */
  async updateBatch(items: UpdatePayload[], options: Pick<UpdateOptions, "upsert" | "check"> = {}): Promise<(VersionedItem | DataError)[]> {
    const check = batchCheck(options.check);
    return runBatch(items, (i) => i.symbol, (i) =>
      this.update(i.symbol, i.data, { ...options, check, metadata: i.metadata, dateRange: i.dateRange }),
    );
  }

  /** {@link read} for many symbols; each slot holds the read or a DataError. */
  async readBatch(requests: ReadRequest[]): Promise<(ReadResult | DataError)[]> {
    return runBatch(
      requests,
      (r) => (typeof r === "string" ? r : r.symbol),
      (r) => (typeof r === "string" ? this.read(r) : this.read(r.symbol, r)),
    );
  }

  /** {@link delete} for many symbols (whole symbols, or `versions` each); each slot is undefined or a DataError. */
  async deleteBatch(items: (string | { symbol: string; versions?: number[] })[]): Promise<(undefined | DataError)[]> {
    return runBatch(
      items,
      (i) => (typeof i === "string" ? i : i.symbol),
      async (i) => {
        await (typeof i === "string" ? this.delete(i) : this.delete(i.symbol, { versions: i.versions }));
        return undefined;
      },
    );
  }

  /**
   * Runs one DuckDB SELECT over symbols, each written `{SYMBOL}` (braces inside quotes are literal;
   * `{{` and `}}` are literal braces). A placeholder stands for the symbol's latest version, or the
   * version `options.asOf` names, as a table named after the symbol with its column names. Symbol names
   * are resolved by the store, never pasted into SQL. `{library/SYMBOL}` names a symbol of another library
   * of the same on-disk store (its file is attached read-only for the call; a symbol of this library whose
   * name holds "/" is taken first). For queries built step by step, see `read(symbol, { query })`.
   *
   * The statement reads its placeholders and nothing else: no store catalog, no other table, no file, no
   * extension install (docs/operations.md, "What user SQL can reach"). `options.allowFiles` (on-disk stores only,
   * default false) lets it use DuckDB's file functions, which read any file this process can read.
   * @throws SymbolNotFoundError for an unknown symbol; InvalidDataError for a statement that is not one SELECT
   *   or that names a table, schema or table function it may not read; StoreError with DuckDB's message for SQL errors.
   * @example await lib.sql("select avg(close) as c from {AAPL} where timestamp >= '2024-01-01'")
   */
  async sql(text: string, options: SqlOptions = {}): Promise<Table> {
    return sql(this.#ctx, text, options);
  }
}
