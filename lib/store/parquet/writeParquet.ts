/**
 * Minimal, dependency-free Parquet writer for typed-array tables, written from
 * the Apache Parquet format specification. Output: uncompressed, PLAIN
 * encoded, one Data Page (v1) per column chunk, one column chunk per column per
 * row group, Thrift-compact footer. Meant for bulk loading into DuckDB via
 * `read_parquet`, which is much faster than the appender.
 */
import * as fs from "fs";
import * as os from "os";
import { CompactWriter } from "./thrift";
import { ColumnKind, RowGroupMeta, encodeFooter, encodePageHeader, isColumnKind } from "./metadata";
import {
  MAX_PAGE_BYTES,
  Scratch,
  countValid,
  encode8Byte,
  encodeBooleans,
  encodeDefinitionLevels,
  encodeInt64FromDouble,
  encodeStrings,
} from "./encode";

/** One column to write. */
export interface ParquetColumn {
  /** Column name written into the Parquet schema (the caller uses safe names like c_1, c_2). */
  name: string;
  /**
   * Physical/logical kind: double -> DuckDB DOUBLE, int64 -> BIGINT,
   * timestamp_us -> TIMESTAMP (microseconds, not adjusted to UTC),
   * bool -> BOOLEAN, string -> VARCHAR (UTF-8).
   */
  type: "double" | "int64" | "timestamp_us" | "bool" | "string";
  /**
   * Values, length = rowCount. double: Float64Array; int64 / timestamp_us:
   * BigInt64Array, or Float64Array of integers (converted without BigInts;
   * non-integers throw); bool: Uint8Array of 0/1 (any non-zero is true);
   * string: (string | null)[] (a null entry is a null row). Entries of null
   * rows are ignored.
   */
  values: Float64Array | BigInt64Array | Uint8Array | (string | null)[];
  /**
   * Optional validity per row: non-zero = value present, 0 = null. Absent or
   * null = no nulls. Columns with nulls are written OPTIONAL with definition
   * levels, others REQUIRED. NaN in a double column is a value, not a null.
   */
  valid?: Uint8Array | null;
}

/** Options for {@link writeParquet}. */
export interface ParquetWriteOptions {
  /** Rows per row group; @default 1_048_576 */
  rowGroupSize?: number;
  /**
   * Write over an existing file in place (then cut it to size) instead of truncating it first. Reusing
   * a staging file this way keeps its pages in the page cache, which saves the cost of fresh memory
   * on machines where that is high. @default false
   */
  overwrite?: boolean;
  /**
   * Create the file, failing when anything (a symbolic link included) is already at `path`; a file
   * opened to overwrite is never reached through a symbolic link either. New files are private (0600).
   * @default false
   */
  exclusive?: boolean;
}

const MAGIC = Buffer.from("PAR1", "latin1");
const MAX_I32 = 0x7fffffff;

interface Plan {
  col: ParquetColumn;
  /** Effective validity (null = REQUIRED column without levels). */
  valid: Uint8Array | null;
}

const EXPECTED_ARRAY: Record<ColumnKind, string> = {
  double: "Float64Array",
  int64: "BigInt64Array or Float64Array",
  timestamp_us: "BigInt64Array or Float64Array",
  bool: "Uint8Array",
  string: "an array of strings/nulls",
};

function fail(msg: string): never {
  throw new Error(`writeParquet: ${msg}`);
}

/** Validates one column and works out its effective validity. */
function planColumn(col: ParquetColumn, rowCount: number): Plan {
  const { name, type, values } = col;
  const what = `column "${name}" (${type})`;
  if (!isColumnKind(type)) fail(`column "${name}": unsupported type "${String(type)}"`);
  const ok =
    type === "double"
      ? values instanceof Float64Array
      : type === "int64" || type === "timestamp_us"
        ? values instanceof BigInt64Array || values instanceof Float64Array
        : type === "bool"
          ? values instanceof Uint8Array
          : Array.isArray(values);
  if (!ok) fail(`${what}: values must be ${EXPECTED_ARRAY[type]}`);
  if (values.length !== rowCount) fail(`${what}: values has length ${values.length}, expected rowCount ${rowCount}`);
  let valid = col.valid ?? null;
  if (valid !== null) {
    if (!(valid instanceof Uint8Array)) fail(`${what}: valid must be a Uint8Array`);
    if (valid.length !== rowCount) fail(`${what}: valid has length ${valid.length}, expected rowCount ${rowCount}`);
    if (valid.indexOf(0) === -1) valid = null; // no nulls -> REQUIRED
  }
  if (type === "string") {
    const strs = values as (string | null)[];
    let merged: Uint8Array | null = null;
    for (let i = 0; i < rowCount; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const s = strs[i];
      if (typeof s === "string") continue;
      if (s !== null && s !== undefined) fail(`${what}: row ${i} is ${typeof s}, expected a string or null`);
      if (merged === null) merged = valid !== null ? valid.slice() : new Uint8Array(rowCount).fill(1);
      merged[i] = 0;
    }
    if (merged !== null) valid = merged;
  }
  return { col, valid };
}

function writeFully(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

/** Encodes rows [start, end) of one column as a page body (levels + values). */
function encodePage(plan: Plan, start: number, end: number, levels: Scratch, vals: Scratch): Uint8Array[] {
  const { col, valid } = plan;
  const present = valid === null ? end - start : countValid(valid, start, end);
  const parts: Uint8Array[] = [];
  if (valid !== null) parts.push(encodeDefinitionLevels(valid, start, end, levels));
  const v = col.values;
  if (col.type === "string") {
    parts.push(encodeStrings(v as (string | null)[], valid, start, end, vals, col.name));
  } else if (col.type === "bool") {
    parts.push(encodeBooleans(v as Uint8Array, valid, start, end, present, vals));
  } else if (col.type === "double" || v instanceof BigInt64Array) {
    parts.push(encode8Byte(v as Float64Array | BigInt64Array, valid, start, end, present, vals));
  } else {
    parts.push(encodeInt64FromDouble(v as Float64Array, valid, start, end, present, vals, col.name));
  }
  return parts;
}

/**
 * Writes `rowCount` rows of `columns` to `path` as an uncompressed Parquet
 * file (PLAIN encoding, one data page per column chunk, row groups of
 * `options.rowGroupSize` rows). Zero rows yield a valid file with the schema
 * and no row groups. Inputs are validated up front; on any error the partial
 * file is removed and an Error prefixed `writeParquet:` is thrown.
 */
export function writeParquet(
  path: string,
  columns: ParquetColumn[],
  rowCount: number,
  options: ParquetWriteOptions = {},
): void {
  if (os.endianness() !== "LE") fail("only little-endian hosts are supported");
  if (!Number.isSafeInteger(rowCount) || rowCount < 0) fail(`rowCount must be a non-negative integer, got ${rowCount}`);
  const rowGroupSize = options.rowGroupSize ?? 1_048_576;
  if (!Number.isSafeInteger(rowGroupSize) || rowGroupSize < 1 || rowGroupSize > MAX_I32) {
    fail(`rowGroupSize must be an integer in [1, ${MAX_I32}], got ${rowGroupSize}`);
  }
  if (!Array.isArray(columns) || columns.length === 0) fail("at least one column is required");
  const seen = new Set<string>();
  for (const c of columns) {
    if (typeof c.name !== "string" || c.name === "") fail("every column needs a non-empty name");
    if (seen.has(c.name)) fail(`duplicate column name "${c.name}"`);
    seen.add(c.name);
  }
  const plans = columns.map((c) => planColumn(c, rowCount));

  const { O_RDWR, O_WRONLY, O_CREAT, O_TRUNC, O_EXCL, O_NOFOLLOW } = fs.constants;
  const flags =
    options.overwrite && fs.existsSync(path) ? O_RDWR | O_NOFOLLOW : options.exclusive ? O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW : O_WRONLY | O_CREAT | O_TRUNC;
  const fd = fs.openSync(path, flags, 0o600);
  let ok = false;
  try {
    writeFully(fd, MAGIC);
    let pos = MAGIC.length;
    const groups: RowGroupMeta[] = [];
    const header = new CompactWriter(64);
    const levels = new Scratch();
    const vals = new Scratch();
    for (let start = 0; start < rowCount; start += rowGroupSize) {
      const end = Math.min(rowCount, start + rowGroupSize);
      const rg: RowGroupMeta = { offset: pos, numRows: end - start, chunks: [] };
      for (const plan of plans) {
        const parts = encodePage(plan, start, end, levels, vals);
        let size = 0;
        for (const part of parts) size += part.length;
        if (size > MAX_PAGE_BYTES) fail(`column "${plan.col.name}": page exceeds 2 GiB; use a smaller rowGroupSize`);
        const h = encodePageHeader(header, end - start, size);
        const chunkStart = pos;
        writeFully(fd, h);
        for (const part of parts) writeFully(fd, part);
        pos += h.length + size;
        rg.chunks.push({ offset: chunkStart, size: pos - chunkStart });
      }
      groups.push(rg);
    }
    const schema = plans.map((p) => ({ name: p.col.name, type: p.col.type, optional: p.valid !== null }));
    const meta = encodeFooter(schema, rowCount, groups);
    const tail = Buffer.alloc(8);
    tail.writeUInt32LE(meta.length, 0);
    MAGIC.copy(tail, 4);
    writeFully(fd, meta);
    writeFully(fd, tail);
    if (options.overwrite) fs.ftruncateSync(fd, pos + meta.length + tail.length);
    ok = true;
  } finally {
    fs.closeSync(fd);
    if (!ok) {
      try {
        fs.unlinkSync(path);
      } catch {
        // best effort
      }
    }
  }
}
