import * as path from "path";
import { Table } from "../../frame";
import { withDatabase } from "../engine";
import { selectTable } from "../library/sql";
import { sqlString } from "../names";

/**
 * Reads one Parquet file into a Table, with the column types of {@link Library.sql}. Runs on a private
 * in-memory DuckDB that may read that one file and nothing else, so it needs no store and no user SQL.
 * @throws Error with DuckDB's message when the file cannot be read as Parquet.
 */
export async function readParquetFile(filePath: string): Promise<Table> {
  const file = path.resolve(filePath);
  return withDatabase(":memory:", async (connection) => {
    await connection.run(`SET allowed_paths = [${sqlString(file)}]`);
    await connection.run("SET enable_external_access = false");
    await connection.run("SET lock_configuration = true");
    const statement = `SELECT * FROM read_parquet(${sqlString(file)})\n`;
    return selectTable(connection, await connection.shape(statement), statement);
  });
}
