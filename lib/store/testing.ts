/**
 * Test support for the store's unit tests (lib/store/*.test.ts): dates and bars to write, reading a
 * Table back as plain columns, catching a failure, a snapshot of everything a library holds, and the
 * hooks that give each test a fresh in-memory library. Imported only by tests.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { Table } from "../frame";
import { Arctic, Library } from "./index";

/** Epoch milliseconds of 2024-01-<d> 00:00 UTC. */
export const day = (d: number) => Date.UTC(2024, 0, d);

/** The day numbers from `from` to `to`, both included. */
export const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Daily bars for the days `ds` of January 2024: a timestamp column and a close (ten times the day unless given). */
export const bars = (ds: number[], close = ds.map((d) => d * 10)) => ({ timestamp: ds.map((d) => new Date(day(d))), close });

/** Resolves after `ms` milliseconds (Node's timers/promises). */
export { setTimeout as sleep } from "timers/promises";

/** The columns of `t` by name, each as a plain array. */
export function columns(t: Table): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const name of t.columnNames()) out[name] = Array.from(t.array(name) as ArrayLike<unknown>);
  return out;
}

/** The failure of `call` (undefined when it succeeds), whether it throws or rejects. */
export async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Everything stored in `lib`: symbols, snapshots, and every version (deleted ones read through a snapshot that holds them) with data and metadata. */
export async function storedState(lib: Library): Promise<unknown> {
  const versions: Record<string, unknown> = {};
  for (const v of await lib.listVersions()) {
    const asOf = v.deleted ? v.snapshots[0] : v.version;
    const item = await lib.read(v.symbol, { asOf });
    versions[`${v.symbol}@${v.version}`] = { deleted: v.deleted, snapshots: v.snapshots, metadata: item.metadata, data: columns(item.data) };
  }
  return {
    symbols: await lib.listSymbols(),
    snapshots: (await lib.listSnapshots()).map((s) => [s.name, s.metadata]),
    versions,
  };
}

/** Writes the varied history the failure tests start from: AAPL appended, snapshotted as "s0", updated and partly deleted, and a row-indexed "rows". */
export async function writeVariedHistory(lib: Library): Promise<void> {
  await lib.write("AAPL", { ...bars([1, 2, 3]), venue: ["X", "Y", "Z"] }, { metadata: { v: 0 } });
  await lib.append("AAPL", { ...bars([4]), venue: ["X"] });
  await lib.snapshot("s0", { metadata: { at: "v1" } });
  await lib.update("AAPL", { ...bars([2], [NaN]), venue: [""] });
  await lib.delete("AAPL", { versions: [0] });
  await lib.write("rows", { x: [1, null, 3] });
}

/** Options of {@link useMemoryStore} and {@link useMemoryLibrary}. */
export interface MemoryStoreOptions {
  /** The library {@link useMemoryLibrary} creates. Default "lib". */
  name?: string;
  /**
   * One store for the enclosing describe block, or the file at top level (opened before its first test,
   * closed after its last), instead of a fresh one per test: for tests that only read, or write under
   * their own symbols. Default false.
   */
  shared?: boolean;
}

/**
 * Registers hooks that open a fresh `mem://` store before each test (or once per describe block or file with `shared`),
 * pass it to `bind`, and close it after, whatever the test did.
 * @example let ac: Arctic; useMemoryStore((store) => (ac = store));
 */
export function useMemoryStore(bind: (ac: Arctic) => unknown, options: MemoryStoreOptions = {}): void {
  let ac: Arctic | undefined;
  const open = async () => {
    ac = await Arctic.open("mem://");
    await bind(ac);
  };
  const close = async () => {
    await ac?.close();
    ac = undefined;
  };
  if (options.shared) {
    beforeAll(open);
    afterAll(close);
  } else {
    beforeEach(open);
    afterEach(close);
  }
}

/**
 * Registers hooks that open a fresh `mem://` store with a library `options.name` (default "lib") before each
 * test (or once per describe block or file with `shared`), pass both to `bind`, and close the store after.
 * @example let lib: Library; useMemoryLibrary((store) => ({ lib } = store), { name: "market_data" });
 */
export function useMemoryLibrary(
  bind: (store: { ac: Arctic; lib: Library }) => unknown,
  options: MemoryStoreOptions = {},
): void {
  useMemoryStore(async (ac) => bind({ ac, lib: await ac.createLibrary(options.name ?? "lib") }), options);
}
