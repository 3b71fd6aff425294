import { DuckDBInstance } from "@duckdb/node-api";
import * as path from "path";
import { Table } from "../../frame";
import { NO_AUTO_EXTENSIONS } from "../engine/lockDown";
import { selectTable } from "../library/sql";
import { sqlString } from "../names";

/**
 * Reads one Parquet file into a Table, with the column types of {@link Library.sql}. Runs on a private
 * in-memory DuckDB that may read that one file and nothing else, so it needs no store and no user SQL.
 * @throws Error with DuckDB's message when the file cannot be read as Parquet.
 */
export async function readParquetFile(filePath: string): Promise<Table> {
  const file = path.resolve(filePath);
  const instance = await DuckDBInstance.create(":memory:", NO_AUTO_EXTENSIONS);
  const connection = await instance.connect();
  try {
    await connection.run(`SET allowed_paths = [${sqlString(file)}]`);
    await connection.run("SET enable_external_access = false");
    await connection.run("SET lock_configuration = true");
    const statement = `SELECT * FROM read_parquet(${sqlString(file)})\n`;
    return await selectTable(connection, await connection.prepare(statement), statement);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
