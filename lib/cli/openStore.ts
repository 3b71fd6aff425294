import * as fs from "fs";
import * as path from "path";
import { Arctic, StoreError, defaultStoreLocation, storeLocationReason } from "../store";
import type { StoreLocation } from "../store";

const URI = /^(duckdb:|mem:|memory:)/;

/**
 * Where a command's store is, and why there:
 * 1. `--store` (a URI such as "duckdb:///abs/dir", "duckdb:./dir", "mem://", or a plain folder path);
 * 2. else the default of `Arctic.open()` ({@link defaultStoreLocation}): `$QUANTLAB_STORE`, else the
 *    `db/` of the quantlab project around the working directory, else `./db`.
 */
export function storeLocation(option: string | undefined): StoreLocation {
  if (option === undefined) return defaultStoreLocation();
  if (/^mem(ory)?:/.test(option)) return { uri: option, path: null, source: "uri" }; // Arctic.open checks it
  const dir = path.resolve(URI.test(option) ? option.replace(/^duckdb:(\/\/)?/, "") : option);
  return { uri: "duckdb://" + dir, path: dir, source: "uri" };
}

/** The URI of the store a command works on ({@link storeLocation}). */
export function storeUri(option: string | undefined): string {
  return storeLocation(option).uri;
}

/**
 * Opens the store, runs `work`, and closes the store's files whatever happens. The store's folder must
 * exist: these commands only read, and a mistyped --store should not leave an empty store behind.
 */
export async function withStore<T>(option: string | undefined, work: (arctic: Arctic) => Promise<T>): Promise<T> {
  const location = storeLocation(option);
  if (location.path !== null && !fs.existsSync(location.path)) throw noStore(location);
  const arctic = await Arctic.open(location.uri);
  try {
    return await work(arctic);
  } finally {
    await arctic.close();
  }
}

/** The error for a store folder that does not exist, saying where quantlab looked and why there. */
export function noStore(location: StoreLocation): StoreError {
  return new StoreError(`there is no store at '${location.path}' (no such folder; ${storeLocationReason(location)}); check --store or QUANTLAB_STORE`);
}
