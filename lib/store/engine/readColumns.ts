import duckdb from "@duckdb/node-bindings";
import { DuckDBConnection, DuckDBDataChunk } from "@duckdb/node-api";
import { TimestampArray, tagColumnKind } from "../../frame";

/**
 * How one result column is copied out of DuckDB. The SQL must produce, per kind: float DOUBLE,
 * int BIGINT, bool BOOLEAN, string VARCHAR, timestamp DOUBLE epoch milliseconds.
 */
export type OutputKind = "float" | "int" | "bool" | "string" | "timestamp";

/** A column as users get it: typed arrays where there are no nulls, plain arrays otherwise. */
export type OutputArray =
  | Float64Array
  | Int32Array
  | BigInt64Array
  | TimestampArray
  | (number | null)[]
  | (bigint | null)[]
  | (boolean | null)[]
  | (string | null)[]
  | (Date | null)[];

const WIDTH: Record<OutputKind, number> = { float: 8, int: 8, bool: 1, string: 0, timestamp: 8 };

/** Grows a typed buffer by doubling, copying raw DuckDB vector bytes into it. */
class Sink {
  bytes: Uint8Array;
  valid: Uint8Array | null = null;
  strings: (string | null)[] | null = null;
  count = 0;

  constructor(
    readonly kind: OutputKind,
    capacity: number,
  ) {
    this.bytes = new Uint8Array(Math.max(capacity, 1) * WIDTH[kind]);
    if (kind === "string") this.strings = [];
  }

  push(chunk: duckdb.DataChunk, column: number, rows: number): void {
    const vector = duckdb.data_chunk_get_vector(chunk, column);
    this.pushValidity(duckdb.vector_get_validity(vector, Math.ceil(rows / 64) * 8), rows);
    if (this.kind === "string") {
      const items = new DuckDBDataChunk(chunk).getColumnVector(column);
      for (let i = 0; i < rows; i++) this.strings!.push(items.getItem(i) as string | null);
      this.count += rows;
      return;
    }
    const width = WIDTH[this.kind];
    const need = (this.count + rows) * width;
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.count * width));
      this.bytes = grown;
    }
    this.bytes.set(duckdb.vector_get_data(vector, rows * width), this.count * width);
    this.count += rows;
  }

  /** Records this chunk's nulls; the mask is only allocated once a null is seen. */
  private pushValidity(validity: Uint8Array | null, rows: number): void {
    const hasNull = validity !== null && !allSet(validity, rows);
    if (!hasNull && !this.valid) return;
    const need = this.count + rows;
    if (!this.valid || this.valid.length < need) {
      const grown = new Uint8Array(Math.max(need, (this.valid?.length ?? 0) * 2, 1024));
      if (this.valid) grown.set(this.valid.subarray(0, this.count));
      else grown.fill(1, 0, this.count);
      this.valid = grown;
    }
    if (!hasNull) this.valid.fill(1, this.count, need);
    else for (let i = 0; i < rows; i++) this.valid[this.count + i] = (validity![i >> 3] >> (i & 7)) & 1;
  }

  finish(): OutputArray {
    const n = this.count;
    const valid = this.valid;
    const isNull = (i: number) => valid !== null && valid[i] === 0;
    switch (this.kind) {
      case "string":
        return this.strings!;
      case "bool": {
        const out: (boolean | null)[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : this.bytes[i] !== 0;
        return out;
      }
      case "float": {
        const values = new Float64Array(this.bytes.buffer, 0, n);
        if (!valid) return values.length * 8 === this.bytes.buffer.byteLength ? values : values.slice();
        const out: (number | null)[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : values[i];
        return out;
      }
      case "timestamp": {
        const values = new Float64Array(this.bytes.buffer, 0, n);
        if (!valid) {
          const buffer = this.bytes.buffer as ArrayBuffer;
          return new TimestampArray(buffer.byteLength === n * 8 ? buffer : buffer.slice(0, n * 8));
        }
        const out: (Date | null)[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = isNull(i) ? null : new Date(values[i]);
        return out;
      }
      case "int":
        return finishInts(new BigInt64Array(this.bytes.buffer, 0, n), new Int32Array(this.bytes.buffer, 0, 2 * n), valid);
    }
  }
}

function allSet(validity: Uint8Array, rows: number): boolean {
  const full = rows >> 3;
  for (let b = 0; b < full; b++) if (validity[b] !== 0xff) return false;
  const rest = rows & 7;
  return rest === 0 || (validity[full] & ((1 << rest) - 1)) === (1 << rest) - 1;
}

/**
 * Ints come out in the narrowest exact container: Int32Array when every value fits 32 bits, a
 * Float64Array when every value is a safe integer, else a BigInt64Array; with nulls, a plain array
 * of numbers (or bigints when some value is past 2^53).
 */
function finishInts(big: BigInt64Array, halves: Int32Array, valid: Uint8Array | null): OutputArray {
  const n = big.length;
  let fits32 = true;
  let safe = true;
  for (let i = 0; i < n; i++) {
    if (valid && valid[i] === 0) continue;
    const lo = halves[2 * i];
    const hi = halves[2 * i + 1];
    if (hi !== lo >> 31) fits32 = false;
    if (hi < -0x200000 || hi >= 0x200000) {
      safe = false;
      break;
    }
  }
  if (valid) {
    const out: (number | bigint | null)[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = valid[i] === 0 ? null : safe ? Number(big[i]) : big[i];
    return out as (number | null)[];
  }
  if (fits32) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = halves[2 * i];
    return out;
  }
  if (safe) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = halves[2 * i + 1] * 4294967296 + (halves[2 * i] >>> 0);
    return out;
  }
  return big.slice();
}

/**
 * Runs `sql` and copies its columns out vector by vector into preallocated typed arrays (no JS value
 * per cell except for strings). `kinds` gives each result column's kind, in order; the buffers are sized
 * from the materialised result's row count (`expectedRows` when DuckDB does not report one). DuckDB materialises the result with all its threads, then
 * the chunks are copied synchronously, which saves an async round trip per 2048 rows.
 */
export async function readColumns(
  connection: DuckDBConnection,
  sql: string,
  kinds: OutputKind[],
  expectedRows = 2048,
): Promise<{ arrays: OutputArray[]; rowCount: number }> {
  const result = await connection.run(sql);
  const raw = (result as unknown as { result: duckdb.Result }).result;
  // The result is materialised, so its size is known: buffers sized once, never grown and copied.
  const total = duckdb.row_count(raw);
  const sinks = kinds.map((kind) => new Sink(kind, total > 0 ? total : expectedRows));
  let rowCount = 0;
  const chunks = duckdb.result_chunk_count(raw);
  for (let i = 0; i < chunks; i++) {
    const chunk = duckdb.result_get_chunk(raw, i);
    const rows = duckdb.data_chunk_get_size(chunk);
    if (rows === 0) continue;
    for (let c = 0; c < sinks.length; c++) sinks[c].push(chunk, c, rows);
    rowCount += rows;
  }
  // Each array is tagged with its stored type: an int column may come as a Float64Array, and displays say int.
  return { arrays: sinks.map((sink) => tagColumnKind(sink.finish(), sink.kind)), rowCount };
}
