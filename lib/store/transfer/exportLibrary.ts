import * as fs from "fs";
import * as path from "path";
import { ExportDirectoryError, SnapshotNotFoundError } from "../../errors";
import type { Library } from "../Library";
import { writeParquet } from "../parquet";
import { rawColumn, toParquetColumn } from "./columns";
import { ExportManifest, MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION, ManifestVersion, fileColumn } from "./manifest";

/** Options of {@link exportLibrary}. */
export interface LibraryExportOptions {
  /** Export the versions this snapshot holds (one per symbol it holds) instead of each symbol's latest. @default undefined (the latest) */
  asOf?: string;
  /** Export every live (not deleted) version of each symbol, oldest first. Not with `asOf`. @default false */
  allVersions?: boolean;
  /** Export only these symbols. @default every symbol of the library (of the snapshot with `asOf`) */
  symbols?: string[];
  /** Called after each version is written, with the symbol, its version and how many versions are done of how many. */
  onProgress?: (progress: { symbol: string; version: number; done: number; total: number }) => void;
}

/** What {@link exportLibrary} wrote. */
export interface LibraryExportResult {
  dir: string;
  manifest: ExportManifest;
  /** Versions written (one Parquet file each) and rows over all of them. */
  files: number;
  rows: number;
}

/**
 * Writes symbols of `library` to the directory `dir` as Parquet, one file per version, with a
 * `manifest.json` listing symbols, versions (number, creation time, metadata) and column types, so
 * {@link importLibrary} restores the same data, types and metadata into any store. Each symbol's
 * latest version by default; `asOf` a snapshot's versions; `allVersions` every live version.
 * The manifest is written last: a directory without one is an export that did not finish.
 * @throws ExportDirectoryError when `dir` exists and is not empty (nothing is overwritten);
 *   SnapshotNotFoundError for an unknown snapshot; SymbolNotFoundError for an unknown symbol in `symbols`.
 * @example await exportLibrary(await arctic.getLibrary("prices"), "/tmp/prices-export", { allVersions: true })
 */
export async function exportLibrary(library: Library, dir: string, options: LibraryExportOptions = {}): Promise<LibraryExportResult> {
  const { asOf, allVersions = false } = options;
  if (asOf !== undefined && allVersions) throw new ExportDirectoryError("export: asOf (a snapshot) and allVersions exclude each other", { library: library.name });
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) {
    throw new ExportDirectoryError(`export: '${dir}' is not an empty directory; export into a new one (nothing was written)`, { library: library.name, file: dir });
  }
  if (asOf !== undefined && !(await library.listSnapshots()).some((s) => s.name === asOf)) {
    throw new SnapshotNotFoundError(`export: library '${library.name}' has no snapshot '${asOf}'`, { library: library.name, snapshot: asOf });
  }
  const symbols = options.symbols ?? (await library.listSymbols(asOf === undefined ? {} : { snapshot: asOf }));
  const plan: { symbol: string; versions: { version: number; created: Date; asOf: number | string }[] }[] = [];
  for (const symbol of symbols) {
    if (allVersions) {
      const live = (await library.listVersions(symbol)).filter((v) => !v.deleted).sort((a, b) => a.version - b.version);
      plan.push({ symbol, versions: live.map((v) => ({ version: v.version, created: v.date, asOf: v.version })) });
    } else {
      const item = await library.readMetadata(symbol, asOf === undefined ? {} : { asOf });
      plan.push({ symbol, versions: [{ version: item.version, created: item.timestamp, asOf: asOf ?? item.version }] });
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  const total = plan.reduce((n, p) => n + p.versions.length, 0);
  const manifest: ExportManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    library: library.name,
    selection: asOf !== undefined ? { kind: "snapshot", snapshot: asOf } : allVersions ? { kind: "all-versions" } : { kind: "latest" },
    exportedAt: new Date().toISOString(),
    symbols: [],
  };
  let done = 0;
  let rows = 0;
  for (let s = 0; s < plan.length; s++) {
    const { symbol, versions } = plan[s];
    const entries: ManifestVersion[] = [];
    for (const v of versions) {
      const [read, description] = await Promise.all([library.read(symbol, { asOf: v.asOf }), library.getDescription(symbol, { asOf: v.asOf })]);
      const types = new Map(description.columns.map((c) => [c.name, c.type]));
      if (description.index) types.set(description.index.name, description.index.type);
      const names = read.data.columnNames();
      const columns = names.map((name) => ({ name, type: types.get(name) ?? "string" }));
      const file = `${String(s).padStart(5, "0")}-v${v.version}.parquet`;
      const rowCount = read.data.numRows();
      writeParquet(
        path.join(dir, file),
        columns.map((c, i) => toParquetColumn(fileColumn(i), c.type, rawColumn(read.data, c.name))),
        rowCount,
      );
      const entry: ManifestVersion = { version: v.version, created: v.created.toISOString(), file, rows: rowCount, columns };
      if (read.metadata !== undefined) entry.metadata = read.metadata;
      entries.push(entry);
      rows += rowCount;
      done++;
      options.onProgress?.({ symbol, version: v.version, done, total });
    }
    manifest.symbols.push({ symbol, versions: entries });
  }
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + "\n");
  return { dir, manifest, files: done, rows };
}
