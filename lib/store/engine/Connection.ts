import { BIGINT, BOOLEAN, DOUBLE, DuckDBConnection, DuckDBType, DuckDBTypeId, StatementType, VARCHAR } from "@duckdb/node-api";
import { OutputArray, OutputKind, readColumns } from "./readColumns";

/** How a bound parameter is typed: each value is bound with this DuckDB type (NaN and huge whole floats stay doubles). */
export type ParamType = "float" | "int" | "bool" | "string";

const PARAM_TYPE: Record<ParamType, DuckDBType> = { float: DOUBLE, int: BIGINT, bool: BOOLEAN, string: VARCHAR };

/** What a SELECT gives, before it runs: whether it is one, and each result column's name and output kind (null: not one DuckDB maps). */
export interface StatementShape {
  isSelect: boolean;
  columns: { name: string; kind: OutputKind | null }[];
}

/** The output kind each DuckDB result type is read as; types not listed have none (callers cast them to text). */
const KIND_BY_TYPE: Partial<Record<DuckDBTypeId, OutputKind>> = {
  [DuckDBTypeId.DOUBLE]: "float",
  [DuckDBTypeId.FLOAT]: "float",
  [DuckDBTypeId.DECIMAL]: "float",
  [DuckDBTypeId.TINYINT]: "int",
  [DuckDBTypeId.SMALLINT]: "int",
  [DuckDBTypeId.INTEGER]: "int",
  [DuckDBTypeId.BIGINT]: "int",
  [DuckDBTypeId.UTINYINT]: "int",
  [DuckDBTypeId.USMALLINT]: "int",
  [DuckDBTypeId.UINTEGER]: "int",
  [DuckDBTypeId.UBIGINT]: "int",
  [DuckDBTypeId.HUGEINT]: "int",
  [DuckDBTypeId.UHUGEINT]: "int",
  [DuckDBTypeId.BOOLEAN]: "bool",
  [DuckDBTypeId.VARCHAR]: "string",
  [DuckDBTypeId.TIMESTAMP]: "timestamp",
  [DuckDBTypeId.TIMESTAMP_S]: "timestamp",
  [DuckDBTypeId.TIMESTAMP_MS]: "timestamp",
  [DuckDBTypeId.TIMESTAMP_NS]: "timestamp",
  [DuckDBTypeId.TIMESTAMP_TZ]: "timestamp",
  [DuckDBTypeId.DATE]: "timestamp",
};

/**
 * A connection to a DuckDB database, the only way the store talks to DuckDB. Values come back as
 * DuckDB's JavaScript values (BIGINT as bigint, lists as `{ items }`); columns for users come through
 * {@link readColumns}. Made by {@link Database.connect}; closed by {@link close} or with its database.
 */
export class Connection {
  readonly #native: DuckDBConnection;

  /** @internal Connections come from {@link Database.connect}. */
  constructor(native: DuckDBConnection) {
    this.#native = native;
  }

  /** Runs SQL (several statements separated by `;` when there are no params), discarding any result. */
  async run(sql: string, params?: unknown[], types?: ParamType[]): Promise<void> {
    if (params === undefined) await this.#native.run(sql);
    else await this.#native.run(sql, params as never, types?.map((t) => PARAM_TYPE[t]) as never);
  }

  /** The result's rows, each an array of values in column order. */
  async rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
    return (await this.#native.runAndReadAll(sql, params as never)).getRows() as unknown[][];
  }

  /** The result's rows, each an object keyed by column name. */
  async rowObjects(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> {
    return (await this.#native.runAndReadAll(sql, params as never)).getRowObjects() as Record<string, unknown>[];
  }

  /** The first value of the first row (undefined for no rows). */
  async value(sql: string, params?: unknown[]): Promise<unknown> {
    return (await this.rows(sql, params))[0]?.[0];
  }

  /** Runs a query and copies its columns into typed arrays; see the free function {@link readColumns}. */
  readColumns(sql: string, kinds: OutputKind[], expectedRows?: number): Promise<{ arrays: OutputArray[]; rowCount: number }> {
    return readColumns(this.#native, sql, kinds, expectedRows);
  }

  /** How many statements DuckDB's parser finds in `sql` (it fails on SQL it cannot parse). */
  async statementCount(sql: string): Promise<number> {
    return (await this.#native.extractStatements(sql)).count;
  }

  /** Prepares a statement without running it and describes its result (fails with DuckDB's message when it cannot). */
  async shape(sql: string): Promise<StatementShape> {
    const prepared = await this.#native.prepare(sql);
    const columns: StatementShape["columns"] = [];
    for (let i = 0; i < prepared.columnCount; i++) {
      columns.push({ name: prepared.columnName(i), kind: KIND_BY_TYPE[prepared.columnTypeId(i)] ?? null });
    }
    return { isSelect: prepared.statementType === StatementType.SELECT, columns };
  }

  /** Closes the connection. */
  close(): void {
    this.#native.closeSync();
  }
}
