import { DuckDBConnection } from "@duckdb/node-api";
import { flushDeferred, takeDeferred } from "./deferred";
import { pauseAt, pauseWanted } from "../engine/pauseAt";

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

/** Library options kept in the library's file. */
export interface LibraryOptions {
  /**
   * Dynamic schema: append and update may add columns (older rows read as null) and may leave columns
   * out (their new rows are null). With static schema (the default) the columns must match exactly.
   * @default false
   */
  dynamicSchema: boolean;
}

/** Defaults for {@link LibraryOptions}. */
export const DEFAULT_LIBRARY_OPTIONS: LibraryOptions = { dynamicSchema: false };

/** Creates the catalog tables and records the options, in one transaction. */
export async function initLibraryFile(connection: DuckDBConnection, options: LibraryOptions): Promise<void> {
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run(DDL);
    const existing = await connection.runAndReadAll("SELECT count(*) FROM ql_meta WHERE key = 'format'");
    if (Number(existing.getRows()[0][0]) === 0) {
      await connection.run("INSERT INTO ql_meta VALUES ('format', $1), ('options', $2)", [
        FORMAT_VERSION,
        JSON.stringify(options),
      ]);
    }
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** Reads a library file's options; null when the file has no quantlab catalog. */
export async function readLibraryOptions(connection: DuckDBConnection): Promise<LibraryOptions | null> {
  const tables = await connection.runAndReadAll(
    "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ql_meta' AND schema_name = 'main'",
  );
  if (Number(tables.getRows()[0][0]) === 0) return null;
  const rows = (await connection.runAndReadAll("SELECT value FROM ql_meta WHERE key = 'options'")).getRows();
  if (rows.length === 0) return null;
  return { ...DEFAULT_LIBRARY_OPTIONS, ...JSON.parse(String(rows[0][0])) };
}

/** Runs `work` in one DuckDB transaction: all of it commits, or none of it (also when the process dies). */
export async function transaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run("BEGIN TRANSACTION");
  let result: T;
  try {
    result = await work();
    if (pauseWanted("catalog")) await flushDeferred(connection); // so a crash test stops with the catalog written
    await pauseAt("catalog");
    await pauseAt("commit");
    await connection.run([...takeDeferred(connection), "COMMIT"].join(";\n"));
  } catch (error) {
    takeDeferred(connection);
    await connection.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
  await pauseAt("committed");
  return result;
}
