import { randomUUID } from "crypto";
import * as path from "path";
import { Table } from "../frame";
import { Arctic, AsOf, Library, SchemaError, SymbolNotFoundError, findProjectRoot, isDataError, packageRoot } from "../store";
import { OutputValidator, checkOhlcvBasics } from "./checkOhlcvBasics";
import { JobExistsError, JobNotFoundError, JobSpecError, MalformedRegistryError } from "./errors";
import { Job, JobConfig, JobSpec } from "./JobSpec";
import { runJob } from "./runJob";
import { acquireRunLock } from "./runLock";
import { RunRecord, RunTrigger, decodeRuns, encodeRuns, runWithoutScript, runsTable } from "./RunRecord";
import { JobChange, decodeSpec, encodeSpec, specSymbol } from "./specTable";
import { validateJobSpec } from "./validateJobSpec";

/** Options of {@link JobRegistry.open}. */
export interface JobRegistryOptions {
  /**
   * The project root: scripts must lie in its `jobs/` folder and run with it as working directory.
   * @default the quantlab project around the working directory ({@link findProjectRoot}), else quantlab's own folder
   */
  root?: string;
  /** The library that holds job configurations and the `runs` symbol. @default "jobs" */
  library?: string;
  /** Checks every run's table must pass before it is stored. @default [checkOhlcvBasics] */
  validators?: OutputValidator[];
  /** Uniform [0,1) source of retry jitter (tests pass a fixed one). @default Math.random */
  random?: () => number;
}

/** Options of {@link JobRegistry.run}. */
export interface JobRunOptions {
  /** @default "manual" */
  trigger?: RunTrigger;
  /** The cron slot the run is for. @default now */
  scheduledAt?: Date;
  /** Aborting it kills the script's process group and cancels retries. */
  signal?: AbortSignal;
}

/** How many versions of `runs` may pile up before older ones are pruned. */
const PRUNE_RUNS_EVERY = 100;

/** The symbol of the run history in the jobs library. */
export const RUNS_SYMBOL = "runs";

/** The library a registry lives in unless told otherwise; no job may store its table there. */
export const REGISTRY_LIBRARY = "jobs";

/** Options of {@link JobRegistry.list}. */
export interface JobListOptions {
  /**
   * Told about each configuration that does not decode (overwritten by something else); the job is left
   * out of the list. Without it, such a configuration throws. @default none: throw
   */
  onMalformed?: (error: MalformedRegistryError) => void;
}

/**
 * The job registry, kept in the store's `jobs` library: each job's configuration is a symbol `job:<name>`
 * whose every change (add, update, enable, disable, remove) is a new version, so any past configuration
 * reads back with `get(name, { asOf })`; every run is a row appended to the symbol `runs`.
 *
 * The registry holds no open resources: each method is a few short store calls, and no store call is
 * open while a script runs, so other processes (a notebook, the CLI, the daemon) use the store meanwhile.
 * Registry changes are last-writer-wins across processes.
 */
export class JobRegistry {
  readonly arctic: Arctic;
  readonly root: string;
  readonly #library: Library;
  readonly #validators: OutputValidator[];
  readonly #random: (() => number) | undefined;
  readonly #running = new Set<string>();
  #appending: Promise<unknown> = Promise.resolve();

  private constructor(arctic: Arctic, library: Library, options: JobRegistryOptions) {
    this.arctic = arctic;
    this.#library = library;
    this.root = path.resolve(options.root ?? findProjectRoot() ?? packageRoot());
    this.#validators = options.validators ?? [checkOhlcvBasics];
    this.#random = options.random;
  }

  /**
   * Opens the registry of a store, creating its library when missing.
   * @example const jobs = await JobRegistry.open(await Arctic.open())
   */
  static async open(arctic: Arctic, options: JobRegistryOptions = {}): Promise<JobRegistry> {
    const library = await arctic.getLibrary(options.library ?? REGISTRY_LIBRARY, { createIfMissing: true });
    return new JobRegistry(arctic, library, options);
  }

  /** The library holding the registry, for reading configuration versions and runs directly. */
  get library(): Library {
    return this.#library;
  }

  /**
   * Libraries no job may store its table in: this registry's own and the default registry library
   * "jobs" (compared ignoring case, as some file systems do). A job's output there would replace the run
   * history or another job's configuration.
   */
  get reservedLibraries(): string[] {
    return [...new Set([this.#library.name, REGISTRY_LIBRARY])];
  }

  /** @throws JobSpecError (field 'library') when the job would store its table in a reserved library. */
  #checkTarget(config: JobConfig): JobConfig {
    const reserved = this.reservedLibraries.find((name) => name.toLowerCase() === config.library.toLowerCase());
    if (reserved !== undefined) {
      throw new JobSpecError(`JobSpec: 'library' '${config.library}' is reserved: the library '${reserved}' holds the job registry (configurations and run history), ` +
          `and a job's table stored there would replace them; store job '${config.name}' in another library`, { field: "library", job: config.name }
      );
    }
    return config;
  }

  /** The store URI scripts get as QUANTLAB_STORE ("mem://" for an in-memory store they cannot open). */
  get storeUri(): string {
    return this.arctic.root ? `duckdb://${this.arctic.root}` : "mem://";
  }

  async #latest(name: string): Promise<{ job: Job; removed: boolean } | null> {
    try {
      return decodeSpec(await this.#library.read(specSymbol(name)));
    } catch (error) {
      if (error instanceof SymbolNotFoundError) return null;
      throw error;
    }
  }

  async #store(config: JobConfig, action: JobChange): Promise<Job> {
    const item = await this.#library.write(specSymbol(config.name), encodeSpec(config, action), { metadata: { action } });
    return { ...config, version: item.version, updatedAt: item.timestamp };
  }

  /**
   * Registers a job (version 0 of its configuration, or the next version when a job of that name was removed).
   * @throws JobSpecError naming the field for an invalid spec or a reserved library (see {@link reservedLibraries}); JobExistsError when the name is registered.
   * @example await jobs.add({ name: "bars", script: "jobs/examples/sample_bars.ts", cron: "0 9 * * 1-5", timezone: "America/New_York", library: "market_data", symbol: "SAMPLE" })
   */
  async add(spec: JobSpec): Promise<Job> {
    const config = this.#checkTarget(validateJobSpec(spec, this.root));
    const found = await this.#latest(config.name);
    if (found && !found.removed) throw new JobExistsError(`JobRegistry: job '${config.name}' exists already; change it with update()`, { job: config.name });
    return this.#store(config, "add");
  }

  /**
   * Changes fields of a job: a new configuration version; the fields not given keep their values.
   * @throws JobNotFoundError; JobSpecError for an invalid field (nothing is stored then).
   * @example await jobs.update("bars", { cron: "30 9 * * 1-5", retries: 2 })
   */
  async update(name: string, changes: Partial<Omit<JobSpec, "name">>): Promise<Job> {
    const current = await this.get(name);
    if ("name" in changes && (changes as JobSpec).name !== name) {
      throw new JobSpecError(`JobSpec: 'name' cannot change (job '${name}'); remove it and add a new job`, { field: "name", job: name });
    }
    const { version: _v, updatedAt: _u, ...config } = current;
    return this.#store(this.#checkTarget(validateJobSpec({ ...config, ...changes }, this.root)), "update");
  }

  /** Lets the scheduler run the job again: a new configuration version. @throws JobNotFoundError */
  async enable(name: string): Promise<Job> {
    const { version: _v, updatedAt: _u, ...config } = await this.get(name);
    return this.#store({ ...config, enabled: true }, "enable");
  }

  /** Stops the scheduler from running the job (on-demand runs still work): a new configuration version. @throws JobNotFoundError */
  async disable(name: string): Promise<Job> {
    const { version: _v, updatedAt: _u, ...config } = await this.get(name);
    return this.#store({ ...config, enabled: false }, "disable");
  }

  /**
   * Removes a job from the registry. Its configuration versions and runs stay readable (asOf, history);
   * the removal is itself a version, and `add` may register the name again.
   * @throws JobNotFoundError
   */
  async remove(name: string): Promise<void> {
    const { version: _v, updatedAt: _u, ...config } = await this.get(name);
    await this.#store({ ...config, enabled: false }, "remove");
  }

  /**
   * A job's configuration: the latest, or the one a version number, snapshot or time selects (see {@link AsOf}).
   * @throws JobNotFoundError when there is no such job (or, without asOf, it was removed).
   * @example (await jobs.get("bars", { asOf: 0 })).cron // the schedule it was added with
   */
  async get(name: string, options: { asOf?: AsOf } = {}): Promise<Job> {
    const missing = () => new JobNotFoundError(`JobRegistry: there is no job '${name}'; 'quantlab jobs list' shows the registered ones`, { job: name });
    let found: { job: Job; removed: boolean };
    try {
      found = decodeSpec(await this.#library.read(specSymbol(name), { asOf: options.asOf }));
    } catch (error) {
      if (error instanceof SymbolNotFoundError) throw missing();
      throw error;
    }
    if (found.removed) throw missing();
    return found.job;
  }

  /**
   * The registered jobs (removed ones left out), sorted by name.
   * @throws MalformedRegistryError for a configuration that does not decode, unless `onMalformed` is given.
   */
  async list(options: JobListOptions = {}): Promise<Job[]> {
    const symbols = await this.#library.listSymbols({ regex: "^job:" });
    const items = await this.#library.readBatch(symbols);
    const jobs: Job[] = [];
    for (const item of items) {
      if (isDataError(item)) continue; // deleted between listing and reading
      let decoded: ReturnType<typeof decodeSpec>;
      try {
        decoded = decodeSpec(item);
      } catch (error) {
        if (!(error instanceof MalformedRegistryError) || !options.onMalformed) throw error;
        options.onMalformed(error);
        continue;
      }
      if (!decoded.removed) jobs.push(decoded.job);
    }
    return jobs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every configuration version of a job, oldest first: version, time, change made, and the configuration. */
  async changes(name: string): Promise<{ version: number; updatedAt: Date; action: JobChange; job: Job }[]> {
    const versions = await this.#library.listVersions(specSymbol(name)).catch((error) => {
      if (error instanceof SymbolNotFoundError) return [];
      throw error;
    });
    const out = [];
    for (const v of [...versions].filter((v) => !v.deleted).sort((a, b) => a.version - b.version)) {
      const { job, action } = decodeSpec(await this.#library.read(specSymbol(name), { asOf: v.version }));
      out.push({ version: v.version, updatedAt: job.updatedAt, action, job });
    }
    return out;
  }

  /** True while this process runs the job. */
  isRunning(name: string): boolean {
    return this.#running.has(name);
  }

  /**
   * Runs a job now (also a disabled one) and records the run in `runs`. A job never runs twice at once:
   * when this process or another one sharing the store folder is running it, the run is recorded as
   * "skipped" (cause "overlap") and nothing is started.
   * @returns the run's record (status "success", "failed" or "skipped").
   * @throws JobNotFoundError for an unknown job; JobSpecError (field 'library') for a job stored before
   *   reserved libraries were refused that targets one (nothing is run). A failing script never throws: the record says why.
   * @example const run = await jobs.run("bars"); run.status; run.version
   */
  async run(name: string, options: JobRunOptions = {}): Promise<RunRecord> {
    const job = await this.get(name);
    this.#checkTarget(job);
    const runId = randomUUID();
    const scheduledAt = options.scheduledAt ?? new Date();
    const trigger = options.trigger ?? "manual";
    if (this.#running.has(name)) return this.#skip(job, runId, trigger, scheduledAt, "the previous run is still going in this process");
    this.#running.add(name);
    let release: (() => void) | null = () => undefined;
    try {
      release = this.arctic.root ? acquireRunLock(this.arctic.root, name, runId) : release;
      if (!release) return await this.#skip(job, runId, trigger, scheduledAt, "another process is running this job");
      const record = await runJob(job, {
        arctic: this.arctic,
        root: this.root,
        storeUri: this.storeUri,
        validators: this.#validators,
        trigger,
        scheduledAt,
        signal: options.signal,
        random: this.#random,
        runId,
      });
      await this.recordRun(record);
      return record;
    } finally {
      release?.();
      this.#running.delete(name);
    }
  }

  async #skip(job: Job, runId: string, trigger: RunTrigger, scheduledAt: Date, why: string): Promise<RunRecord> {
    const record = runWithoutScript(job, { runId, trigger, status: "skipped", cause: "overlap", error: `skipped: ${why}`, scheduledAt });
    await this.recordRun(record);
    return record;
  }

  /** Appends a run record to `runs` (appends from this process go one at a time). Used by the scheduler for skipped and missed runs. */
  async recordRun(record: RunRecord): Promise<void> {
    // The history is the rows of the latest version; older versions of `runs` (one per run) would only pile
    // up, so every PRUNE_RUNS_EVERY-th version prunes them (pruning on each append costs ~10x the append).
    const next = this.#appending.then(async () => {
      let item;
      try {
        item = await this.#library.append(RUNS_SYMBOL, encodeRuns([record]));
      } catch (error) {
        if (!(error instanceof SchemaError)) throw error;
        // A history stored before a column was added: rewrite it with the column (decodeRuns fills it in);
        // a table that is no run history at all throws MalformedRegistryError here instead.
        item = await this.#library.write(RUNS_SYMBOL, encodeRuns([...(await this.runs()), record]));
      }
      if (item.version > 0 && item.version % PRUNE_RUNS_EVERY === 0) await this.#library.prunePreviousVersions(RUNS_SYMBOL);
    });
    this.#appending = next.catch(() => undefined);
    await next;
  }

  /**
   * Run records, oldest first: of one job or of all, the last `limit` when given.
   * @throws MalformedRegistryError naming the column and row when `runs` holds something other than a run history.
   */
  async runs(name?: string, options: { limit?: number } = {}): Promise<RunRecord[]> {
    if (!(await this.#library.hasSymbol(RUNS_SYMBOL))) return [];
    const item = await this.#library.read(RUNS_SYMBOL);
    const all = decodeRuns(item.data, { library: item.library, symbol: RUNS_SYMBOL, version: item.version });
    const mine = name === undefined ? all : all.filter((r) => r.job === name);
    return options.limit === undefined ? mine : mine.slice(Math.max(0, mine.length - options.limit));
  }

  /**
   * The run history as a Table, one row per run, oldest first (columns as {@link RunRecord}).
   * @example show(await jobs.history("bars", { limit: 20 }))
   */
  async history(name?: string, options: { limit?: number } = {}): Promise<Table> {
    return runsTable(await this.runs(name, options));
  }
}
