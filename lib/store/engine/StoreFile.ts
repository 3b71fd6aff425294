import * as fs from "fs";
import * as path from "path";
import { StoreBusyError, StoreError } from "../../errors";
import { damagedFileError, isLockError } from "./fileErrors";
import { setTimeout as sleep } from "timers/promises";
import { Catalog, isStaleCatalog } from "./Catalog";
import { Connection } from "./Connection";
import { Database } from "./Database";
import { FileClient } from "./FileClient";
import { FileHost } from "./FileHost";
import { FileTicket } from "./FileTicket";
import { socketPath } from "./wire";
import { lockDown } from "./lockDown";

/** How a process shares a DuckDB file with other processes. Defaults in {@link DEFAULT_FILE_OPTIONS}. */
export interface StoreFileOptions {
  /** Longest wait for the calls of other processes before a call fails with StoreBusyError. @default 30000 */
  busyTimeoutMs: number;
  /**
   * The file is closed once no call (this process's or one it serves for another process) has used it
   * for this long, or as soon as a process that cannot be served waits for it (checked every
   * {@link WAITER_POLL_MS}). Keeping it open keeps DuckDB's caches warm between calls. @default 250
   */
  idleCloseMs: number;
}

/** Default sharing options. */
export const DEFAULT_FILE_OPTIONS: StoreFileOptions = { busyTimeoutMs: 30_000, idleCloseMs: 250 };

/** How often an open file checks whether it has been idle long enough, or whether a process waits for DuckDB's lock on it. */
export const WAITER_POLL_MS = 20;

/** Marks files as "waited for": a process waiting for DuckDB's lock touches one marker per file and pid in this folder. */
const WAITING_DIR = ".waiting";
const FRESH_WAIT_MS = 500;

/** How a call uses the file; see {@link StoreFile.use}. */
export interface UseOptions {
  /** Create the file when it is missing. @default false */
  create?: boolean;
  /** The error for a missing file. @default a StoreError naming the path */
  missing?: () => Error;
  /** The library the file holds, named by errors. */
  library?: string;
}

/** The connection a store call works with while it has the file. */
export interface OpenFile {
  readonly connection: Connection;
  /** The library's catalog on this connection; its cache goes whenever another call may have changed the file since. */
  readonly catalog: Catalog;
}

/**
 * One DuckDB file as this process uses it. DuckDB lets one process hold a file read-write, and two
 * instances in one process do not see each other's writes, so there is exactly one StoreFile per path per
 * process ({@link StoreFile.for}), and its calls run one at a time.
 *
 * Across processes, every call takes a {@link FileTicket} and runs once every earlier ticket is gone:
 * calls are served first come, first served, whichever process makes them. The process that opened the
 * file keeps it open while calls keep coming and serves the other processes' calls ({@link FileHost}):
 * theirs run on its DuckDB instance, so the file is not closed and opened again between the calls of
 * different processes. It closes the file when no call came for `idleCloseMs`, when a call needs the file
 * closed ({@link withClosed}), or when {@link release}d; the next call then opens it, in whatever process.
 * A path of `:memory:` is an in-memory database that stays open until {@link close}.
 */
export class StoreFile {
  readonly path: string;
  private options: StoreFileOptions;
  private instance: Database | null = null;
  private open: OpenFile | null = null;
  /** While this process holds the file: what serves it to other processes (null when it could not listen). */
  private host: FileHost | null = null;
  /** While another process holds the file: this process's link to it. */
  private client: FileClient | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  /** Set while this process's own call runs on the file it holds. */
  private localBusy = false;
  private lastLocalEnd = 0;
  /** The host's serial of this process's last call on the file it holds; another number next means other calls ran between. */
  private lastSerial = -1;
  private closing: Promise<void> | null = null;
  private closed = false;
  /** In-memory files only: the one folder DuckDB may read files from (the store's staging folder). */
  private readonly stagingDir: string | null;

  private constructor(filePath: string, options: StoreFileOptions, stagingDir: string | null = null) {
    this.path = filePath;
    this.options = options;
    this.stagingDir = stagingDir;
  }

  private static registry(): Map<string, StoreFile> {
    const key = Symbol.for("quantlab.store.files");
    const g = globalThis as unknown as Record<symbol, Map<string, StoreFile>>;
    return (g[key] ??= new Map());
  }

  /**
   * The process-wide StoreFile for an on-disk path. Options given here apply to it from now on (two
   * stores in one process opening the same folder with different options share the last ones given).
   */
  static for(filePath: string, options: Partial<StoreFileOptions> = {}): StoreFile {
    const registry = StoreFile.registry();
    const key = path.resolve(filePath);
    let file = registry.get(key);
    if (!file || file.closed) {
      file = new StoreFile(key, { ...DEFAULT_FILE_OPTIONS });
      registry.set(key, file);
    }
    const given = Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && k in DEFAULT_FILE_OPTIONS));
    file.options = { ...file.options, ...given };
    return file;
  }

  /**
   * A new in-memory database, private to its caller. Its DuckDB reads no file but those under
   * `stagingDir` (where large writes stage their Parquet files), so user SQL on it cannot reach the machine.
   */
  static memory(stagingDir: string): StoreFile {
    return new StoreFile(":memory:", { ...DEFAULT_FILE_OPTIONS, idleCloseMs: Infinity }, stagingDir);
  }

  get isMemory(): boolean {
    return this.path === ":memory:";
  }

  /**
   * Runs `work` with the file open, after every earlier call of this process on the file finished and
   * after the calls other processes asked for earlier. `create` lets the call create a missing file;
   * otherwise a missing file fails with `missing()`.
   * @throws StoreBusyError when the calls ahead of it take longer than `busyTimeoutMs`; DamagedFileError
   *   when DuckDB cannot read the file or its WAL (see {@link openError}).
   */
  use<T>(work: (file: OpenFile) => Promise<T>, opts: UseOptions = {}): Promise<T> {
    const run = async () => {
      if (this.closed) throw opts.missing ? opts.missing() : new StoreError(`the store file ${this.path} was closed`);
      if (this.isMemory) return (await this.runLocal(work, opts, null, 0)).value as T;
      this.requireFile(opts);
      const deadline = Date.now() + this.options.busyTimeoutMs;
      const ticket = FileTicket.take(this.path);
      try {
        for (;;) {
          if (this.open) {
            const local = await this.runLocal(work, opts, ticket, deadline);
            if (local.ran) return local.value as T;
            continue; // the file was closed before this call's turn: it is served elsewhere, or opened again
          }
          const served = await this.runServed(work, ticket, deadline);
          if (served.ran) return served.value as T;
          // No process serves the file: once every call asked before this one ran (or a process starts serving it), open it.
          const waited = await ticket.waitUnless(deadline, () => this.connect());
          if (waited === "timeout") throw this.busyError();
          if (waited === "turn" && !this.open) await this.openFile(opts, deadline);
        }
      } finally {
        ticket.release();
      }
    };
    return this.enqueue(run);
  }

  /**
   * Runs `work` on the file this process holds (opening an in-memory one when needed), in the turn of
   * `ticket`; `ran` false when the file was closed before the turn came (nothing ran).
   */
  private async runLocal<T>(work: (file: OpenFile) => Promise<T>, opts: UseOptions, ticket: FileTicket | null, deadline: number): Promise<{ ran: boolean; value?: T }> {
    if (!this.open) await this.openFile(opts, deadline);
    if (!this.open) return { ran: false };
    const open = this.open;
    const host = this.host;
    this.clearIdle();
    this.localBusy = true;
    let granted = false;
    try {
      if (host && ticket) {
        // Synchronously after openFile: the call is in the host's line before any client's message is read.
        const grant = await host.localTurn(ticket.seq, this.lastSerial);
        if (!grant) return { ran: false };
        granted = true;
        open.catalog.forgetChanged(grant.changes); // "all" for the first call of this opening (lastSerial -1)
        this.lastSerial = grant.serial;
      }
      return { ran: true, value: await runFresh(work, open) };
    } catch (error) {
      await open.connection.settle().catch(() => undefined);
      open.catalog.forget();
      throw error;
    } finally {
      if (granted) host!.endLocal(open.catalog.takeChanges());
      this.localBusy = false;
      this.lastLocalEnd = Date.now();
      this.scheduleIdleCheck();
    }
  }

  /**
   * Runs `work` in the process that holds the file, when one serves it, in the turn of `ticket`; `ran`
   * false when none does (nothing ran).
   * @throws StoreBusyError when the turn does not come by `deadline`.
   */
  private async runServed<T>(work: (file: OpenFile) => Promise<T>, ticket: FileTicket, deadline: number): Promise<{ ran: boolean; value?: T }> {
    if (!(await this.connect())) return { ran: false };
    const client = this.client!;
    const outcome = await client.call(ticket.seq, deadline);
    if (outcome === "timeout") throw this.busyError();
    if (outcome === "gone") {
      this.client = null;
      return { ran: false };
    }
    let failed = true;
    try {
      const value = await runFresh(work, { connection: client.connection, catalog: client.catalog });
      failed = false;
      return { ran: true, value };
    } finally {
      client.end(failed);
    }
  }

  /** True when this process has (or now makes) a link to a process that serves the file. */
  private async connect(): Promise<boolean> {
    if (this.client?.closed) this.client = null;
    this.client ??= await FileClient.connect(socketPath(this.path), this.path);
    return this.client !== null;
  }

  /** Throws `opts.missing()` (or a StoreError) when the file is missing and the call may not create it. */
  private requireFile(opts: UseOptions): void {
    if (!opts.create && !fs.existsSync(this.path)) throw opts.missing ? opts.missing() : new StoreError(`no store file at ${this.path}`);
  }

  private busyError(): StoreBusyError {
    return new StoreBusyError(
      `the store file ${this.path} was used by the calls of other processes for longer than ${this.options.busyTimeoutMs} ms; nothing was changed, try again`,
    );
  }

  /** Runs `run` after every call queued before it, whether those succeeded or failed. */
  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Closes the file now if this process holds it (after its running calls finish); the next call opens it again. */
  release(): Promise<void> {
    return this.enqueue(() => this.closeNow());
  }

  /** Closes the file for good; later calls fail. */
  async close(): Promise<void> {
    await this.release();
    this.client?.close();
    this.client = null;
    this.closed = true;
    if (StoreFile.registry().get(this.path) === this) StoreFile.registry().delete(this.path);
  }

  /**
   * Runs `work` with the file closed in every process (to delete or replace it, or to attach it read-only
   * elsewhere), once every call asked for before it ran: the process that holds the file, this one or
   * another, closes it first.
   */
  withClosed<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.isMemory) {
        await this.closeNow();
        return work();
      }
      const ticket = FileTicket.take(this.path);
      try {
        if (!(await ticket.waitForTurn(Date.now() + this.options.busyTimeoutMs))) throw this.busyError();
        if (this.open) await this.closeNow();
        else if (await this.connect()) {
          await this.client!.leave();
          this.client = null;
        }
        return await work();
      } finally {
        ticket.release();
      }
    };
    return this.enqueue(run);
  }

  /**
   * Opens the file (waiting while a process that takes no ticket holds it) and starts serving it to other
   * processes; leaves it shut when, while waiting, another process turns out to serve it (then `this.client` is set).
   */
  private async openFile(opts: UseOptions, deadline: number): Promise<void> {
    if (this.closing) await this.closing;
    if (!this.isMemory) this.requireFile(opts); // again: it may have been deleted while this call waited
    let delay = 1;
    let marker: string | null = null;
    let instance: Database;
    try {
      // This call holds the head of the line; a process that takes no ticket (DuckDB's own CLI, an ATTACH, a
      // host still closing the file) may still hold it.
      for (;;) {
        try {
          instance = await Database.create(this.path);
          break;
        } catch (error) {
          if (!isLockError(error)) throw openError(this.path, error, opts.library);
          if (Date.now() >= deadline) {
            throw new StoreBusyError(
              `the store file ${this.path} was held by another process for longer than ${this.options.busyTimeoutMs} ms; nothing was changed, try again`,
              { cause: error },
            );
          }
          // A process that took the file meanwhile serves it: this call goes back to be served (the file stays shut here).
          if (!this.isMemory && (await this.connect())) return;
          marker = markWaiting(this.path);
          await sleep(delay * (0.5 + Math.random()));
          delay = Math.min(delay * 1.6, 20);
        }
      }
    } finally {
      if (marker) fs.rmSync(marker, { force: true });
    }
    const connection = await instance.connect();
    if (this.isMemory) await lockDown(connection, this.stagingDir ? [this.stagingDir] : []);
    this.instance = instance;
    this.open = { connection, catalog: new Catalog(connection) };
    this.lastSerial = -1;
    if (!this.isMemory) this.host = await FileHost.start(socketPath(this.path), instance, () => void this.closeNow());
  }

  /** While open: close when no call came for `idleCloseMs`, or as soon as a process waits for DuckDB's lock. */
  private scheduleIdleCheck(): void {
    if (this.isMemory || !this.open || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (!this.open) return;
      const busy = this.localBusy || this.host?.busy === true;
      const idleSince = Math.max(this.lastLocalEnd, this.host?.lastActivity ?? 0);
      if (!busy && (Date.now() - idleSince >= this.options.idleCloseMs || this.othersWaiting())) void this.closeNow();
      else this.scheduleIdleCheck();
    }, WAITER_POLL_MS);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Closes the file if this process holds it: stops serving it (after a served call that runs), checkpoints it and closes it. */
  private closeNow(): Promise<void> {
    this.closing ??= this.doClose().finally(() => (this.closing = null));
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.clearIdle();
    const open = this.open;
    const instance = this.instance;
    const host = this.host;
    this.open = null;
    this.instance = null;
    this.host = null;
    if (!open || !instance) return;
    try {
      await host?.stop();
      if (!this.isMemory) await open.connection.run("CHECKPOINT");
    } catch {
      // A failed checkpoint leaves the WAL in place; DuckDB replays it on the next open.
    } finally {
      open.connection.close();
      instance.close();
      host?.disconnect();
    }
  }

  private waitingDir(): string {
    return path.join(path.dirname(this.path), WAITING_DIR);
  }

  /** True when another process waits for DuckDB's lock on the file (it takes no ticket, or could not be served). */
  private othersWaiting(): boolean {
    const prefix = path.basename(this.path) + ".";
    let names: string[];
    try {
      names = fs.readdirSync(this.waitingDir());
    } catch {
      return false;
    }
    const now = Date.now();
    for (const name of names) {
      if (!name.startsWith(prefix) || name === prefix + process.pid || name.endsWith(".sock")) continue;
      try {
        if (now - fs.statSync(path.join(this.waitingDir(), name)).mtimeMs < FRESH_WAIT_MS) return true;
      } catch {
        // the waiter got the file and removed its marker meanwhile
      }
    }
    return false;
  }
}

/** How many times a call runs again when its cached catalog rows turn out stale at commit. */
const STALE_RETRIES = 3;

/**
 * Runs `work` and waits for the statements it sent; when its commit found the catalog rows it started
 * from changed (rolled back: nothing of it stayed), drops the cache and runs it again.
 */
async function runFresh<T>(work: (file: OpenFile) => Promise<T>, open: OpenFile): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await work(open);
      await open.connection.settle();
      return value;
    } catch (error) {
      if (!isStaleCatalog(error) || attempt > STALE_RETRIES) throw error;
      await open.connection.settle().catch(() => undefined);
      open.catalog.forget();
    }
  }
}

/**
 * Marks this process as waiting for DuckDB's lock on `filePath` (a fresh file `<dir>/.waiting/<file>.<pid>`,
 * touched again on each call), so the process holding it closes it once it has no call to run. Returns
 * the marker's path; the caller removes it when done waiting.
 */
export function markWaiting(filePath: string): string {
  const marker = path.join(path.dirname(filePath), WAITING_DIR, `${path.basename(filePath)}.${process.pid}`);
  fs.mkdirSync(path.dirname(marker), { recursive: true });
  try {
    const now = new Date();
    fs.utimesSync(marker, now, now);
  } catch {
    fs.writeFileSync(marker, "");
  }
  return marker;
}

/** The error for a file DuckDB would not open: {@link damagedFileError}, else a StoreError with DuckDB's message. */
function openError(filePath: string, error: unknown, library?: string): StoreError {
  const what = library === undefined ? `the store file ${filePath}` : `library '${library}' (file ${filePath})`;
  return damagedFileError(filePath, error, library) ?? new StoreError(`could not open ${what}: ${(error as Error).message}`, { library, file: filePath, cause: error });
}
