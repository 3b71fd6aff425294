import * as fs from "fs";
import * as path from "path";
import { readParquetFile } from "../../store";
import { Table } from "../../frame";
import { ImportError } from "./ImportError";

/**
 * Reads a Parquet file into a Table through the store's own Parquet path (a private DuckDB that may read
 * this one file; no store file is touched and nothing outside lib/store imports DuckDB). Column types
 * follow {@link Library.sql}.
 * Used by importFile and by the job runner for a job's Parquet output.
 * @throws ImportError NOT_FOUND for a missing file; BAD_VALUE when DuckDB cannot read it as Parquet.
 * @example const table = await readParquet("/tmp/out.parquet")
 */
export async function readParquet(filePath: string): Promise<Table> {
  if (!fs.existsSync(filePath)) throw new ImportError(`${filePath}: no such file`, { code: "NOT_FOUND", file: filePath });
  try {
    return await readParquetFile(filePath);
  } catch (cause) {
    throw new ImportError(`${path.basename(filePath)}: not a readable Parquet file (${(cause as Error).message})`, { code: "BAD_VALUE", file: filePath, cause });
  }
}
