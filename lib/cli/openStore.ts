import * as fs from "fs";
import * as path from "path";
import { Arctic, StoreError, defaultStorePath } from "../store";

const URI = /^(duckdb:|mem:|memory:)/;

/** The project this CLI belongs to (lib/cli/../..). */
const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

function isQuantlabProject(dir: string): boolean {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name === "quantlab";
  } catch {
    return false;
  }
}

/**
 * The URI of the store a command works on:
 * 1. `--store` (a URI such as "duckdb:///abs/dir", "duckdb:./dir", "mem://", or a plain folder path);
 * 2. `$QUANTLAB_STORE` (a URI or a folder path);
 * 3. the `db/` of the quantlab project around the working directory ({@link defaultStorePath});
 * 4. run from outside any quantlab project: the `db/` of the project this CLI belongs to, rather than
 *    a new `db/` in whatever folder the user happens to be in.
 */
export function storeUri(option: string | undefined): string {
  const given = option ?? (process.env.QUANTLAB_STORE || undefined);
  if (given !== undefined) return URI.test(given) ? given : "duckdb:" + path.resolve(given);
  const found = defaultStorePath();
  if (found === path.resolve("db") && !isQuantlabProject(process.cwd())) return "duckdb:" + path.join(PACKAGE_ROOT, "db");
  return "duckdb:" + found;
}

/**
 * Opens the store, runs `work`, and closes the store's files whatever happens. The store's folder must
 * exist: these commands only read, and a mistyped --store should not leave an empty store behind.
 */
export async function withStore<T>(option: string | undefined, work: (arctic: Arctic) => Promise<T>): Promise<T> {
  const uri = storeUri(option);
  const folder = /^duckdb:(?:\/\/)?(.+)$/.exec(uri)?.[1];
  if (folder !== undefined && !fs.existsSync(folder)) {
    throw new StoreError(`there is no store at '${path.resolve(folder)}' (no such folder); check --store or QUANTLAB_STORE`);
  }
  const arctic = await Arctic.open(uri);
  try {
    return await work(arctic);
  } finally {
    await arctic.close();
  }
}
