import { DuckDBInstance } from "@duckdb/node-api";
import * as nodePath from "path";
import { Connection, DuckConnection } from "./Connection";

/** DuckDB settings given when an instance is made: no extension is installed or loaded behind the user's back. */
const NO_AUTO_EXTENSIONS = { autoinstall_known_extensions: "false", autoload_known_extensions: "false" } as const;

/**
 * The files open in this process, shared by every copy of this module. DuckDB's lock on a file is a POSIX
 * record lock, which a process holds once however many times it opens the file, and loses when it closes
 * any descriptor of it: a second instance of one file in one process would not be refused by DuckDB, and
 * closing it would unlock the file for other processes while the first still writes.
 */
function openPaths(): Set<string> {
  const key = Symbol.for("quantlab.store.openDatabases");
  const g = globalThis as unknown as Record<symbol, Set<string>>;
  return (g[key] ??= new Set());
}

/**
 * One DuckDB database: a file, or `:memory:`. Never installs or loads an extension by itself. Made by
 * {@link Database.create}, closed by {@link close} (its connections with it).
 */
export class Database {
  readonly #native: DuckDBInstance;
  readonly #file: string | null;
  readonly #connections = new Set<DuckConnection>();
  #closed = false;

  private constructor(native: DuckDBInstance, file: string | null) {
    this.#native = native;
    this.#file = file;
  }

  /**
   * Opens (or creates) the database at `path` (`:memory:` for one in memory). Fails with DuckDB's error,
   * e.g. when another process holds the file, and with the same "Could not set lock" error when this
   * process has it open already (until that instance is closed).
   */
  static async create(path: string): Promise<Database> {
    const file = path === ":memory:" ? null : nodePath.resolve(path);
    if (file !== null) {
      if (openPaths().has(file)) throw new Error(`IO Error: Could not set lock on file "${file}": it is open in this process already`);
      openPaths().add(file);
    }
    try {
      return new Database(await DuckDBInstance.create(path, NO_AUTO_EXTENSIONS), file);
    } catch (error) {
      if (file !== null) openPaths().delete(file);
      throw error;
    }
  }

  /** A new connection to this database. */
  async connect(): Promise<Connection> {
    const connection = new DuckConnection(await this.#native.connect());
    this.#connections.add(connection);
    return connection;
  }

  /** Closes the database and every connection to it still open (an open connection would keep the file open and locked). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const connection of this.#connections) connection.close();
    this.#connections.clear();
    this.#native.closeSync();
    if (this.#file !== null) openPaths().delete(this.#file);
  }
}

/**
 * Runs `work` on a connection to a database of its own (`:memory:` unless `path` is given), closed
 * afterwards whatever happens.
 */
export async function withDatabase<T>(path: string, work: (connection: Connection) => Promise<T>): Promise<T> {
  const database = await Database.create(path);
  const connection = await database.connect();
  try {
    return await work(connection);
  } finally {
    connection.close();
    database.close();
  }
}
