import * as fs from "fs";
import * as path from "path";
import { StoreBusyError, StoreError, SymbolNotFoundError } from "../../errors";
import { Catalog, OpenFile, StoreFile, VersionRow, isLockError, markWaiting } from "../engine";
import { LibraryContext, withFile } from "../library/context";
import { resolveVersion } from "../library/resolve";
import { encodeFileName, sqlIdent, sqlString } from "../names";
import { AsOf } from "../types";
import { setTimeout as sleep } from "timers/promises";

/** A library of the same store that a `{library/SYMBOL}` reference may name. */
export interface Sibling {
  name: string;
  file: StoreFile;
  /** The alias its file is attached under while the statement runs. */
  alias: string;
}

/** Where a placeholder's symbol lives: its version, and the schema its data table is in (null: this library). */
export interface ResolvedSymbol {
  version: VersionRow;
  schema: string | null;
}

/** Resolves placeholders' symbols in this library or an attached sibling. */
export type SymbolResolver = (symbol: string, asOf: AsOf | undefined) => Promise<ResolvedSymbol>;

/**
 * The sibling libraries `{library/SYMBOL}` placeholders may name: for each "/" in a placeholder, the text
 * before it when a library file of that name exists beside this one. On-disk stores only.
 */
export function siblings(ctx: LibraryContext, symbols: string[]): Sibling[] {
  if (ctx.file.isMemory) return [];
  const dir = path.dirname(ctx.file.path);
  const found = new Map<string, Sibling>();
  for (const symbol of symbols) {
    for (let i = symbol.indexOf("/"); i > 0; i = symbol.indexOf("/", i + 1)) {
      const name = symbol.slice(0, i);
      const file = path.join(dir, encodeFileName(name) + ".duckdb");
      if (name === ctx.name || found.has(name) || !fs.existsSync(file)) continue;
      found.set(name, { name, file: StoreFile.for(file), alias: `ql_lib_${found.size}` });
    }
  }
  return [...found.values()];
}

/** Attaches a sibling's file read-only, retrying while another process holds it (up to `timeoutMs`). */
export async function attach(open: Pick<OpenFile, "connection">, sibling: Sibling, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let marker: string | null = null;
  try {
    for (let delay = 1; ; delay = Math.min(delay * 1.6, 20)) {
      try {
        await open.connection.run(`ATTACH ${sqlString(sibling.file.path)} AS ${sibling.alias} (READ_ONLY)`);
        return;
      } catch (error) {
        if (!isLockError(error)) throw new StoreError(`sql: could not open library '${sibling.name}': ${(error as Error).message}`, { library: sibling.name, cause: error });
        if (Date.now() >= deadline) {
          throw new StoreBusyError(`sql: library '${sibling.name}' was held by another process for longer than ${timeoutMs} ms; nothing was changed, try again`, { library: sibling.name, cause: error });
        }
        marker = markWaiting(sibling.file.path);
        await sleep(delay * (0.5 + Math.random()));
      }
    }
  } finally {
    if (marker) fs.rmSync(marker, { force: true });
  }
}

/**
 * Runs `work` with this library's file open and, for `{library/SYMBOL}` references, the named sibling
 * libraries' files attached read-only to the same connection. Files are taken in path order (this
 * library's with `use`, siblings' with `withClosed`, which closes them in this process), so two such
 * calls in one process never wait on each other in a cycle; another process holding a sibling is
 * asked to hand it over through StoreFile's waiting markers and waited for up to 30 s (StoreBusyError
 * after). Siblings are detached before the call ends.
 *
 * A placeholder names a symbol of this library when one of that exact name exists (so `{EUR/USD}` keeps
 * working); otherwise the text before a "/" names a library and the rest a symbol in it.
 */
export function withLibraries<T>(ctx: LibraryContext, symbols: string[], work: (open: OpenFile, resolve: SymbolResolver) => Promise<T>): Promise<T> {
  const others = siblings(ctx, symbols);
  if (others.length === 0) return withFile(ctx, (open) => work(open, async (symbol, asOf) => ({ version: (await resolveVersion(ctx, open, symbol, asOf)).version, schema: null })));
  const run = (open: OpenFile) => runAttached(ctx, open, others, work);
  // Nest the acquisitions in path order; the innermost runs the work.
  const order = [{ path: ctx.file.path, self: true, sibling: null as Sibling | null }, ...others.map((s) => ({ path: s.file.path, self: false, sibling: s as Sibling | null }))].sort((a, b) =>
    a.path < b.path ? -1 : 1,
  );
  let inner: (open: OpenFile | null) => Promise<T> = async (open) => run(open!);
  for (const step of [...order].reverse()) {
    const next = inner;
    inner = step.self ? () => withFile(ctx, (open) => next(open)) : (open) => step.sibling!.file.withClosed(() => next(open));
  }
  return inner(null);
}

async function runAttached<T>(ctx: LibraryContext, open: OpenFile, others: Sibling[], work: (open: OpenFile, resolve: SymbolResolver) => Promise<T>): Promise<T> {
  const home = String((await open.connection.rows("SELECT current_database()"))[0][0]);
  const attached: Sibling[] = [];
  try {
    for (const s of others) {
      await attach(open, s, 30_000);
      attached.push(s);
    }
    const resolve: SymbolResolver = async (symbol, asOf) => {
      try {
        return { version: (await resolveVersion(ctx, open, symbol, asOf)).version, schema: null };
      } catch (error) {
        const sibling = error instanceof SymbolNotFoundError ? attached.find((s) => symbol.startsWith(s.name + "/")) : undefined;
        if (!sibling) throw error;
        const name = symbol.slice(sibling.name.length + 1);
        const siblingCtx: LibraryContext = { ...ctx, name: sibling.name, file: sibling.file };
        // The catalog queries are unqualified: point the connection at the sibling while resolving.
        await open.connection.run(`USE ${sibling.alias}`);
        try {
          return { version: (await resolveVersion(siblingCtx, { connection: open.connection, catalog: new Catalog(open.connection) }, name, asOf)).version, schema: sibling.alias };
        } finally {
          await open.connection.run(`USE ${sqlIdent(home)}`);
        }
      }
    };
    return await work(open, resolve);
  } finally {
    for (const s of attached) await open.connection.run(`DETACH ${s.alias}`).catch(() => undefined);
  }
}
