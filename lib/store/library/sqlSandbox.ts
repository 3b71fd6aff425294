import * as fs from "fs";
import { InvalidDataError, LibraryNotFoundError, SymbolNotFoundError } from "../../errors";
import { Catalog, Connection, Database, VersionRow, lockDown } from "../engine";
import { Sibling, attach, siblings } from "../query/crossLibrary";
import { sqlIdent } from "../names";
import { AsOf } from "../types";
import { LibraryContext, withFile } from "./context";
import { resolveVersion } from "./resolve";
import { storeTableNames } from "./sqlScope";

/** Where a placeholder's symbol lives: its version, and the database its data table is in (null: the current one). */
export interface SandboxSymbol {
  version: VersionRow;
  schema: string | null;
}

/** What user SQL runs with: a connection, a resolver for placeholders, and the store's table names. */
export interface Sandbox {
  readonly connection: Connection;
  /** Finds a placeholder's version; call before {@link seal}. */
  resolve(symbol: string, asOf: AsOf | undefined): Promise<SandboxSymbol>;
  /** Lower-cased names of the store's tables and views, which a WITH of user SQL may not take. */
  storeTables(): Promise<Set<string>>;
  /** Turns off file and network access (unless `allowFiles`); user SQL runs after this. */
  seal(): Promise<void>;
}

const HOME = "ql_home";

/**
 * Runs `work` with a DuckDB connection made for user SQL.
 *
 * On-disk stores: a private in-memory DuckDB instance (no extension auto-install or auto-load) with this
 * library's file and the files of the sibling libraries that `{library/SYMBOL}` placeholders name attached
 * read-only; the files are closed in this process for the call and taken in path order (another process
 * holding one is waited for, up to 30 s). `seal` then turns off file access for that instance, for good,
 * unless `allowFiles`. Whatever the statement does to the instance (temp tables included) ends with it.
 *
 * In-memory stores: the library's own instance, whose file access is off from the start (only its
 * private staging folder is readable); `allowFiles` is refused there.
 */
export function withSqlSandbox<T>(ctx: LibraryContext, symbols: string[], allowFiles: boolean, work: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  if (ctx.file.isMemory) {
    if (allowFiles) {
      throw new InvalidDataError("sql: allowFiles needs an on-disk store (an in-memory store's DuckDB never reads files)", { library: ctx.name });
    }
    return withFile(ctx, async (open) =>
      work({
        connection: open.connection,
        resolve: async (symbol, asOf) => ({ version: (await resolveVersion(ctx, open, symbol, asOf)).version, schema: null }),
        storeTables: () => storeTableNames(open.connection),
        seal: async () => undefined,
      }),
    );
  }
  const home: Sibling = { name: ctx.name, file: ctx.file, alias: HOME };
  const others = siblings(ctx, symbols);
  const files = [home, ...others].sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
  let inner = () => runSandboxed(ctx, home, others, allowFiles, work);
  for (const s of [...files].reverse()) {
    const next = inner;
    inner = () => s.file.withClosed(next);
  }
  return inner();
}

async function runSandboxed<T>(ctx: LibraryContext, home: Sibling, others: Sibling[], allowFiles: boolean, work: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  if (!fs.existsSync(ctx.file.path)) throw new LibraryNotFoundError(`library '${ctx.name}' does not exist (it was deleted?)`, { library: ctx.name });
  const instance = await Database.create(":memory:");
  const connection = await instance.connect();
  try {
    for (const s of [home, ...others]) await attach({ connection }, s, 30_000);
    await connection.run(`USE ${HOME}`);
    const inside = async (lib: Sibling, symbol: string, asOf: AsOf | undefined): Promise<SandboxSymbol> => {
      await connection.run(`USE ${lib.alias}`);
      try {
        const libCtx: LibraryContext = { ...ctx, name: lib.name, file: lib.file };
        return { version: (await resolveVersion(libCtx, { connection, catalog: new Catalog(connection) }, symbol, asOf)).version, schema: lib.alias };
      } finally {
        await connection.run(`USE ${sqlIdent(HOME)}`);
      }
    };
    return await work({
      connection,
      storeTables: () => storeTableNames(connection),
      resolve: async (symbol, asOf) => {
        try {
          return await inside(home, symbol, asOf);
        } catch (error) {
          const sibling = error instanceof SymbolNotFoundError ? others.find((s) => symbol.startsWith(s.name + "/")) : undefined;
          if (!sibling) throw error;
          return inside(sibling, symbol.slice(sibling.name.length + 1), asOf);
        }
      },
      seal: () => (allowFiles ? Promise.resolve() : lockDown(connection)),
    });
  } finally {
    connection.close();
    instance.close();
  }
}
