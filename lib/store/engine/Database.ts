import { DuckDBInstance } from "@duckdb/node-api";
import { Connection, DuckConnection } from "./Connection";

/** DuckDB settings given when an instance is made: no extension is installed or loaded behind the user's back. */
const NO_AUTO_EXTENSIONS = { autoinstall_known_extensions: "false", autoload_known_extensions: "false" } as const;

/**
 * One DuckDB database: a file, or `:memory:`. Never installs or loads an extension by itself. Made by
 * {@link Database.create}, closed by {@link close} (its connections with it).
 */
export class Database {
  readonly #native: DuckDBInstance;

  private constructor(native: DuckDBInstance) {
    this.#native = native;
  }

  /** Opens (or creates) the database at `path` (`:memory:` for one in memory). Fails with DuckDB's error, e.g. when another process holds the file. */
  static async create(path: string): Promise<Database> {
    return new Database(await DuckDBInstance.create(path, NO_AUTO_EXTENSIONS));
  }

  /** A new connection to this database. */
  async connect(): Promise<Connection> {
    return new DuckConnection(await this.#native.connect());
  }

  /** Closes the database. */
  close(): void {
    this.#native.closeSync();
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
