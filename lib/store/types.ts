import { ColumnType, Frame, Table, TimeLike } from "../frame";
import type { AdjustMode } from "../market";
import type { QueryBuilder } from "./query/QueryBuilder";

/**
 * Which version to read. Accepted everywhere a read happens:
 * - a number >= 0: that version; a negative number counts back from the latest (-1 is the latest,
 *   -2 the one before), over versions that are not deleted;
 * - a string: the version the snapshot of that name holds (also when it was deleted since);
 * - a Date: the latest version created at or before that time.
 * Omitted: the latest version.
 */
export type AsOf = number | string | Date;

/** A range of index times; both ends inclusive, either may be null/undefined for open. */
export type DateRange = [TimeLike | null | undefined, TimeLike | null | undefined];

/** A version of a symbol; `data` is present on reads. */
export interface VersionedItem<T = undefined> {
  library: string;
  symbol: string;
  version: number;
  /** When the version was created. */
  timestamp: Date;
  /** The user metadata stored with this version (undefined when none). */
  metadata: unknown;
  data: T;
}

/**
 * A check of the data of a write, append or update, given the data normalised (columns as typed arrays, the
 * index first) before anything is stored. Throw to refuse the call: the error reaches the caller unchanged
 * and nothing is stored. In batch calls it refuses that item only: the item's DataError holds a StoreError
 * unchanged, any other error as the `cause` of an InvalidDataError. The store gives the data no meaning;
 * lib/validate's `ohlcvWriteCheck` is one.
 */
export type WriteCheck = (frame: Frame, context: { library: string; symbol: string; operation: "write" | "append" | "update" }) => void;

/** Options of {@link Library.write}. */
export interface WriteOptions {
  /** Runs on the data before anything is stored; see {@link WriteCheck}. @default none */
  check?: WriteCheck;
  /**
   * Optimistic concurrency: the version the caller expects to be the symbol's latest (typically the one it
   * read); `null` expects the symbol to have no live version. When the store finds another, nothing is
   * written and VersionConflictError says which version it found. @default undefined (no check)
   */
  expectedVersion?: number | null;
  /** JSON-serialisable metadata stored with the new version. @default undefined */
  metadata?: unknown;
  /** Delete all earlier versions after writing (snapshots keep theirs). @default false */
  prunePreviousVersions?: boolean;
  /** Refuse an index that is not sorted ascending (UnsortedDataError). @default true */
  validateIndex?: boolean;
}

/** Options of {@link Library.append}. */
export interface AppendOptions {
  /** Runs on the new rows before anything is stored; see {@link WriteCheck}. @default none */
  check?: WriteCheck;
  /** See {@link WriteOptions.expectedVersion}. @default undefined (no check) */
  expectedVersion?: number | null;
  /** Metadata of the new version; it is not merged with the previous version's. @default undefined */
  metadata?: unknown;
  /** Refuse rows that start before the stored last index or are unsorted. @default true */
  validateIndex?: boolean;
  /** Delete all earlier versions afterwards. @default false */
  prunePreviousVersions?: boolean;
}

/** Options of {@link Library.update}. */
export interface UpdateOptions {
  /** Runs on the new rows before anything is stored; see {@link WriteCheck}. @default none */
  check?: WriteCheck;
  /** See {@link WriteOptions.expectedVersion}. @default undefined (no check) */
  expectedVersion?: number | null;
  /** Replace this range instead of [first, last] of the new data; the data must lie within it. */
  dateRange?: DateRange;
  /** Write the symbol when it does not exist, instead of throwing SymbolNotFoundError. @default false */
  upsert?: boolean;
  /** Metadata of the new version. @default undefined */
  metadata?: unknown;
  /** Delete all earlier versions afterwards. @default false */
  prunePreviousVersions?: boolean;
}

/** Options of {@link Library.read}. */
export interface ReadOptions {
  /** Which version; see {@link AsOf}. @default latest */
  asOf?: AsOf;
  /** Only rows whose index lies in this inclusive range (time-indexed symbols only). */
  dateRange?: DateRange;
  /** Rows [start, end) of the version (after dateRange); negative numbers count from the end. */
  rowRange?: [number | null | undefined, number | null | undefined];
  /** Only these columns, in this order; the index column always comes first. @default all */
  columns?: string[];
  /**
   * A query run inside DuckDB over the rows read (after `columns`, `dateRange` and `rowRange`): filters,
   * derived columns, groupBy, resample, head/tail. See {@link QueryBuilder}. @default none
   */
  query?: QueryBuilder;
  /**
   * Back-adjust OHLCV bars for the corporate actions stored in `<symbol>.actions` (see lib/market's
   * `actionsSymbol`): "splits" divides prices before each split by its ratio and multiplies volumes by it;
   * "all" also scales prices before each dividend by 1 - dividend / previous close, as Yahoo's adjusted
   * close does. Computed when read: the stored bars never change, so a new action never rewrites history.
   * The actions are read as of the same point as the bars: the latest with the latest bars, the snapshot's
   * in a snapshot read (when it holds them), else the latest version created at or before the bars' version
   * (or the asOf time). Columns open, high, low, close and volume are found by name regardless of case;
   * adjusted columns come back as Float64Array. Not with `query`. @default none (bars as stored)
   */
  adjust?: AdjustMode;
}

/** What an adjusted read (`adjust`) applied. */
export interface AdjustmentInfo {
  mode: AdjustMode;
  /** The symbol the actions were read from. */
  actionsSymbol: string;
  /** Its version used, or null when the symbol has no actions (then the bars are returned as stored). */
  actionsVersion: number | null;
  /** Splits and dividends that changed at least one bar of the version. */
  splits: number;
  dividends: number;
}

/** A column in a description. */
export interface ColumnDescription {
  name: string;
  type: ColumnType;
}

/** What {@link Library.getDescription} tells about a version. */
export interface SymbolDescription {
  symbol: string;
  version: number;
  columns: ColumnDescription[];
  /** The index column, or null for a row-indexed symbol. */
  index: ColumnDescription | null;
  rowCount: number;
  /** First and last index time, or null (row-indexed or empty). */
  dateRange: [Date, Date] | null;
  lastUpdate: Date;
  sorted: "ASCENDING" | "UNSORTED" | "UNKNOWN";
  metadata: unknown;
}

/** One entry of {@link Library.listVersions}. */
export interface VersionInfo {
  symbol: string;
  version: number;
  date: Date;
  /** True for a version deleted but kept readable by a snapshot. */
  deleted: boolean;
  /** Snapshots that hold this version. */
  snapshots: string[];
}

/** One entry of {@link Library.listSnapshots}. */
export interface SnapshotInfo {
  name: string;
  created: Date;
  metadata: unknown;
}

/** A batch item for writeBatch / appendBatch. */
export interface WritePayload {
  symbol: string;
  data: unknown;
  metadata?: unknown;
}

/** A batch item for updateBatch. */
export interface UpdatePayload extends WritePayload {
  dateRange?: DateRange;
}

/** A batch item for readBatch: a symbol name or a symbol with its read options. */
export type ReadRequest = string | ({ symbol: string } & ReadOptions);

/** A read's result; `adjustment` is set on adjusted reads. */
export type ReadResult = VersionedItem<Table> & { adjustment?: AdjustmentInfo };
