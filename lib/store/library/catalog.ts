import { copyMetadata } from "./metadata";
import { DuckDBConnection } from "@duckdb/node-api";
import { ColumnType } from "../../frame";
import { OpenFile } from "../engine/StoreFile";
import { sqlString } from "../names";
import { defer, flushDeferred } from "./deferred";
import { Piece } from "./pieces";

export type { Piece } from "./pieces";
export { appendPiece, pieceRows } from "./pieces";

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

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function rows(connection: DuckDBConnection, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  await flushDeferred(connection);
  const reader = await connection.runAndReadAll(sql, params as never);
  return reader.getRowObjects() as Record<string, unknown>[];
}

/**
 * The symbol's row, or null when the name was never written. One query fetches the symbol and its
 * latest live version together (the common path of every call); both are cached while the file stays open.
 */
export async function getSymbol(open: OpenFile, name: string): Promise<SymbolRow | null> {
  const key = "sym:" + name;
  if (open.cache.has(key)) return open.cache.get(key) as SymbolRow | null;
  const found = await rows(
    open.connection,
    // A literal (quotes doubled) rather than a parameter: one round trip instead of prepare + execute.
    `SELECT s.id AS sid, s.next_version, s.next_row, s.next_column, s.last_created_us, v.*
     FROM ql_symbols s LEFT JOIN ql_versions v ON v.symbol_id = s.id AND NOT v.deleted
     WHERE s.name = ${sqlString(name)} ORDER BY v.version DESC NULLS LAST LIMIT 1`,
  );
  let symbol: SymbolRow | null = null;
  if (found.length > 0) {
    const r = found[0];
    symbol = {
      id: num(r.sid),
      name,
      nextVersion: num(r.next_version),
      nextRow: num(r.next_row),
      nextColumn: num(r.next_column),
      lastCreatedUs: num(r.last_created_us),
      physical: null,
    };
    open.cache.set("latest:" + symbol.id, r.version === null || r.version === undefined ? null : toVersionRow(r));
  }
  open.cache.set(key, symbol);
  return symbol;
}

/** The symbol's physical columns, loaded on first use (only writes need them). */
async function loadPhysical(open: OpenFile, symbol: SymbolRow): Promise<PhysicalColumn[]> {
  if (symbol.physical) return symbol.physical;
  const columns = await rows(
    open.connection,
    "SELECT column_id, name, type FROM ql_columns WHERE symbol_id = $1 ORDER BY column_id",
    [symbol.id],
  );
  symbol.physical = columns.map((c) => ({ id: num(c.column_id), name: String(c.name), type: c.type as ColumnType }));
  return symbol.physical;
}

/** Registers a new symbol and creates its (empty) data table. */
export async function createSymbol(open: OpenFile, name: string): Promise<SymbolRow> {
  const next = await rows(open.connection, "SELECT coalesce(max(id), -1) + 1 AS id FROM ql_symbols");
  const symbol: SymbolRow = {
    id: num(next[0].id),
    name,
    nextVersion: 0,
    nextRow: 0,
    nextColumn: 0,
    lastCreatedUs: 0,
    physical: [],
  };
  await open.connection.run("INSERT INTO ql_symbols VALUES ($1, $2, 0, 0, 0, 0)", [symbol.id, name]);
  await open.connection.run(`CREATE TABLE ${dataTable(symbol.id)} (_row BIGINT)`);
  open.cache.set("sym:" + name, symbol);
  open.cache.set("latest:" + symbol.id, null);
  return symbol;
}

/** Writes the symbol's counters back after an operation used them (sent with the commit). */
export function saveSymbol(open: OpenFile, symbol: SymbolRow): void {
  defer(
    open.connection,
    `UPDATE ql_symbols SET next_version = ${literal(symbol.nextVersion)}, next_row = ${literal(symbol.nextRow)}, ` +
      `next_column = ${literal(symbol.nextColumn)}, last_created_us = ${literal(symbol.lastCreatedUs)} WHERE id = ${literal(symbol.id)}`,
  );
}

/** A SQL literal for a catalog value: integers, booleans, null and strings (quotes doubled). */
function literal(value: number | boolean | string | null): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isInteger(value) || Math.abs(value) >= 1e21) throw new Error(`catalog value ${value} is not an integer`);
    return String(value);
  }
  return sqlString(value);
}

/**
 * Maps named, typed columns to the symbol's physical columns, adding a physical column (and an
 * ALTER TABLE) for each (name, type) pair not stored before. Existing rows read as null in new columns.
 */
export async function physicalColumns(
  open: OpenFile,
  symbol: SymbolRow,
  columns: { name: string; type: ColumnType }[],
): Promise<PhysicalColumn[]> {
  const out: PhysicalColumn[] = [];
  const physical = await loadPhysical(open, symbol);
  for (const { name, type } of columns) {
    let column = physical.find((p) => p.name === name && p.type === type);
    if (!column) {
      column = { id: symbol.nextColumn++, name, type };
      await open.connection.run(`ALTER TABLE ${dataTable(symbol.id)} ADD COLUMN ${physicalName(column.id)} ${SQL_TYPE[type]}`);
      await open.connection.run("INSERT INTO ql_columns VALUES ($1, $2, $3, $4)", [symbol.id, column.id, name, type]);
      physical.push(column);
    }
    out.push(column);
  }
  return out;
}

function toVersionRow(r: Record<string, unknown>): VersionRow {
  return {
    symbolId: num(r.symbol_id),
    version: num(r.version),
    createdUs: num(r.created_us),
    operation: String(r.operation),
    rowCount: num(r.row_count),
    columns: JSON.parse(String(r.columns)),
    indexed: Boolean(r.indexed),
    firstUs: numOrNull(r.first_us),
    lastUs: numOrNull(r.last_us),
    sorted: Boolean(r.sorted),
    metadata: r.metadata === null || r.metadata === undefined ? undefined : JSON.parse(String(r.metadata)),
    deleted: Boolean(r.deleted),
    pieces: JSON.parse(String(r.pieces)),
  };
}

/** One version's row (deleted or not), or null when that version number was never made. */
export async function getVersion(open: OpenFile, symbolId: number, version: number): Promise<VersionRow | null> {
  const latest = await getLatest(open, symbolId);
  if (latest && latest.version === version) return latest;
  const key = `ver:${symbolId}:${version}`;
  if (open.cache.has(key)) return open.cache.get(key) as VersionRow | null;
  const found = await rows(open.connection, "SELECT * FROM ql_versions WHERE symbol_id = $1 AND version = $2", [
    symbolId,
    version,
  ]);
  const row = found.length ? toVersionRow(found[0]) : null;
  if (row) open.cache.set(key, row);
  return row;
}

/** The symbol's newest version that is not deleted, or null. Cached while the file stays open. */
export async function getLatest(open: OpenFile, symbolId: number): Promise<VersionRow | null> {
  const key = "latest:" + symbolId;
  if (open.cache.has(key)) return open.cache.get(key) as VersionRow | null;
  const found = await rows(
    open.connection,
    "SELECT * FROM ql_versions WHERE symbol_id = $1 AND NOT deleted ORDER BY version DESC LIMIT 1",
    [symbolId],
  );
  const latest = found.length ? toVersionRow(found[0]) : null;
  open.cache.set(key, latest);
  return latest;
}

/** Version numbers, creation times and deleted flags of a symbol, newest first. */
export async function listVersionRows(
  open: OpenFile,
  symbolId: number,
): Promise<{ version: number; createdUs: number; deleted: boolean }[]> {
  await flushDeferred(open.connection);
  const found = await open.connection.runAndReadAll(
    "SELECT version, created_us, deleted FROM ql_versions WHERE symbol_id = $1 ORDER BY version DESC",
    [symbolId],
  );
  return found.getRows().map((r) => ({ version: num(r[0]), createdUs: num(r[1]), deleted: Boolean(r[2]) }));
}

/** The version rows a symbol still needs: not deleted, or held by a snapshot. */
export async function liveVersionRows(open: OpenFile, symbolId: number): Promise<VersionRow[]> {
  const found = await rows(
    open.connection,
    `SELECT * FROM ql_versions v WHERE symbol_id = $1 AND (NOT deleted OR EXISTS (
       SELECT 1 FROM ql_snapshot_versions s WHERE s.symbol_id = v.symbol_id AND s.version = v.version))
     ORDER BY version`,
    [symbolId],
  );
  return found.map(toVersionRow);
}

/** Stores a new version row (sent with the commit) and makes it the cached latest. */
export function insertVersion(open: OpenFile, row: VersionRow): void {
  const values = [
    row.symbolId,
    row.version,
    row.createdUs,
    row.operation,
    row.rowCount,
    JSON.stringify(row.columns),
    row.indexed,
    row.firstUs,
    row.lastUs,
    row.sorted,
    row.metadata === undefined ? null : JSON.stringify(row.metadata),
    row.deleted,
    JSON.stringify(row.pieces),
  ];
  defer(open.connection, `INSERT INTO ql_versions VALUES (${values.map(literal).join(", ")})`);
  // The cache keeps its own copy of the metadata, not the object the writer may change afterwards.
  open.cache.set("latest:" + row.symbolId, { ...row, metadata: copyMetadata(row.metadata) });
}

/** Marks versions deleted (their rows stay until no snapshot holds them; see collectGarbage). */
export async function markDeleted(open: OpenFile, symbolId: number, versions: number[]): Promise<void> {
  if (versions.length === 0) return;
  await flushDeferred(open.connection);
  await open.connection.run(
    `UPDATE ql_versions SET deleted = true WHERE symbol_id = $1 AND version IN (${versions.map((v) => Number(v)).join(",")})`,
    [symbolId],
  );
  open.cache.delete("latest:" + symbolId);
  for (const v of versions) open.cache.delete(`ver:${symbolId}:${v}`);
}

/** A creation time for a new version: now, but always after the symbol's previous version. */
export function nextCreatedUs(symbol: SymbolRow): number {
  const now = Date.now() * 1000;
  symbol.lastCreatedUs = Math.max(now, symbol.lastCreatedUs + 1);
  return symbol.lastCreatedUs;
}
