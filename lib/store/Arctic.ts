import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DamagedFileError, InvalidNameError, LibraryExistsError, LibraryNotFoundError, StoreBusyError, StoreError } from "../errors";
import { StoreFile, StoreFileOptions, withDatabase } from "./engine";
import { Library } from "./Library";
import { LibraryContext } from "./library/context";
import { DEFAULT_LIBRARY_OPTIONS, LibraryOptions, initLibraryFile, readLibraryOptions } from "./library/libraryOptions";
import { checkName, decodeFileName, encodeFileName } from "./names";
import { StoreLocation, defaultStoreLocation } from "./location";

/** How an Arctic shares its files with other processes; see {@link StoreFileOptions} for defaults. */
export type ArcticOptions = Partial<StoreFileOptions>;

const EXTENSION = ".duckdb";
/**
 * The files DuckDB keeps beside a library's file: its write-ahead log, and the folder it spills to. They
 * belong to that file only; one left behind by a deleted library would be replayed into (or mixed with) a
 * new library of the same name.
 */
const SIDE_FILES = [".wal", ".tmp"];

/** Removes a library file's side files ({@link SIDE_FILES}). */
function removeSideFiles(filePath: string): void {
  for (const suffix of SIDE_FILES) fs.rmSync(filePath + suffix, { recursive: true, force: true });
}
const MAX_FILE_STEM = 200;

/** Where a URI points: the location, with its folder null for an in-memory store. */
function parseUri(uri: string | undefined): StoreLocation {
  if (uri === undefined || uri === "") return defaultStoreLocation();
  if (uri === "mem://" || uri === "memory://") return { uri: "mem://", path: null, source: "uri" };
  const m = /^duckdb:(?:\/\/)?(.*)$/.exec(uri);
  if (!m) {
    throw new StoreError(`Arctic.open: cannot read URI '${uri}'; use "duckdb:///abs/dir", "duckdb:./relative/dir" or "mem://"`);
  }
  if (m[1] === "") throw new StoreError(`Arctic.open: URI '${uri}' names no folder`);
  const dir = path.resolve(m[1]);
  return { uri: "duckdb://" + dir, path: dir, source: "uri" };
}

/** Removes staging files left by processes that died in the middle of a write. */
function removeStaleStaging(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(?:insert|create)-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }
}

/** Private staging folders of this process's in-memory stores, removed when the process exits. */
const memoryStaging = new Set<string>();
let exitHookInstalled = false;

/**
 * A new staging folder for an in-memory store: made by mkdtemp (a name nobody can guess beforehand,
 * mode 0700, so no other user can read or plant files in it), removed by {@link Arctic.close} or when the
 * process exits.
 */
function privateStagingDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quantlab-staging-"));
  memoryStaging.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const d of memoryStaging) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/**
 * Makes a library file with its catalog under a temporary name and links it into place, so a crash
 * never leaves a half-made library behind. Returns false when a file was already at `filePath`.
 */
async function createLibraryFile(filePath: string, tmpDir: string, options: LibraryOptions): Promise<boolean> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const staging = path.join(tmpDir, `create-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.duckdb`);
  try {
    await withDatabase(staging, async (connection) => {
      await initLibraryFile(connection, options);
      await connection.run("CHECKPOINT");
    });
    try {
      // A WAL without its database file is a leftover of a deleted library or an old crash; DuckDB would
      // replay it into the new file and bring the deleted library's symbols back.
      if (!fs.existsSync(filePath)) removeSideFiles(filePath);
      fs.linkSync(staging, filePath);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
  } finally {
    for (const suffix of ["", ".wal"]) fs.rmSync(staging + suffix, { force: true });
  }
}

/**
 * The entry point of the store: a folder of libraries, one DuckDB file each (or, with "mem://", an
 * in-memory store for tests and scratch work that vanishes with the process).
 *
 * Several processes may open the same folder at once (a notebook, the job daemon, the CLI): each call
 * holds a library's file only while it runs, so they take turns; see {@link ArcticOptions}.
 */
export class Arctic {
  /** The folder of library files, or null for an in-memory store. */
  readonly root: string | null;
  /**
   * Where this store is and why there (the URI given, `QUANTLAB_STORE`, the enclosing project's `db/`
   * or the working directory's `db/`); see {@link defaultStoreLocation}.
   */
  readonly location: StoreLocation;
  readonly #options: ArcticOptions;
  readonly #memory = new Map<string, { file: StoreFile; options: LibraryOptions }>();
  readonly #tmpDir: string;

  private constructor(location: StoreLocation, options: ArcticOptions) {
    this.root = location.path;
    this.location = location;
    this.#options = options;
    this.#tmpDir = this.root ? path.join(this.root, ".tmp") : privateStagingDir();
  }

  /**
   * Opens a store. `uri`: "duckdb:///abs/dir" or "duckdb:./relative/dir" for a folder (created when
   * missing), "mem://" for an in-memory store; omitted for the default, `$QUANTLAB_STORE`, else the
   * enclosing quantlab project's `db/`, else the working directory's `db/` (see
   * {@link defaultStoreLocation}). `arctic.location` says which it opened and why.
   * @param options.busyTimeoutMs how long a call waits for another process. @default 30000
   * @throws StoreError for a URI it cannot read.
   */
  static async open(uri?: string, options: ArcticOptions = {}): Promise<Arctic> {
    const location = parseUri(uri);
    if (location.path) {
      fs.mkdirSync(location.path, { recursive: true });
      removeStaleStaging(path.join(location.path, ".tmp"));
    }
    return new Arctic(location, options);
  }

  #fileName(name: string): string {
    checkName("library", name);
    const stem = encodeFileName(name);
    if (stem.length > MAX_FILE_STEM) {
      throw new InvalidNameError(`library name '${name}' is too long to be a file name once encoded (${stem.length} > ${MAX_FILE_STEM})`);
    }
    return path.join(this.root!, stem + EXTENSION);
  }

  #context(name: string, file: StoreFile, options: LibraryOptions): LibraryContext {
    return { name, file, options, tmpDir: this.#tmpDir };
  }

  /** Names of the library files in the folder, whatever their content, sorted. */
  #fileNames(): string[] {
    const names: string[] = [];
    for (const entry of fs.readdirSync(this.root!)) {
      if (!entry.endsWith(EXTENSION)) continue;
      const name = decodeFileName(entry.slice(0, -EXTENSION.length));
      if (name !== null) names.push(name);
    }
    return names.sort();
  }

  /**
   * Names of the libraries, sorted. A `.duckdb` file in the folder that quantlab did not make (no
   * catalog, or not a DuckDB file at all) is not a library and is left out.
   */
  async listLibraries(): Promise<string[]> {
    if (!this.root) return [...this.#memory.keys()].sort();
    const names: string[] = [];
    for (const name of this.#fileNames()) if (await this.#isLibrary(this.#fileName(name))) names.push(name);
    return names;
  }

  /** True when the file exists and holds a quantlab catalog (StoreBusyError when another process keeps it). */
  async #isLibrary(filePath: string): Promise<boolean> {
    if (!fs.existsSync(filePath)) return false;
    const file = StoreFile.for(filePath, this.#options);
    return file.use(async (open) => (await readLibraryOptions(open.connection)) !== null, { library: decodeFileName(path.basename(filePath, EXTENSION)) ?? undefined }).catch((error: unknown) => {
      if (error instanceof StoreBusyError) throw error;
      return false;
    });
  }

  /** True when a library of that name exists (a file quantlab did not make is not one). */
  async hasLibrary(name: string): Promise<boolean> {
    if (!this.root) return this.#memory.has(checkName("library", name));
    return this.#isLibrary(this.#fileName(name));
  }

  /**
   * Creates a library.
   * @param options.dynamicSchema let append/update add and omit columns. @default false
   * @throws LibraryExistsError when it exists; InvalidNameError for a name that cannot be a library name.
   */
  async createLibrary(name: string, options: Partial<LibraryOptions> = {}): Promise<Library> {
    const libraryOptions: LibraryOptions = { ...DEFAULT_LIBRARY_OPTIONS, ...options };
    const exists = () => new LibraryExistsError(`library '${name}' already exists`, { library: name });
    if (!this.root) {
      checkName("library", name);
      if (this.#memory.has(name)) throw exists();
      const file = StoreFile.memory(this.#tmpDir);
      await file.use((open) => initLibraryFile(open.connection, libraryOptions));
      this.#memory.set(name, { file, options: libraryOptions });
      return new Library(this.#context(name, file, libraryOptions));
    }
    const filePath = this.#fileName(name);
    const file = StoreFile.for(filePath, this.#options);
    if (!(await createLibraryFile(filePath, this.#tmpDir, libraryOptions))) {
      // A file without a catalog (not made by this store, or by an old crash) is taken over.
      await file.use(
        async (open) => {
          if (await readLibraryOptions(open.connection)) throw exists();
          await initLibraryFile(open.connection, libraryOptions);
        },
        { library: name },
      );
    }
    return new Library(this.#context(name, file, libraryOptions));
  }

  /**
   * The library of that name.
   * @param options.createIfMissing create it (with `libraryOptions`) when it does not exist. @default false
   * @throws LibraryNotFoundError when it does not exist and createIfMissing is not set.
   */
  async getLibrary(
    name: string,
    options: { createIfMissing?: boolean; libraryOptions?: Partial<LibraryOptions> } = {},
  ): Promise<Library> {
    const missing = () =>
      new LibraryNotFoundError(`library '${name}' does not exist; create it with createLibrary or pass createIfMissing: true`, {
        library: name,
      });
    if (!this.root) {
      checkName("library", name);
      const found = this.#memory.get(name);
      if (found) return new Library(this.#context(name, found.file, found.options));
      if (!options.createIfMissing) throw missing();
      return this.createLibrary(name, options.libraryOptions);
    }
    const filePath = this.#fileName(name);
    const created = { ...DEFAULT_LIBRARY_OPTIONS, ...options.libraryOptions };
    if (!fs.existsSync(filePath)) {
      if (!options.createIfMissing) throw missing();
      await createLibraryFile(filePath, this.#tmpDir, created);
    }
    const file = StoreFile.for(filePath, this.#options);
    const libraryOptions = await file.use(
      async (open) => {
        const found = await readLibraryOptions(open.connection);
        if (found) return found;
        if (!options.createIfMissing) throw missing();
        await initLibraryFile(open.connection, created);
        return created;
      },
      { missing, library: name },
    );
    return new Library(this.#context(name, file, libraryOptions));
  }

  /**
   * Deletes a library and all its data, snapshots included: its file and the files DuckDB keeps beside
   * it (the `.wal` write-ahead log and the `.tmp` spill folder), so a new library of the same name starts
   * empty. A missing library is a no-op; a damaged one is deleted too.
   */
  async deleteLibrary(name: string): Promise<void> {
    if (!this.root) {
      checkName("library", name);
      const found = this.#memory.get(name);
      this.#memory.delete(name);
      await found?.file.close();
      return;
    }
    const filePath = this.#fileName(name);
    if (!fs.existsSync(filePath)) {
      removeSideFiles(filePath);
      return;
    }
    const file = StoreFile.for(filePath, this.#options);
    // Holding the file first makes sure no other process is in the middle of a call on it. A damaged
    // file cannot be opened (so no process is using it) and is deleted all the same.
    await file.use(async () => undefined, { missing: () => new LibraryNotFoundError(`library '${name}' does not exist`), library: name }).catch((e) => {
      if (!(e instanceof LibraryNotFoundError) && !(e instanceof DamagedFileError)) throw e;
    });
    await file.withClosed(async () => {
      fs.rmSync(filePath, { force: true });
      removeSideFiles(filePath);
    });
  }

  /** Closes every file this store has open in this process. Later calls reopen them. */
  async close(): Promise<void> {
    for (const { file } of this.#memory.values()) await file.close();
    this.#memory.clear();
    if (!this.root) {
      fs.rmSync(this.#tmpDir, { recursive: true, force: true });
      return;
    }
    for (const name of this.#fileNames()) {
      await StoreFile.for(this.#fileName(name), this.#options).release();
    }
  }
}
