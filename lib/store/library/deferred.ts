import { DuckDBConnection } from "@duckdb/node-api";

/**
 * Catalog statements held back until the transaction commits, so that a small write sends its
 * version row, its counters and COMMIT to DuckDB in one call. Anything that reads the catalog in the
 * same transaction calls {@link flushDeferred} first, so reads always see them.
 */
const pending = new WeakMap<DuckDBConnection, string[]>();

/** Holds back a statement (literal SQL, no parameters) until the next flush or commit. */
export function defer(connection: DuckDBConnection, sql: string): void {
  const list = pending.get(connection);
  if (list) list.push(sql);
  else pending.set(connection, [sql]);
}

/** Runs the held-back statements now. */
export async function flushDeferred(connection: DuckDBConnection): Promise<void> {
  const list = pending.get(connection);
  if (!list || list.length === 0) return;
  pending.delete(connection);
  await connection.run(list.join(";\n"));
}

/** Takes the held-back statements (to send with COMMIT), or drops them (on ROLLBACK). */
export function takeDeferred(connection: DuckDBConnection): string[] {
  const list = pending.get(connection) ?? [];
  pending.delete(connection);
  return list;
}
