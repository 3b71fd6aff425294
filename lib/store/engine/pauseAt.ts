import * as fs from "fs";

/**
 * The steps of a store call where a crash test can stop a writer (see {@link pauseAt}):
 * - `staging`: a large insert's Parquet file is written to the staging folder, not yet read;
 * - `insert`: the rows are in the data table, inside the open transaction;
 * - `catalog`: the version row and counters are written too, the transaction not yet committed;
 * - `commit`: the COMMIT is about to be sent. It is one DuckDB call, so the writer says so and sends it,
 *   then stops once it returns: the test's SIGKILL lands while DuckDB commits, or just after;
 * - `committed`: the COMMIT returned, the call has not yet returned to its caller.
 */
export type StorePhase = "staging" | "insert" | "catalog" | "commit" | "committed";

/** The variable that turns the hook on: `<phase>` or `<phase>:<n>` (the n-th time the phase is reached). */
export const PAUSE_VARIABLE = "QUANTLAB_TEST_PAUSE_AT";

const reached = new Map<StorePhase, number>();
let commitAnnounced = false;

/** True when {@link PAUSE_VARIABLE} names `phase` (then the caller may prepare the phase for {@link pauseAt}). */
export function pauseWanted(phase: StorePhase): boolean {
  const want = process.env[PAUSE_VARIABLE];
  return want !== undefined && want.split(":")[0] === phase;
}

/**
 * For crash tests only; does nothing unless QUANTLAB_TEST_PAUSE_AT is set. When it names `phase` and this
 * is the n-th time the process reaches it, prints `quantlab-test-phase <phase> <pid>` on stdout and stops
 * there for good (the returned promise never settles; a timer keeps the process up) so the test can SIGKILL
 * the writer at exactly that step; `commit` stops at `committed` instead, after the COMMIT it announced.
 * @example await pauseAt("insert"); // in the store's write path, after the rows are inserted
 */
export function pauseAt(phase: StorePhase): Promise<void> | undefined {
  if (phase === "committed" && commitAnnounced) return stop();
  if (!pauseWanted(phase)) return undefined;
  const nth = Number(process.env[PAUSE_VARIABLE]!.split(":")[1] ?? 1);
  const count = (reached.get(phase) ?? 0) + 1;
  reached.set(phase, count);
  if (count !== nth) return undefined;
  fs.writeSync(1, `quantlab-test-phase ${phase} ${process.pid}\n`);
  if (phase !== "commit") return stop();
  commitAnnounced = true;
  return undefined;
}

function stop(): Promise<void> {
  return new Promise(() => setInterval(() => undefined, 1 << 30));
}
