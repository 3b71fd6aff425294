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
 * The reference read: streams `sql` and copies each vector's raw bytes (`vector_get_data`) into
 * preallocated buffers, `width` bytes per value per column (8 for TIMESTAMP, DOUBLE, BIGINT).
 * Buffers are sized for `expectedRows` and grow by doubling when short.
 */
export async function rawVectorCopy(
  connection: DuckDBConnection,
  sql: string,
  columns: number,
  expectedRows: number,
  width = 8,
): Promise<{ buffers: Uint8Array[]; rowCount: number }> {
  const result = await connection.stream(sql);
  let buffers = Array.from({ length: columns }, () => new Uint8Array(Math.max(expectedRows, 1) * width));
  let rowCount = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.rowCount;
    if ((rowCount + rows) * width > buffers[0].length) {
      buffers = buffers.map((b) => {
        const grown = new Uint8Array(Math.max(b.length * 2, (rowCount + rows) * width));
        grown.set(b);
        return grown;
      });
    }
    for (let c = 0; c < columns; c++) {
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
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
