/**
 * Raw DuckDB references for the store benchmarks: the same data and operations done directly in SQL on
 * an open connection. Benchmarks are the one place outside lib/store that talks to DuckDB, because
 * their references must not go through the store.
 */
import duckdb from "@duckdb/node-bindings";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

/** A plain DuckDB file with one open connection. */
export class RawDb {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async create(filePath: string): Promise<RawDb> {
    const instance = await DuckDBInstance.create(filePath);
    return new RawDb(filePath, instance, await instance.connect());
  }

  run(sql: string, params?: unknown[]): Promise<unknown> {
    return this.connection.run(sql, params as never);
  }

  async rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
    return (await this.connection.runAndReadAll(sql, params as never)).getRows();
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * The reference read: the fastest raw copy we know. DuckDB materialises the result with all its
 * threads, then each chunk's vectors are copied synchronously (`result_get_chunk`, `vector_get_data`)
 * into preallocated buffers, `width` bytes per value per column (8 for TIMESTAMP, DOUBLE, BIGINT).
 * (Streaming with `fetchChunk` instead costs one async round trip per 2048 rows and is slower.)
 * Buffers are sized for `expectedRows` and grow by doubling when short.
 */
export async function rawVectorCopy(
  connection: DuckDBConnection,
  sql: string,
  columns: number,
  expectedRows: number,
  width = 8,
): Promise<{ buffers: Uint8Array[]; rowCount: number }> {
  const result = await connection.run(sql);
  const raw = (result as unknown as { result: duckdb.Result }).result;
  let buffers = Array.from({ length: columns }, () => new Uint8Array(Math.max(expectedRows, 1) * width));
  let rowCount = 0;
  const chunks = duckdb.result_chunk_count(raw);
  for (let i = 0; i < chunks; i++) {
    const chunk = duckdb.result_get_chunk(raw, i);
    const rows = duckdb.data_chunk_get_size(chunk);
    if (rows === 0) continue;
    if ((rowCount + rows) * width > buffers[0].length) {
      buffers = buffers.map((b) => {
        const grown = new Uint8Array(Math.max(b.length * 2, (rowCount + rows) * width));
        grown.set(b);
        return grown;
      });
    }
    for (let c = 0; c < columns; c++) {
      const vector = duckdb.data_chunk_get_vector(chunk, c);
      buffers[c].set(duckdb.vector_get_data(vector, rows * width), rowCount * width);
    }
    rowCount += rows;
  }
  return { buffers, rowCount };
}

/** The raw DuckDB version the bindings were built with, e.g. "v1.5.6". */
export function duckdbVersion(): string {
  return duckdb.library_version();
}
