import * as fs from "fs";
import * as path from "path";
import { Column } from "../../frame";
import { OpenFile, ParamType, PhysicalColumn, dataTable, pauseAt, pauseWanted, physicalName } from "../engine";
import { ParquetColumn, writeParquet } from "../parquet";
import { sqlString } from "../names";

/** Up to this many cells an insert binds values in SQL; above it the rows go through Parquet files. */
const VALUES_LIMIT = 1024;
/**
 * DuckDB's row group size. Staged row groups and chunks are whole multiples of it, so the rows land in
 * full row groups: a 10M-row write then needs no merging at checkpoint (6 ms instead of ~0.4-1 s).
 */
const DUCKDB_ROW_GROUP = 122_880;
/** Rows per Parquet row group: DuckDB reads row groups in parallel. */
const ROW_GROUP_ROWS = 4 * DUCKDB_ROW_GROUP;
/** Rows per staged Parquet file; the next file is written while DuckDB reads the previous one. */
const CHUNK_ROWS = 2 * ROW_GROUP_ROWS;

let tmpCounter = 0;

/**
 * Inserts a frame's rows into a symbol's data table, in order, numbered from `firstRow`. Small frames are
 * bound as parameters; large ones are written to an uncompressed Parquet file in `tmpDir` and read
 * with `INSERT ... SELECT FROM read_parquet()`, which DuckDB does in parallel while keeping row order.
 * Runs inside the caller's transaction, so a failure or a crash inserts nothing.
 */
export async function insertRows(
  open: OpenFile,
  symbolId: number,
  firstRow: number,
  columns: { column: Column; physical: PhysicalColumn }[],
  rowCount: number,
  tmpDir: string,
): Promise<void> {
  if (rowCount === 0) return;
  const target = `${dataTable(symbolId)} (_row, ${columns.map((c) => physicalName(c.physical.id)).join(", ")})`;
  if (rowCount * Math.max(columns.length, 1) <= VALUES_LIMIT) {
    insertValues(open, target, firstRow, columns, rowCount);
    if (pauseWanted("insert")) await open.connection.settle(); // so a crash test stops with the rows inserted
    await pauseAt("insert");
    return;
  }
  fs.mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  // Timestamps are staged as epoch-ms doubles (the user's own array, no copy) and turned into
  // microsecond TIMESTAMPs by DuckDB, in parallel, on the way in. Floats get `+ 0.0` (see storedFloat).
  const names = columns
    .map(({ column, physical }) => {
      const name = physicalName(physical.id);
      if (column.type === "timestamp") return `make_timestamp(CAST(round(${name} * 1000) AS BIGINT))`;
      return column.type === "float" ? `${name} + 0.0` : name;
    })
    .join(", ");
  // Large frames go in chunks: the next chunk's file is written while DuckDB inserts the previous one.
  // A file DuckDB has finished with is renamed and written over for a later chunk, which reuses its
  // pages instead of asking the system for fresh memory for every chunk.
  let pending: Promise<unknown> | null = null;
  let inFlight: string | null = null;
  const spare: string[] = [];
  const files = new Set<string>();
  try {
    for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
      const end = Math.min(rowCount, start + CHUNK_ROWS);
      const file = path.join(tmpDir, `insert-${process.pid}-${Date.now()}-${tmpCounter++}.parquet`);
      const reused = spare.pop();
      if (reused) {
        fs.renameSync(reused, file);
        files.delete(reused);
      }
      files.add(file);
      try {
        writeParquet(
          file,
          columns.map(({ column, physical }) => toParquet(column, physicalName(physical.id), start, end)),
          end - start,
          { rowGroupSize: ROW_GROUP_ROWS, overwrite: reused !== undefined, exclusive: reused === undefined },
        );
      } catch (error) {
        // Writes by descriptor fail without a path (EFBIG, ENOSPC); name the staging file, as fs calls by path do.
        const failed = error as NodeJS.ErrnoException;
        if (failed.code !== undefined && failed.path === undefined) failed.path = file;
        throw error;
      }
      await pauseAt("staging");
      if (pending) await pending;
      if (inFlight) spare.push(inFlight);
      inFlight = file;
      pending = open.connection.run(
        `INSERT INTO ${target} SELECT file_row_number + ${firstRow + start}, ${names} FROM read_parquet(${sqlString(file)}, file_row_number = true)`,
      );
    }
    await pending;
    await pauseAt("insert");
  } finally {
    // An insert still running after an error must finish before its file goes. Removing large files
    // takes a while; it need not hold up the call (after a crash, Arctic.open clears stale staging).
    await pending?.catch(() => undefined);
    for (const file of files) fs.rm(file, { force: true }, () => undefined);
  }
}

/**
 * A float as stored: -0 becomes +0 (adding 0 does it; every other double is unchanged, NaN
 * and the infinities included). DuckDB 1.5's on-disk storage cannot keep the sign of zero: its constant
 * and RLE segments compare doubles with `==`, so at a checkpoint a -0 next to a 0 takes that 0's sign,
 * or the 0 takes the -0's (duckdb/duckdb#25580, #25709). A value whose sign depended on its neighbours
 * and on when DuckDB checkpointed would read differently in memory, after a restart, and between two
 * reads of one version; +0 always is the one answer every read gives. Large inserts do the same in SQL.
 */
function storedFloat(x: number): number {
  return x + 0;
}

/** Each value is bound with its column's DuckDB type, so NaN and huge whole floats stay doubles. */
const PARAM_TYPE: Record<Column["type"], ParamType> = {
  float: "float",
  int: "int",
  bool: "bool",
  string: "string",
  timestamp: "int",
};

/** Rows [start, end) of a column as a Parquet column (views, not copies, for typed arrays). */
function toParquet(column: Column, name: string, start: number, end: number): ParquetColumn {
  const type = ({ float: "double", int: "int64", bool: "bool", string: "string", timestamp: "double" } as const)[column.type];
  const whole = start === 0 && end === column.values.length;
  const source = column.values;
  const values = whole ? source : Array.isArray(source) ? source.slice(start, end) : source.subarray(start, end);
  const valid = column.valid && !whole ? column.valid.subarray(start, end) : column.valid;
  return { name, type, values, valid };
}

/** Sends the INSERT of small frames without waiting for it (see Connection.send): the commit that follows reports its error. */
function insertValues(
  open: OpenFile,
  target: string,
  firstRow: number,
  columns: { column: Column; physical: PhysicalColumn }[],
  rowCount: number,
): void {
  const params: unknown[] = [];
  const types: ParamType[] = [];
  const tuples: string[] = [];
  for (let row = 0; row < rowCount; row++) {
    const cells = [String(firstRow + row)];
    for (const { column } of columns) {
      if (column.valid && column.valid[row] === 0) {
        cells.push("NULL");
        continue;
      }
      const value = column.values[row];
      params.push(
        column.type === "timestamp"
          ? BigInt(Math.round((value as number) * 1000))
          : column.type === "bool"
            ? value === 1
            : column.type === "int" && typeof value === "number"
              ? BigInt(value)
              : column.type === "float"
                ? storedFloat(value as number)
                : value,
      );
      types.push(PARAM_TYPE[column.type]);
      const p = "$" + params.length;
      cells.push(column.type === "timestamp" ? `make_timestamp(${p})` : p);
    }
    tuples.push("(" + cells.join(", ") + ")");
  }
  open.connection.send(`INSERT INTO ${target} VALUES ${tuples.join(", ")}`, params as never, types);
}
