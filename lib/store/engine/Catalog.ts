import { ColumnType } from "../../frame";
import { sqlString } from "../names";
import { Connection } from "./Connection";
import { pauseAt, pauseWanted } from "./pauseAt";
import {
  PhysicalColumn,
  SQL_TYPE,
  SnapshotRow,
  SymbolRow,
  VersionListing,
  VersionRow,
  dataTable,
  physicalName,
} from "./catalogRows";

/** Version of the on-disk layout, stored in each library file. */
export const FORMAT_VERSION = "1";

/**
 * The catalog tables of a library file. Names of symbols and snapshots live here as data; the data
 * table of a symbol is `s_<id>` and its columns `c_<id>`, so no user string ever becomes an identifier.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS ql_meta (key VARCHAR, value VARCHAR);
CREATE TABLE IF NOT EXISTS ql_symbols (
  id BIGINT, name VARCHAR, next_version BIGINT, next_row BIGINT, next_column BIGINT, last_created_us BIGINT);
CREATE TABLE IF NOT EXISTS ql_columns (symbol_id BIGINT, column_id BIGINT, name VARCHAR, type VARCHAR);
CREATE TABLE IF NOT EXISTS ql_versions (
  symbol_id BIGINT, version BIGINT, created_us BIGINT, operation VARCHAR, row_count BIGINT,
  columns VARCHAR, indexed BOOLEAN, first_us BIGINT, last_us BIGINT, sorted BOOLEAN,
  metadata VARCHAR, deleted BOOLEAN, pieces VARCHAR);
CREATE TABLE IF NOT EXISTS ql_snapshots (name VARCHAR, created_us BIGINT, metadata VARCHAR);
CREATE TABLE IF NOT EXISTS ql_snapshot_versions (snapshot VARCHAR, symbol_id BIGINT, version BIGINT);
`;

/** From this many new columns in one call on, a data table is rebuilt with them instead of altered once per column... */
const MANY_NEW_COLUMNS = 16;
/** ...when copying its stored cells costs less than this many: a long series gets its columns by ALTER TABLE. */
const REBUILD_CELLS = 4_000_000;

/** In the error of a commit that found the catalog changed under its call (see {@link isStaleCatalog}). */
const STALE_CATALOG = "quantlab: catalog rows changed under this call";

/**
 * True for the error of a call whose cached catalog rows were stale: its transaction was rolled back,
 * and running it again on fresh rows is safe.
 */
export function isStaleCatalog(error: unknown): boolean {
  return error instanceof Error && error.message.includes(STALE_CATALOG);
}

/** A symbol's counters as one string, for {@link Catalog.saveSymbol}'s check. */
function counters(symbol: SymbolRow): string {
  return `${symbol.nextVersion},${symbol.nextRow},${symbol.nextColumn}`;
}

/** Symbols whose catalog rows a call changed, by id and (where known) by name. */
export interface SymbolChanges {
  ids: number[];
  names: string[];
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

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

/**
 * The catalog of one library file, as one open connection sees it: symbols, their versions and physical
 * columns, and snapshots. It owns every statement on the `ql_*` tables and the symbols' data tables'
 * layout (creating them, adding columns). Rows it has read are cached until {@link forget} (called when
 * the file closes or a call fails), and small catalog writes are held back to go with the COMMIT of
 * {@link transaction} (reads in the transaction see them: they flush first).
 */
export class Catalog {
  readonly #connection: Connection;
  readonly #cache = new Map<string, unknown>();
  #pending: string[] = [];
  /** The symbols whose catalog rows this connection changed since {@link takeChanges}. */
  #changed: SymbolChanges = { ids: [], names: [] };
  /** Each cached symbol's counters as stored when read (or last saved): what {@link saveSymbol} checks before it writes. */
  readonly #stored = new Map<number, string>();

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  /** Creates the catalog tables and records the library's options (JSON), in one transaction; a file that has them keeps its own. */
  static async init(connection: Connection, options: object): Promise<void> {
    await connection.run("BEGIN TRANSACTION");
    try {
      await connection.run(DDL);
      if (num(await connection.value("SELECT count(*) FROM ql_meta WHERE key = 'format'")) === 0) {
        await connection.run("INSERT INTO ql_meta VALUES ('format', $1), ('options', $2)", [FORMAT_VERSION, JSON.stringify(options)]);
      }
      await connection.run("COMMIT");
    } catch (error) {
      await connection.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  /** The library options the file records, or null when the file has no quantlab catalog. */
  static async readOptions(connection: Connection): Promise<Record<string, unknown> | null> {
    const tables = await connection.value("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ql_meta' AND schema_name = 'main'");
    if (num(tables) === 0) return null;
    const rows = await connection.rows("SELECT value FROM ql_meta WHERE key = 'options'");
    if (rows.length === 0) return null;
    return JSON.parse(String(rows[0][0]));
  }

  /** Drops every cached row (another process may change the file once this one lets go of it). */
  forget(): void {
    this.#cache.clear();
    this.#stored.clear();
  }

  /**
   * Drops the cached rows of the symbols other connections changed (`all`: every row). Rows of other
   * symbols stay: every cached row belongs to one symbol, and only calls through a Catalog change them.
   */
  forgetChanged(changes: SymbolChanges | "all"): void {
    if (changes === "all") return this.forget();
    if (changes.ids.length === 0 && changes.names.length === 0) return;
    const ids = new Set(changes.ids);
    const names = new Set(changes.names);
    for (const id of ids) this.#stored.delete(id);
    for (const [key, value] of this.#cache) {
      const [kind, rest] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
      const gone =
        kind === "sym"
          ? names.has(rest) || (value !== null && ids.has((value as SymbolRow).id))
          : kind === "latest" || kind === "ver"
            ? ids.has(Number(rest.split(":")[0]))
            : true;
      if (gone) this.#cache.delete(key);
    }
  }

  /** The symbols whose catalog rows this connection changed since the last call of this method (for the other connections' {@link forgetChanged}). */
  takeChanges(): SymbolChanges {
    const changed = this.#changed;
    this.#changed = { ids: [], names: [] };
    return changed;
  }

  #touch(id: number, name?: string): void {
    this.#changed.ids.push(id);
    if (name !== undefined) this.#changed.names.push(name);
  }

  /** Runs `work` in one DuckDB transaction: all of it commits, or none of it (also when the process dies). */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    this.#connection.send("BEGIN TRANSACTION");
    let result: T;
    try {
      result = await work();
      if (pauseWanted("catalog")) await this.#flush(); // so a crash test stops with the catalog written
      await pauseAt("catalog");
      await pauseAt("commit");
      await this.#connection.run([...this.#takePending(), "COMMIT"].join(";\n"));
    } catch (error) {
      this.#takePending();
      await this.#connection.settle().catch(() => undefined);
      await this.#connection.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
    await pauseAt("committed");
    return result;
  }

  /** Holds back a statement (literal SQL, no parameters) until the next read or the commit. */
  #defer(sql: string): void {
    this.#pending.push(sql);
  }

  #takePending(): string[] {
    const list = this.#pending;
    this.#pending = [];
    return list;
  }

  /** Runs the held-back statements now, so that what follows sees them. */
  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    await this.#connection.run(this.#takePending().join(";\n"));
  }

  async #rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
    await this.#flush();
    return this.#connection.rows(sql, params);
  }

  async #objects(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> {
    await this.#flush();
    return this.#connection.rowObjects(sql, params);
  }

  async #value(sql: string, params?: unknown[]): Promise<unknown> {
    return (await this.#rows(sql, params))[0]?.[0];
  }

  async #run(sql: string, params?: unknown[]): Promise<void> {
    await this.#flush();
    await this.#connection.run(sql, params);
  }

  /**
   * The symbol's row, or null when the name was never written. One query fetches the symbol and its
   * latest live version together (the common path of every call); both are cached.
   */
  async getSymbol(name: string): Promise<SymbolRow | null> {
    const key = "sym:" + name;
    if (this.#cache.has(key)) return this.#cache.get(key) as SymbolRow | null;
    const found = await this.#objects(
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
      this.#cache.set("latest:" + symbol.id, r.version === null || r.version === undefined ? null : toVersionRow(r));
      this.#stored.set(symbol.id, counters(symbol));
    }
    this.#cache.set(key, symbol);
    return symbol;
  }

  /** Registers a new symbol and creates its (empty) data table. */
  async createSymbol(name: string): Promise<SymbolRow> {
    const next = await this.#rows("SELECT coalesce(max(id), -1) + 1 AS id FROM ql_symbols");
    const symbol: SymbolRow = { id: num(next[0][0]), name, nextVersion: 0, nextRow: 0, nextColumn: 0, lastCreatedUs: 0, physical: [] };
    await this.#connection.run("INSERT INTO ql_symbols VALUES ($1, $2, 0, 0, 0, 0)", [symbol.id, name]);
    await this.#connection.run(`CREATE TABLE ${dataTable(symbol.id)} (_row BIGINT)`);
    this.#touch(symbol.id, name);
    this.#stored.set(symbol.id, counters(symbol));
    this.#cache.set("sym:" + name, symbol);
    this.#cache.set("latest:" + symbol.id, null);
    return symbol;
  }

  /** Writes the symbol's counters back after an operation used them (sent with the commit). */
  saveSymbol(symbol: SymbolRow): void {
    this.#touch(symbol.id, symbol.name);
    // The counters this call started from must still be the stored ones: if another connection moved them
    // (a cache that should have been dropped was not), the commit fails instead of writing a version or
    // rows twice, and the call runs again on fresh rows (see isStaleCatalog).
    const stored = this.#stored.get(symbol.id);
    if (stored !== undefined) {
      this.#defer(
        `SELECT CASE WHEN (SELECT concat_ws(',', next_version, next_row, next_column) FROM ql_symbols WHERE id = ${literal(symbol.id)}) = ${sqlString(stored)} ` +
          `THEN NULL ELSE error(${sqlString(`${STALE_CATALOG} ${symbol.id}`)}) END`,
      );
    }
    this.#stored.set(symbol.id, counters(symbol));
    this.#defer(
      `UPDATE ql_symbols SET next_version = ${literal(symbol.nextVersion)}, next_row = ${literal(symbol.nextRow)}, ` +
        `next_column = ${literal(symbol.nextColumn)}, last_created_us = ${literal(symbol.lastCreatedUs)} WHERE id = ${literal(symbol.id)}`,
    );
  }

  /** The symbol's physical columns, loaded on first use (only writes need them). */
  async #loadPhysical(symbol: SymbolRow): Promise<PhysicalColumn[]> {
    if (symbol.physical) return symbol.physical;
    const columns = await this.#rows("SELECT column_id, name, type FROM ql_columns WHERE symbol_id = $1 ORDER BY column_id", [symbol.id]);
    symbol.physical = columns.map((c) => ({ id: num(c[0]), name: String(c[1]), type: c[2] as ColumnType }));
    return symbol.physical;
  }

  /**
   * Maps named, typed columns to the symbol's physical columns, adding a physical column for each
   * (name, type) pair not stored before. Existing rows read as null in new columns. The new columns are
   * registered in one statement, and when there are many ({@link MANY_NEW_COLUMNS}) the data table gets
   * them in one step: made anew when it holds no rows, copied when it holds few cells ({@link REBUILD_CELLS}).
   * DuckDB's ALTER TABLE takes one column at a time and its cost grows with the table's width, so a
   * 5,000-column frame would otherwise cost 5,000 growing steps.
   */
  async physicalColumns(symbol: SymbolRow, columns: { name: string; type: ColumnType }[]): Promise<PhysicalColumn[]> {
    const physical = await this.#loadPhysical(symbol);
    this.#touch(symbol.id, symbol.name);
    const byKey = new Map(physical.map((p) => [p.type + ":" + p.name, p]));
    const added: PhysicalColumn[] = [];
    const out = columns.map(({ name, type }) => {
      let column = byKey.get(type + ":" + name);
      if (!column) {
        column = { id: symbol.nextColumn++, name, type };
        byKey.set(type + ":" + name, column);
        added.push(column);
      }
      return column;
    });
    if (added.length === 0) return out;
    await this.#addColumns(symbol.id, physical, added);
    const values = added.map((c) => `(${literal(symbol.id)}, ${literal(c.id)}, ${literal(c.name)}, ${literal(c.type)})`);
    await this.#run(`INSERT INTO ql_columns VALUES ${values.join(", ")}`);
    physical.push(...added);
    return out;
  }

  /** Adds columns to a data table that has `existing` ones: see {@link physicalColumns}. */
  async #addColumns(symbolId: number, existing: PhysicalColumn[], added: PhysicalColumn[]): Promise<void> {
    const table = dataTable(symbolId);
    const definition = (c: PhysicalColumn) => `${physicalName(c.id)} ${SQL_TYPE[c.type]}`;
    const rows = added.length < MANY_NEW_COLUMNS ? null : num(await this.#value(`SELECT count(*) FROM ${table}`));
    if (rows === null || rows * (existing.length + added.length) > REBUILD_CELLS) {
      for (const c of added) await this.#run(`ALTER TABLE ${table} ADD COLUMN ${definition(c)}`);
      return;
    }
    const empty = rows === 0;
    const rebuilt = `${table}_rebuilt`;
    const make = empty
      ? `CREATE TABLE ${rebuilt} (_row BIGINT, ${[...existing, ...added].map(definition).join(", ")})`
      : `CREATE TABLE ${rebuilt} AS SELECT *, ${added.map((c) => `CAST(NULL AS ${SQL_TYPE[c.type]}) AS ${physicalName(c.id)}`).join(", ")} FROM ${table} ORDER BY _row`;
    await this.#run(`${make}; DROP TABLE ${table}; ALTER TABLE ${rebuilt} RENAME TO ${table}`);
  }

  /** One version's row (deleted or not), or null when that version number was never made. */
  async getVersion(symbolId: number, version: number): Promise<VersionRow | null> {
    const latest = await this.getLatest(symbolId);
    if (latest && latest.version === version) return latest;
    const key = `ver:${symbolId}:${version}`;
    if (this.#cache.has(key)) return this.#cache.get(key) as VersionRow | null;
    const found = await this.#objects("SELECT * FROM ql_versions WHERE symbol_id = $1 AND version = $2", [symbolId, version]);
    const row = found.length ? toVersionRow(found[0]) : null;
    if (row) this.#cache.set(key, row);
    return row;
  }

  /** The symbol's newest version that is not deleted, or null. */
  async getLatest(symbolId: number): Promise<VersionRow | null> {
    const key = "latest:" + symbolId;
    if (this.#cache.has(key)) return this.#cache.get(key) as VersionRow | null;
    const found = await this.#objects("SELECT * FROM ql_versions WHERE symbol_id = $1 AND NOT deleted ORDER BY version DESC LIMIT 1", [symbolId]);
    const latest = found.length ? toVersionRow(found[0]) : null;
    this.#cache.set(key, latest);
    return latest;
  }

  /** Version numbers, creation times and deleted flags of a symbol, newest first. */
  async listVersionRows(symbolId: number): Promise<{ version: number; createdUs: number; deleted: boolean }[]> {
    const found = await this.#rows("SELECT version, created_us, deleted FROM ql_versions WHERE symbol_id = $1 ORDER BY version DESC", [symbolId]);
    return found.map((r) => ({ version: num(r[0]), createdUs: num(r[1]), deleted: Boolean(r[2]) }));
  }

  /** The version rows a symbol still needs: not deleted, or held by a snapshot. */
  async liveVersionRows(symbolId: number): Promise<VersionRow[]> {
    const found = await this.#objects(
      `SELECT * FROM ql_versions v WHERE symbol_id = $1 AND (NOT deleted OR EXISTS (
         SELECT 1 FROM ql_snapshot_versions s WHERE s.symbol_id = v.symbol_id AND s.version = v.version))
       ORDER BY version`,
      [symbolId],
    );
    return found.map(toVersionRow);
  }

  /**
   * Stores a new version row (sent with the commit) and makes it the cached latest. The row is kept as
   * given: pass one whose metadata no caller holds.
   */
  insertVersion(row: VersionRow): void {
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
    this.#defer(`INSERT INTO ql_versions VALUES (${values.map(literal).join(", ")})`);
    this.#touch(row.symbolId);
    this.#cache.set("latest:" + row.symbolId, row);
  }

  /** Marks versions deleted (their rows stay until no snapshot holds them; see {@link deleteUnheldRows}). */
  async markDeleted(symbolId: number, versions: number[]): Promise<void> {
    if (versions.length === 0) return;
    this.#touch(symbolId);
    await this.#run(`UPDATE ql_versions SET deleted = true WHERE symbol_id = $1 AND version IN (${versions.map((v) => Number(v)).join(",")})`, [symbolId]);
    this.#cache.delete("latest:" + symbolId);
    for (const v of versions) this.#cache.delete(`ver:${symbolId}:${v}`);
  }

  /** Deletes the rows of a symbol's data table that `keep` (a SQL predicate over `_row`) does not hold. */
  async deleteUnheldRows(symbolId: number, keep: string): Promise<void> {
    await this.#run(`DELETE FROM ${dataTable(symbolId)} WHERE NOT (${keep})`);
  }

  /** Names of the symbols with a live version, or of those a snapshot holds (unsorted). */
  async symbolNames(snapshot?: string): Promise<string[]> {
    const rows =
      snapshot !== undefined
        ? await this.#rows("SELECT s.name FROM ql_snapshot_versions p JOIN ql_symbols s ON s.id = p.symbol_id WHERE p.snapshot = $1", [snapshot])
        : await this.#rows("SELECT s.name FROM ql_symbols s WHERE EXISTS (SELECT 1 FROM ql_versions v WHERE v.symbol_id = s.id AND NOT v.deleted)");
    return rows.map((r) => String(r[0]));
  }

  /**
   * Versions that are live or held by a snapshot, by symbol name then newest first; only `symbol`'s
   * when given, only those `snapshot` holds when given.
   */
  async versionListings(options: { symbol?: string; snapshot?: string }): Promise<VersionListing[]> {
    const params: unknown[] = [];
    let where = "(NOT v.deleted OR pins.snapshots IS NOT NULL)";
    if (options.symbol !== undefined) {
      params.push(options.symbol);
      where += ` AND s.name = $${params.length}`;
    }
    if (options.snapshot !== undefined) {
      params.push(options.snapshot);
      where += ` AND list_contains(pins.snapshots, $${params.length})`;
    }
    const rows = await this.#rows(
      `WITH pins AS (
         SELECT symbol_id, version, list(snapshot ORDER BY snapshot) AS snapshots
         FROM ql_snapshot_versions GROUP BY symbol_id, version)
       SELECT s.name, v.version, v.created_us, v.deleted, pins.snapshots
       FROM ql_versions v JOIN ql_symbols s ON s.id = v.symbol_id
       LEFT JOIN pins ON pins.symbol_id = v.symbol_id AND pins.version = v.version
       WHERE ${where}
       ORDER BY s.name, v.version DESC`,
      params,
    );
    return rows.map((r) => ({
      symbol: String(r[0]),
      version: num(r[1]),
      createdUs: num(r[2]),
      deleted: Boolean(r[3]),
      snapshots: r[4] ? (r[4] as { items: unknown[] }).items.map(String) : [],
    }));
  }

  /** The version a snapshot holds for a symbol, or null when the snapshot does not include it. */
  async snapshotVersion(snapshot: string, symbolId: number): Promise<number | null> {
    const rows = await this.#rows("SELECT version FROM ql_snapshot_versions WHERE snapshot = $1 AND symbol_id = $2", [snapshot, symbolId]);
    return rows.length ? num(rows[0][0]) : null;
  }

  /** True when a snapshot of that name exists. */
  async snapshotExists(snapshot: string): Promise<boolean> {
    return num((await this.#rows("SELECT count(*) FROM ql_snapshots WHERE name = $1", [snapshot]))[0][0]) > 0;
  }

  /** Each symbol's latest live version: symbol name to [symbol id, version]. */
  async latestVersions(): Promise<Map<string, [number, number]>> {
    const rows = await this.#rows(
      "SELECT s.name, v.symbol_id, max(v.version) FROM ql_versions v JOIN ql_symbols s ON s.id = v.symbol_id WHERE NOT v.deleted GROUP BY ALL",
    );
    return new Map(rows.map(([symbol, id, version]) => [String(symbol), [num(id), num(version)]]));
  }

  /** Records a snapshot holding the given [symbol id, version] pairs. */
  async addSnapshot(snapshot: SnapshotRow, held: [number, number][]): Promise<void> {
    await this.#run("INSERT INTO ql_snapshots VALUES ($1, $2, $3)", [
      snapshot.name,
      snapshot.createdUs,
      snapshot.metadata === undefined ? null : JSON.stringify(snapshot.metadata),
    ]);
    if (held.length > 0) {
      const values = held.map(([id, version]) => `(${literal(id)}, ${literal(version)})`).join(", ");
      await this.#run(`INSERT INTO ql_snapshot_versions SELECT $1, * FROM (VALUES ${values})`, [snapshot.name]);
    }
  }

  /** Removes a snapshot's rows; returns the ids of the symbols it held. */
  async removeSnapshot(name: string): Promise<number[]> {
    const held = await this.#rows("SELECT DISTINCT symbol_id FROM ql_snapshot_versions WHERE snapshot = $1", [name]);
    await this.#run("DELETE FROM ql_snapshot_versions WHERE snapshot = $1", [name]);
    await this.#run("DELETE FROM ql_snapshots WHERE name = $1", [name]);
    return held.map((r) => num(r[0]));
  }

  /** The snapshots, sorted by name. */
  async snapshots(): Promise<SnapshotRow[]> {
    const rows = await this.#rows("SELECT name, created_us, metadata FROM ql_snapshots ORDER BY name");
    return rows.map(([name, created, metadata]) => ({
      name: String(name),
      createdUs: num(created),
      metadata: metadata === null ? undefined : JSON.parse(String(metadata)),
    }));
  }
}
