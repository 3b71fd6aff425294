import { ColumnType } from "../../frame";

/**
 * A run of stored rows that belongs to a version: rows numbered rowLo..rowHi (inclusive) in the symbol's
 * data table. Every insert numbers its rows after all earlier ones, and rows are never rewritten, so a
 * version is an ordered list of such runs: write gives one, append adds one (merged with the last when
 * they touch), update splits the runs around the replaced span.
 */
export interface Piece {
  rowLo: number;
  rowHi: number;
}

/** A symbol's catalog row: its data table is `s_<id>`, and the counters that make ids unique. */
export interface SymbolRow {
  id: number;
  name: string;
  nextVersion: number;
  /** Row number the next inserted row gets: rows are numbered in insertion order, never reused. */
  nextRow: number;
  nextColumn: number;
  lastCreatedUs: number;
  /** Every physical column the data table has, one per (name, type) ever stored; null until loaded. */
  physical: PhysicalColumn[] | null;
}

/** A column of a symbol's data table, `c_<id>`. */
export interface PhysicalColumn {
  id: number;
  name: string;
  type: ColumnType;
}

/** One version of a symbol, as the catalog holds it. Times are epoch microseconds. */
export interface VersionRow {
  symbolId: number;
  version: number;
  createdUs: number;
  operation: string;
  rowCount: number;
  columns: PhysicalColumn[];
  indexed: boolean;
  firstUs: number | null;
  lastUs: number | null;
  sorted: boolean;
  /** The user's metadata; undefined when the version has none. */
  metadata: unknown;
  deleted: boolean;
  pieces: Piece[];
}

/** A version as listVersions reports it: the symbol's name, and the snapshots holding it (sorted). */
export interface VersionListing {
  symbol: string;
  version: number;
  createdUs: number;
  deleted: boolean;
  snapshots: string[];
}

/** A snapshot's catalog row; metadata undefined when it has none. */
export interface SnapshotRow {
  name: string;
  createdUs: number;
  metadata: unknown;
}

/** DuckDB's type for each column type. */
export const SQL_TYPE: Record<ColumnType, string> = {
  float: "DOUBLE",
  int: "BIGINT",
  bool: "BOOLEAN",
  string: "VARCHAR",
  timestamp: "TIMESTAMP",
};

/** Name of a symbol's data table. */
export const dataTable = (symbolId: number) => `s_${symbolId}`;
/** Name of a physical column. */
export const physicalName = (columnId: number) => `c_${columnId}`;

/** A creation time for a new version: now, but always after the symbol's previous version. */
export function nextCreatedUs(symbol: SymbolRow): number {
  const now = Date.now() * 1000;
  symbol.lastCreatedUs = Math.max(now, symbol.lastCreatedUs + 1);
  return symbol.lastCreatedUs;
}
