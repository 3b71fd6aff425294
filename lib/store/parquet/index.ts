/** Public surface of the minimal Parquet writer used for bulk loads into DuckDB. */
export { writeParquet } from "./writeParquet";
export type { ParquetColumn, ParquetWriteOptions } from "./writeParquet";
export { readParquetFile } from "./readParquetFile";
