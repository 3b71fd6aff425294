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
 * A connection to a library's DuckDB database, the only way the store talks to DuckDB. Values come back
 * as DuckDB's JavaScript values (BIGINT as bigint); columns for users come through {@link readColumns}.
 * Either a {@link DuckConnection} in this process, or a connection served by the process that holds the
 * file (see FileHost): the same statements, the same results and the same error messages.
 */
export interface Connection {
  /** Runs SQL (several statements separated by `;` when there are no params), discarding any result. */
  run(sql: string, params?: unknown[], types?: ParamType[]): Promise<void>;
  /** The result's rows, each an array of values in column order. */
  rows(sql: string, params?: unknown[]): Promise<unknown[][]>;
  /** The result's rows, each an object keyed by column name. */
  rowObjects(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** The first value of the first row (undefined for no rows). */
  value(sql: string, params?: unknown[]): Promise<unknown>;
  /** Runs a query and copies its columns into typed arrays; see the free function {@link readColumns}. */
  readColumns(sql: string, kinds: OutputKind[], expectedRows?: number): Promise<{ arrays: OutputArray[]; rowCount: number }>;
  /** How many statements DuckDB's parser finds in `sql` (it fails on SQL it cannot parse). */
  statementCount(sql: string): Promise<number>;
  /** Prepares a statement without running it and describes its result (fails with DuckDB's message when it cannot). */
  shape(sql: string): Promise<StatementShape>;
  /**
   * Starts a statement whose result is not needed without waiting for it (a served connection sends it
   * with the next one, saving a round trip). It runs before any later statement on this connection; if it
   * fails, the next statement does not run and throws its error instead, as does {@link settle}.
   */
  send(sql: string, params?: unknown[], types?: ParamType[]): void;
  /** Waits for the statements {@link send} started; throws the first one's error. */
  settle(): Promise<void>;
  /** Closes the connection. */
  close(): void;
}

/** The Connection methods that run SQL, as a served connection names them. */
export type ConnectionMethod = "run" | "rows" | "rowObjects" | "value" | "readColumns" | "statementCount" | "shape";

/** A connection to a DuckDB database open in this process. Made by {@link Database.connect}; closed by {@link close} or with its database. */
export class DuckConnection implements Connection {
  readonly #native: DuckDBConnection;
  /** The statements {@link send} started, chained; null once settled. */
  #sent: Promise<void> | null = null;
  #closed = false;

  /** @internal Connections come from {@link Database.connect}. */
  constructor(native: DuckDBConnection) {
    this.#native = native;
  }

  /** Runs SQL (several statements separated by `;` when there are no params), discarding any result. */
  async run(sql: string, params?: unknown[], types?: ParamType[]): Promise<void> {
    await this.settle();
    await this.#run(sql, params, types);
  }

  async #run(sql: string, params?: unknown[], types?: ParamType[]): Promise<void> {
    if (params === undefined) await this.#native.run(sql);
    else await this.#native.run(sql, params as never, types?.map((t) => PARAM_TYPE[t]) as never);
  }

  send(sql: string, params?: unknown[], types?: ParamType[]): void {
    const before = this.#sent ?? Promise.resolve();
    this.#sent = before.then(() => this.#run(sql, params, types));
    this.#sent.catch(() => undefined); // surfaced by the next statement or settle()
  }

  async settle(): Promise<void> {
    const sent = this.#sent;
    if (!sent) return;
    this.#sent = null;
    await sent;
  }

  /** The result's rows, each an array of values in column order. */
  async rows(sql: string, params?: unknown[]): Promise<unknown[][]> {
    await this.settle();
    return (await this.#native.runAndReadAll(sql, params as never)).getRows() as unknown[][];
  }

  /** The result's rows, each an object keyed by column name. */
  async rowObjects(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> {
    await this.settle();
    return (await this.#native.runAndReadAll(sql, params as never)).getRowObjects() as Record<string, unknown>[];
  }

  /** The first value of the first row (undefined for no rows). */
  async value(sql: string, params?: unknown[]): Promise<unknown> {
    return (await this.rows(sql, params))[0]?.[0];
  }

  /** Runs a query and copies its columns into typed arrays; see the free function {@link readColumns}. */
  async readColumns(sql: string, kinds: OutputKind[], expectedRows?: number): Promise<{ arrays: OutputArray[]; rowCount: number }> {
    await this.settle();
    return readColumns(this.#native, sql, kinds, expectedRows);
  }

  /** How many statements DuckDB's parser finds in `sql` (it fails on SQL it cannot parse). */
  async statementCount(sql: string): Promise<number> {
    await this.settle();
    return (await this.#native.extractStatements(sql)).count;
  }

  /** Prepares a statement without running it and describes its result (fails with DuckDB's message when it cannot). */
  async shape(sql: string): Promise<StatementShape> {
    await this.settle();
    const prepared = await this.#native.prepare(sql);
    const columns: StatementShape["columns"] = [];
    for (let i = 0; i < prepared.columnCount; i++) {
      columns.push({ name: prepared.columnName(i), kind: KIND_BY_TYPE[prepared.columnTypeId(i)] ?? null });
    }
    return { isSelect: prepared.statementType === StatementType.SELECT, columns };
  }

  /** Closes the connection (again: nothing). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#native.closeSync();
  }
}
