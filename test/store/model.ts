/**
 * A small in-memory reference model of the store's version semantics (ARCHITECTURE.md "Store", the
 * TSDoc of lib/store/Library.ts). It is deliberately naive: plain arrays of row objects, every version
 * a full copy, no pieces, no segments, no SQL. The property test in model.test.ts runs the same
 * operations against the store and this model and compares everything readable.
 *
 * Times are epoch milliseconds (a fraction carries microseconds), as the store returns them.
 */

/** The error classes the model predicts, by class name (StoreError subclasses set `name`). */
export type ErrorName =
  | "SymbolNotFoundError"
  | "NoSuchVersionError"
  | "SnapshotNotFoundError"
  | "DuplicateSnapshotError"
  | "UnsortedDataError"
  | "SchemaError"
  | "InvalidDataError";

/** A stored column type. */
export type ColType = "float" | "int" | "string" | "timestamp";
/** The type of an input column: its values' type, or "null" when it holds no value (all null or empty). */
export type InputType = ColType | "null";

/** A row: column name -> value. `timestamp` is epoch ms; missing values are null, NaN is a value. */
export type Row = Record<string, number | string | null>;

/** New data as the model sees it: rows, column order (index first) and each input column's type. */
export interface ModelFrame {
  columns: string[];
  types: Record<string, InputType>;
  rows: Row[];
}

/** A time range, inclusive; null = open. */
export type MsRange = [number | null, number | null];

export interface ModelVersion {
  version: number;
  /** Creation time, ms; the store's VersionedItem.timestamp of the call that made it. */
  created: number;
  rows: Row[];
  columns: string[];
  types: Record<string, ColType>;
  metadata: unknown;
  deleted: boolean;
}

export interface ModelSymbol {
  /** Every version ever made, indexed by number (numbers are never reused). */
  versions: ModelVersion[];
}

/** What a mutation does: makes a version, returns the existing latest, returns nothing, or throws. */
export type Outcome =
  | { kind: "new"; version: number; metadata: unknown }
  | { kind: "same"; version: number; metadata: unknown }
  | { kind: "void" }
  | { kind: "error"; error: ErrorName };

/** What a read finds: a version, or an error. */
export type ReadOutcome = { kind: "version"; v: ModelVersion } | { kind: "error"; error: ErrorName };

export interface ModelVersionInfo {
  symbol: string;
  version: number;
  date: number;
  deleted: boolean;
  snapshots: string[];
}

class ModelError extends Error {
  constructor(readonly error: ErrorName) {
    super(error);
  }
}

const fail = (error: ErrorName): never => {
  throw new ModelError(error);
};

const INDEX = "timestamp";
const inRange = (t: number, [lo, hi]: MsRange) => (lo === null || t >= lo) && (hi === null || t <= hi);
/** ints and floats convert into each other; a column without values goes anywhere. */
const compatible = (stored: ColType, given: InputType) =>
  given === "null" || given === stored || ((stored === "int" || stored === "float") && (given === "int" || given === "float"));

export class StoreModel {
  readonly symbols = new Map<string, ModelSymbol>();
  /** snapshot name -> (symbol -> version number) */
  readonly snapshots = new Map<string, Map<string, number>>();
  readonly snapshotMetadata = new Map<string, unknown>();

  // ---------------------------------------------------------------- state queries

  /** All versions ever made of `sym` (empty when never written). */
  versionsOf(sym: string): ModelVersion[] {
    return this.symbols.get(sym)?.versions ?? [];
  }

  /** The number the next version of `sym` gets. */
  nextVersion(sym: string): number {
    return this.versionsOf(sym).length;
  }

  /** Live (not deleted) versions, oldest first. */
  live(sym: string): ModelVersion[] {
    return this.versionsOf(sym).filter((v) => !v.deleted);
  }

  latest(sym: string): ModelVersion | null {
    const live = this.live(sym);
    return live.length ? live[live.length - 1] : null;
  }

  /** Snapshot names that hold this version. */
  holders(sym: string, version: number): string[] {
    return [...this.snapshots].filter(([, pins]) => pins.get(sym) === version).map(([name]) => name).sort();
  }

  // ---------------------------------------------------------------- mutations

  #run(body: () => Outcome): Outcome {
    try {
      return body();
    } catch (e) {
      if (e instanceof ModelError) return { kind: "error", error: e.error };
      throw e;
    }
  }

  #symbol(sym: string): ModelSymbol {
    let s = this.symbols.get(sym);
    if (!s) this.symbols.set(sym, (s = { versions: [] }));
    return s;
  }

  #commit(sym: string, v: Omit<ModelVersion, "version" | "created" | "deleted">): Outcome {
    const s = this.#symbol(sym);
    const version = s.versions.length;
    // The store keeps a float -0 as +0 (lib/store/library/insertRows.ts, storedFloat).
    const rows = v.rows.map((r) => {
      const copy: Row = {};
      for (const [k, x] of Object.entries(r)) copy[k] = Object.is(x, -0) ? 0 : x;
      return copy;
    });
    s.versions.push({ ...v, version, created: NaN, deleted: false, rows });
    return { kind: "new", version, metadata: v.metadata };
  }

  /** Records the creation time the store gave a version. */
  stamp(sym: string, version: number, createdMs: number): void {
    this.versionsOf(sym)[version].created = createdMs;
  }

  #pruneOlder(sym: string, version: number): void {
    for (const v of this.versionsOf(sym)) if (v.version < version) v.deleted = true;
  }

  #writeFrame(sym: string, frame: ModelFrame, metadata: unknown): Outcome {
    const types: Record<string, ColType> = {};
    for (const c of frame.columns) types[c] = frame.types[c] === "null" ? "float" : (frame.types[c] as ColType);
    return this.#commit(sym, { rows: frame.rows, columns: [...frame.columns], types, metadata });
  }

  /**
   * The types of the new version: the same column names (SchemaError otherwise), each type compatible,
   * except that a column (not the index) holding no value in the `kept` rows takes the new data's type.
   */
  #checkSchema(latest: ModelVersion, frame: ModelFrame, kept: Row[]): Record<string, ColType> {
    const a = [...latest.columns].sort().join("\u0001");
    const b = [...frame.columns].sort().join("\u0001");
    if (a !== b) fail("SchemaError");
    const types = { ...latest.types };
    for (const c of latest.columns) {
      if (compatible(latest.types[c], frame.types[c])) continue;
      if (c !== INDEX && kept.every((r) => r[c] === null)) types[c] = frame.types[c] as ColType;
      else fail("SchemaError");
    }
    return types;
  }

  /** write: the data replaces everything, as a new version; prune deletes older live versions. */
  write(sym: string, frame: ModelFrame, opts: { metadata?: unknown; prune?: boolean } = {}): Outcome {
    return this.#pruneAfter(sym, opts.prune, () => this.#writeFrame(sym, frame, opts.metadata));
  }

  /** Runs a mutation; with `prune`, a new version deletes the older live ones (no new version: nothing). */
  #pruneAfter(sym: string, prune: boolean | undefined, body: () => Outcome): Outcome {
    return this.#run(() => {
      const out = body();
      if (prune && out.kind === "new") this.#pruneOlder(sym, out.version);
      return out;
    });
  }

  /**
   * append: a missing symbol is written; zero rows makes no version; new rows must start at or after
   * the stored last index (UnsortedDataError), then the columns must match (SchemaError).
   */
  append(sym: string, frame: ModelFrame, opts: { metadata?: unknown; prune?: boolean } = {}): Outcome {
    return this.#pruneAfter(sym, opts.prune, () => {
      const latest = this.latest(sym);
      if (!latest) return this.#writeFrame(sym, frame, opts.metadata);
      if (frame.rows.length === 0) return { kind: "same", version: latest.version, metadata: latest.metadata };
      const last = latest.rows.length ? Math.max(...latest.rows.map((r) => r[INDEX] as number)) : null;
      if (last !== null && (frame.rows[0][INDEX] as number) < last) fail("UnsortedDataError");
      const types = this.#checkSchema(latest, frame, latest.rows);
      return this.#commit(sym, {
        rows: [...latest.rows, ...frame.rows],
        columns: latest.columns,
        types,
        metadata: opts.metadata,
      });
    });
  }

  /**
   * update: replaces the rows whose index is in [first, last] of the data (or in dateRange) by the data.
   * Missing symbol: SymbolNotFoundError, or a write with upsert. No rows and no dateRange: no version.
   */
  update(
    sym: string,
    frame: ModelFrame,
    opts: { dateRange?: MsRange; upsert?: boolean; metadata?: unknown; prune?: boolean } = {},
  ): Outcome {
    return this.#pruneAfter(sym, opts.prune, () => {
      const latest = this.latest(sym);
      if (!latest) {
        if (!opts.upsert) fail("SymbolNotFoundError");
        return this.#writeFrame(sym, frame, opts.metadata);
      }
      let span: MsRange;
      if (opts.dateRange) span = opts.dateRange;
      else if (frame.rows.length === 0) return { kind: "same", version: latest.version, metadata: latest.metadata };
      else span = [frame.rows[0][INDEX] as number, frame.rows[frame.rows.length - 1][INDEX] as number];
      const types = this.#checkSchema(latest, frame, this.#replace(latest.rows, span, []));
      return this.#commit(sym, {
        rows: this.#replace(latest.rows, span, frame.rows),
        columns: latest.columns,
        types,
        metadata: opts.metadata,
      });
    });
  }

  /** The rows of a sorted version with those in `span` replaced by `insert` (put where the span was). */
  #replace(rows: Row[], span: MsRange, insert: Row[]): Row[] {
    const [lo, hi] = span;
    const before = rows.filter((r) => lo !== null && (r[INDEX] as number) < lo);
    const after = rows.filter((r) => hi !== null && (r[INDEX] as number) > hi);
    // An inverted span (lo > hi) holds no row: nothing is removed, and no row may come out twice.
    if (lo !== null && hi !== null && lo > hi) {
      if (insert.length) throw new Error("model: rows inserted into an inverted span");
      return rows.map((r) => ({ ...r }));
    }
    return [...before, ...insert, ...after];
  }

  /**
   * deleteDataInRange: a new version without the rows in the range; metadata stays. A range that starts
   * after it ends is refused before anything else (InvalidDataError, no version).
   */
  deleteDataInRange(sym: string, range: MsRange): Outcome {
    return this.#run(() => {
      if (range[0] !== null && range[1] !== null && range[0] > range[1]) fail("InvalidDataError");
      const latest = this.latest(sym) ?? fail("SymbolNotFoundError");
      return this.#commit(sym, {
        rows: this.#replace(latest.rows, range, []),
        columns: latest.columns,
        types: latest.types,
        metadata: latest.metadata,
      });
    });
  }

  /** writeMetadata: a new version with the same data and new metadata. */
  writeMetadata(sym: string, metadata: unknown): Outcome {
    return this.#run(() => {
      const latest = this.latest(sym) ?? fail("SymbolNotFoundError");
      return this.#commit(sym, { rows: latest.rows, columns: latest.columns, types: latest.types, metadata });
    });
  }

  /**
   * delete: all live versions (a symbol never written is a no-op), or exactly `versions`, each of which
   * must be live (NoSuchVersionError, nothing deleted). `versions` on a symbol never written:
   * SymbolNotFoundError.
   */
  deleteSymbol(sym: string, versions?: number[]): Outcome {
    return this.#run(() => {
      const all = this.versionsOf(sym);
      if (versions === undefined) {
        for (const v of all) v.deleted = true;
        return { kind: "void" };
      }
      if (all.length === 0) fail("SymbolNotFoundError");
      for (const n of versions) if (!all[n] || all[n].deleted) fail("NoSuchVersionError");
      for (const n of versions) all[n].deleted = true;
      return { kind: "void" };
    });
  }

  /** prunePreviousVersions: deletes every live version but the latest. */
  prune(sym: string): Outcome {
    return this.#run(() => {
      const latest = this.latest(sym) ?? fail("SymbolNotFoundError");
      this.#pruneOlder(sym, latest.version);
      return { kind: "void" };
    });
  }

  /** snapshot: pins each symbol's latest live version (versions override, skipSymbols leave out). */
  snapshot(name: string, opts: { metadata?: unknown; versions?: Record<string, number>; skipSymbols?: string[] } = {}): Outcome {
    return this.#run(() => {
      if (this.snapshots.has(name)) fail("DuplicateSnapshotError");
      const pins = new Map<string, number>();
      for (const sym of this.symbols.keys()) {
        const latest = this.latest(sym);
        if (latest) pins.set(sym, latest.version);
      }
      for (const [sym, n] of Object.entries(opts.versions ?? {})) {
        const all = this.versionsOf(sym);
        if (all.length === 0) fail("SymbolNotFoundError");
        if (!all[n] || all[n].deleted) fail("NoSuchVersionError");
        pins.set(sym, n);
      }
      for (const sym of opts.skipSymbols ?? []) pins.delete(sym);
      this.snapshots.set(name, pins);
      this.snapshotMetadata.set(name, opts.metadata);
      return { kind: "void" };
    });
  }

  deleteSnapshot(name: string): Outcome {
    return this.#run(() => {
      if (!this.snapshots.delete(name)) fail("SnapshotNotFoundError");
      this.snapshotMetadata.delete(name);
      return { kind: "void" };
    });
  }

  // ---------------------------------------------------------------- reads

  /** The version `asOf` names: a number (>= 0), a snapshot name, or a time (ms, at or before). */
  resolve(sym: string, asOf?: number | string | { time: number }): ReadOutcome {
    if (typeof asOf === "string") {
      const pins = this.snapshots.get(asOf);
      if (!pins) return { kind: "error", error: "SnapshotNotFoundError" };
      const n = pins.get(sym);
      if (n === undefined) return { kind: "error", error: "SymbolNotFoundError" };
      return { kind: "version", v: this.versionsOf(sym)[n] };
    }
    const live = this.live(sym);
    if (live.length === 0) return { kind: "error", error: "SymbolNotFoundError" };
    if (asOf === undefined) return { kind: "version", v: live[live.length - 1] };
    if (typeof asOf === "number") {
      const v = this.versionsOf(sym)[asOf];
      return v && !v.deleted ? { kind: "version", v } : { kind: "error", error: "NoSuchVersionError" };
    }
    const at = live.filter((v) => v.created <= asOf.time);
    return at.length ? { kind: "version", v: at[at.length - 1] } : { kind: "error", error: "NoSuchVersionError" };
  }

  /** Names of symbols with a live version (or in the snapshot), sorted. */
  listSymbols(snapshot?: string): string[] | { error: ErrorName } {
    if (snapshot !== undefined) {
      const pins = this.snapshots.get(snapshot);
      return pins ? [...pins.keys()].sort() : { error: "SnapshotNotFoundError" };
    }
    return [...this.symbols.keys()].filter((s) => this.latest(s)).sort();
  }

  /** Live versions and snapshot-held deleted ones; by symbol name, newest first. */
  listVersions(sym?: string): ModelVersionInfo[] {
    const out: ModelVersionInfo[] = [];
    for (const name of [...this.symbols.keys()].sort()) {
      if (sym !== undefined && name !== sym) continue;
      for (const v of [...this.versionsOf(name)].reverse()) {
        const snapshots = this.holders(name, v.version);
        if (v.deleted && snapshots.length === 0) continue;
        out.push({ symbol: name, version: v.version, date: v.created, deleted: v.deleted, snapshots });
      }
    }
    return out;
  }

  /** Snapshot names and metadata, by name. */
  listSnapshots(): { name: string; metadata: unknown }[] {
    return [...this.snapshots.keys()].sort().map((name) => ({ name, metadata: this.snapshotMetadata.get(name) }));
  }
}

/** Rows of a version in an inclusive time range. */
export function filterRange(rows: Row[], range: MsRange): Row[] {
  return rows.filter((r) => inRange(r[INDEX] as number, range));
}

/** Rows [start, end) with negative numbers counting from the end and bounds clamped (Python slicing). */
export function sliceRows(rows: Row[], range: [number | null, number | null]): Row[] {
  const n = rows.length;
  const at = (x: number | null, dflt: number) => (x === null ? dflt : Math.min(Math.max(x < 0 ? n + x : x, 0), n));
  const start = at(range[0], 0);
  const end = at(range[1], n);
  return rows.slice(start, Math.max(start, end));
}
