import * as fs from "fs";
import * as path from "path";

/**
 * Why a store is where it is:
 * - "uri": the URI given to `Arctic.open` (or the CLI's `--store`);
 * - "QUANTLAB_STORE": the environment variable of that name;
 * - "project": the `db/` folder of the enclosing quantlab project ({@link findProjectRoot});
 * - "cwd": the `db/` folder of the working directory, outside any quantlab project.
 */
export type StoreLocationSource = "uri" | "QUANTLAB_STORE" | "project" | "cwd";

/** Where a store lives, and why there: {@link Arctic.location}, {@link defaultStoreLocation}. */
export interface StoreLocation {
  /** The store as a URI: "duckdb:///abs/dir", or "mem://" for an in-memory store. */
  uri: string;
  /** The absolute folder of the library files; null for an in-memory store. */
  path: string | null;
  source: StoreLocationSource;
  /** The enclosing quantlab project's folder when `source` is "project". */
  project?: string;
}

/** The package.json in `dir`, or null when there is none or it is not JSON. */
function readPackageJson(dir: string): Record<string, unknown> | null {
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    return pkg !== null && typeof pkg === "object" ? (pkg as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** True when a package.json is quantlab's own or lists quantlab among its dependencies. */
function namesQuantlab(pkg: Record<string, unknown>): boolean {
  if (pkg.name === "quantlab") return true;
  return ["dependencies", "devDependencies", "optionalDependencies"].some((field) => {
    const deps = pkg[field];
    return deps !== null && typeof deps === "object" && Object.prototype.hasOwnProperty.call(deps, "quantlab");
  });
}

/**
 * The quantlab project around `from`: the nearest folder at or above it whose package.json is quantlab's
 * own (a checkout of quantlab) or lists "quantlab" in dependencies, devDependencies or
 * optionalDependencies (a project that installed it). Null when no folder up to the file-system root is
 * one. Folders inside node_modules are skipped, so a script of an installed package never counts as
 * the project.
 * @param from where to start. @default process.cwd()
 */
export function findProjectRoot(from: string = process.cwd()): string | null {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (!dir.split(path.sep).includes("node_modules")) {
      const pkg = readPackageJson(dir);
      if (pkg && namesQuantlab(pkg)) return dir;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** The URI of a store folder. */
function folderUri(dir: string): string {
  return "duckdb://" + dir;
}

/**
 * Where `Arctic.open()` with no URI opens the store, in this order:
 * 1. `$QUANTLAB_STORE` when set: a folder (relative to the working directory), a "duckdb:" URI or "mem://";
 * 2. else `db/` in the enclosing quantlab project ({@link findProjectRoot} from the working directory);
 * 3. else `db/` in the working directory.
 */
export function defaultStoreLocation(): StoreLocation {
  const env = process.env.QUANTLAB_STORE;
  if (env) {
    if (env === "mem://" || env === "memory://") return { uri: "mem://", path: null, source: "QUANTLAB_STORE" };
    const dir = path.resolve(env.replace(/^duckdb:(\/\/)?/, ""));
    return { uri: folderUri(dir), path: dir, source: "QUANTLAB_STORE" };
  }
  const project = findProjectRoot();
  if (project !== null) {
    const dir = path.join(project, "db");
    return { uri: folderUri(dir), path: dir, source: "project", project };
  }
  const dir = path.resolve("db");
  return { uri: folderUri(dir), path: dir, source: "cwd" };
}

/**
 * The folder `Arctic.open()` uses when given no URI ({@link defaultStoreLocation}); for
 * `QUANTLAB_STORE=mem://`, the `db/` of the working directory is never used and this is that
 * variable's value.
 */
export function defaultStorePath(): string {
  const location = defaultStoreLocation();
  return location.path ?? location.uri;
}

/** Why a store is where it is, in words: "from QUANTLAB_STORE", "the db/ of the quantlab project /abs"... */
export function storeLocationReason(location: StoreLocation): string {
  switch (location.source) {
    case "uri":
      return "given";
    case "QUANTLAB_STORE":
      return "from QUANTLAB_STORE";
    case "project":
      return `the db/ of the quantlab project ${location.project}`;
    case "cwd":
      return "the db/ of the working directory: no quantlab project around it, QUANTLAB_STORE not set";
  }
}

/** Where a store is and why, for people: "/abs/db (the db/ of the quantlab project /abs)". */
export function describeStoreLocation(location: StoreLocation): string {
  return `${location.path ?? location.uri} (${storeLocationReason(location)})`;
}

/**
 * The folder of the quantlab package this code runs from (a checkout, or node_modules/quantlab in a
 * project that installed it): the nearest folder above this file whose package.json is named quantlab.
 */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (readPackageJson(dir)?.name === "quantlab") return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "..", "..");
  }
}
