import * as fs from "fs";
import * as path from "path";
import { StoreBusyError, StoreError } from "../../errors";
import { damagedFileError } from "./fileErrors";
import { setTimeout as sleep } from "timers/promises";
import { Catalog } from "./Catalog";
import { Connection } from "./Connection";
import { Database } from "./Database";
import { FileTicket } from "./FileTicket";
import { lockDown } from "./lockDown";

/** How a process shares a DuckDB file with other processes. Defaults in {@link DEFAULT_FILE_OPTIONS}. */
export interface StoreFileOptions {
  /** Longest wait for another process to release the file before a call fails with StoreBusyError. @default 30000 */
  busyTimeoutMs: number;
  /**
   * The file is closed once no call has used it for this long, or sooner as soon as another process
   * is waiting for it (checked every {@link WAITER_POLL_MS}). Keeping it open a little while keeps
   * DuckDB's caches warm between calls. @default 250
   */
  idleCloseMs: number;
  /**
   * After holding the file this long without a pause, the process hands it over between two calls
   * when another process is waiting for it. @default 100
   */
  fairShareMs: number;
}

/** Default sharing options. */
export const DEFAULT_FILE_OPTIONS: StoreFileOptions = { busyTimeoutMs: 30_000, idleCloseMs: 250, fairShareMs: 100 };

/** How often an idle open file checks whether another process waits for it. */
export const WAITER_POLL_MS = 20;

/** Marks files as "waited for": a waiting process touches one marker per file and pid in this folder. */
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

/** The connection a store call works with while it holds the file. */
export interface OpenFile {
  readonly connection: Connection;
  /** The library's catalog on this connection; its cache goes whenever the file is closed, because other processes may change it then. */
  readonly catalog: Catalog;
}

/**
 * One DuckDB file as this process uses it. DuckDB lets one process hold a file read-write and two
 * instances in one process do not see each other's writes, so there is exactly one StoreFile per path
 * per process ({@link StoreFile.for}); calls on it run one at a time, the file is opened on demand,
 * kept open while calls keep coming, handed over when another process waits, and closed when idle.
 * Processes get the file first come, first served: each takes a {@link FileTicket} before opening it and
 * gives it back when it closes it, and a process opens the file only once every earlier ticket is gone.
 * A path of `:memory:` is an in-memory database that stays open until {@link close}.
 */
export class StoreFile {
  readonly path: string;
  private options: StoreFileOptions;
  private instance: Database | null = null;
  private open: OpenFile | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private heldSince = 0;
  /** This process's place in the line for the file while it waits for it or holds it (on-disk files only). */
  private ticket: FileTicket | null = null;
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
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
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
   * Runs `work` with the file open, after every earlier call of this process on the file finished.
   * `create` lets the call create a missing file; otherwise a missing file fails with `missing()`.
   * @throws StoreBusyError when another process holds the file past `busyTimeoutMs`; DamagedFileError
   *   when DuckDB cannot read the file or its WAL (see {@link openError}).
   */
  use<T>(work: (file: OpenFile) => Promise<T>, opts: UseOptions = {}): Promise<T> {
    const run = async () => {
      if (this.closed) throw opts.missing ? opts.missing() : new StoreError(`the store file ${this.path} was closed`);
      this.clearIdle();
      const file = await this.acquire(opts);
      try {
        return await work(file);
      } catch (error) {
        file.catalog.forget();
        throw error;
      } finally {
        this.afterCall();
      }
    };
    return this.enqueue(run);
  }

  /** Runs `run` after every call queued before it, whether those succeeded or failed. */
  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Closes the file now (after running calls finish); the next call opens it again. */
  release(): Promise<void> {
    return this.queueClose();
  }

  /** Closes the file for good; later calls fail. */
  async close(): Promise<void> {
    await this.queueClose();
    this.closed = true;
    if (StoreFile.registry().get(this.path) === this) StoreFile.registry().delete(this.path);
  }

  /** Runs `work` while holding the file but with it closed (to delete or replace it). */
  withClosed<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      this.clearIdle();
      await this.closeNow();
      if (this.isMemory) return work();
      await this.takeTurn(Date.now() + this.options.busyTimeoutMs);
      try {
        return await work();
      } finally {
        this.leaveLine();
      }
    };
    return this.enqueue(run);
  }

  private queueClose(): Promise<void> {
    return this.enqueue(() => this.closeNow());
  }

  private async acquire(opts: UseOptions): Promise<OpenFile> {
    if (this.open) return this.open;
    if (!this.isMemory && !opts.create && !fs.existsSync(this.path)) {
      throw opts.missing ? opts.missing() : new StoreError(`no store file at ${this.path}`);
    }
    const deadline = Date.now() + this.options.busyTimeoutMs;
    if (!this.isMemory) await this.takeTurn(deadline);
    let delay = 1;
    let marker: string | null = null;
    try {
      // At the head of the line; a process that takes no ticket (DuckDB's own CLI, an ATTACH) may still hold the file.
      for (;;) {
        try {
          this.instance = await Database.create(this.path);
          break;
        } catch (error) {
          if (!isLockError(error)) throw openError(this.path, error, opts.library);
          if (Date.now() >= deadline) {
            throw new StoreBusyError(
              `the store file ${this.path} was held by another process for longer than ${this.options.busyTimeoutMs} ms; nothing was changed, try again`,
              { cause: error },
            );
          }
          marker ??= this.markWaiting();
          touch(marker);
          await sleep(delay * (0.5 + Math.random()));
          delay = Math.min(delay * 1.6, 20);
        }
      }
    } catch (error) {
      this.leaveLine();
      throw error;
    } finally {
      if (marker) fs.rmSync(marker, { force: true });
    }
    const connection = await this.instance.connect();
    if (this.isMemory) await lockDown(connection, this.stagingDir ? [this.stagingDir] : []);
    this.open = { connection, catalog: new Catalog(connection) };
    this.heldSince = Date.now();
    return this.open;
  }

  private afterCall(): void {
    if (!this.open || this.isMemory) return;
    const held = Date.now() - this.heldSince;
    if (held >= this.options.fairShareMs && this.othersWaiting()) {
      // Hand the file over: closing it gives up this process's ticket; its next call queues behind the waiters.
      void this.queueClose();
      return;
    }
    this.scheduleIdleCheck(Date.now());
  }

  /** While idle: close when idle long enough, or as soon as another process waits for the file. */
  private scheduleIdleCheck(idleSince: number): void {
    const remaining = this.options.idleCloseMs - (Date.now() - idleSince);
    this.idleTimer = setTimeout(
      () => {
        this.idleTimer = null;
        if (Date.now() - idleSince >= this.options.idleCloseMs || this.othersWaiting()) void this.queueClose();
        else this.scheduleIdleCheck(idleSince);
      },
      Math.max(0, Math.min(WAITER_POLL_MS, remaining)),
    );
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private async closeNow(): Promise<void> {
    this.clearIdle();
    const open = this.open;
    const instance = this.instance;
    this.open = null;
    this.instance = null;
    if (!open || !instance) {
      this.leaveLine();
      return;
    }
    try {
      if (!this.isMemory) await open.connection.run("CHECKPOINT");
    } catch {
      // A failed checkpoint leaves the WAL in place; DuckDB replays it on the next open.
    } finally {
      open.connection.close();
      instance.close();
      this.leaveLine();
    }
  }

  /**
   * Takes a ticket for the file and waits until every process that asked before this one had its turn
   * (first come, first served; see {@link FileTicket}). The ticket is kept until the file is closed.
   * @throws StoreBusyError when the turn has not come by `deadline`; the ticket is given up then.
   */
  private async takeTurn(deadline: number): Promise<void> {
    this.ticket ??= FileTicket.take(this.path);
    if (await this.ticket.waitForTurn(deadline)) return;
    this.leaveLine();
    throw new StoreBusyError(
      `the store file ${this.path} was held or waited for by other processes for longer than ${this.options.busyTimeoutMs} ms; nothing was changed, try again`,
    );
  }

  private leaveLine(): void {
    this.ticket?.release();
    this.ticket = null;
  }

  private waitingDir(): string {
    return path.join(path.dirname(this.path), WAITING_DIR);
  }

  private markWaiting(): string {
    const dir = this.waitingDir();
    fs.mkdirSync(dir, { recursive: true });
    return path.join(dir, `${path.basename(this.path)}.${process.pid}`);
  }

  private othersWaiting(): boolean {
    if (this.ticket?.othersWaiting()) return true;
    const prefix = path.basename(this.path) + ".";
    let names: string[];
    try {
      names = fs.readdirSync(this.waitingDir());
    } catch {
      return false;
    }
    const now = Date.now();
    for (const name of names) {
      if (!name.startsWith(prefix) || name === prefix + process.pid) continue;
      try {
        if (now - fs.statSync(path.join(this.waitingDir(), name)).mtimeMs < FRESH_WAIT_MS) return true;
      } catch {
        // the waiter got the file and removed its marker meanwhile
      }
    }
    return false;
  }
}

function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    fs.writeFileSync(file, "");
  }
}

/** The error for a file DuckDB would not open: {@link damagedFileError}, else a StoreError with DuckDB's message. */
function openError(filePath: string, error: unknown, library?: string): StoreError {
  const what = library === undefined ? `the store file ${filePath}` : `library '${library}' (file ${filePath})`;
  return damagedFileError(filePath, error, library) ?? new StoreError(`could not open ${what}: ${(error as Error).message}`, { library, file: filePath, cause: error });
}

function isLockError(error: unknown): boolean {
  return error instanceof Error && /Could not set lock|Conflicting lock|lock on file/i.test(error.message);
}
