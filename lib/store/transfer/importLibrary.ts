import * as path from "path";
import { ExportDirectoryError, SymbolExistsError } from "../../errors";
import { Table } from "../../frame";
import type { Arctic } from "../Arctic";
import type { Library } from "../Library";
import { readParquetFile } from "../parquet";
import { fromParquetColumn, rawColumn } from "./columns";
import { ExportManifest, ManifestVersion, fileColumn, readManifest } from "./manifest";

/** What {@link importLibrary} does with a symbol the target library already has. */
export type LibraryImportMode = "refuse" | "replace" | "append-versions";

/** Options of {@link importLibrary}. */
export interface LibraryImportOptions {
  /** The library to import into; created when missing. @default the library named in the manifest */
  library?: string;
  /**
   * For a symbol the library already has: "refuse" stops the import before anything is stored;
   * "append-versions" writes the exported versions as new versions after the existing ones;
   * "replace" writes them as new versions, then deletes the versions that were there (those a
   * snapshot holds stay readable through it). @default "refuse"
   */
  mode?: LibraryImportMode;
  /** Called after each version is stored, with how many are done of how many. */
  onProgress?: (progress: { symbol: string; version: number; done: number; total: number }) => void;
}

/** One symbol {@link importLibrary} stored: the exported version numbers and the ones they got here. */
export interface ImportedSymbol {
  symbol: string;
  exported: number[];
  stored: number[];
}

/** What {@link importLibrary} stored. */
export interface LibraryImportResult {
  library: string;
  symbols: ImportedSymbol[];
  rows: number;
}

/** Reads one exported file and checks it holds the columns and rows the manifest lists. */
async function readVersion(dir: string, symbol: string, v: ManifestVersion): Promise<Record<string, unknown>> {
  const file = path.resolve(dir, v.file);
  let table: Table;
  try {
    table = await readParquetFile(file);
  } catch (cause) {
    throw new ExportDirectoryError(`'${symbol}' version ${v.version}: ${v.file} cannot be read as Parquet: ${(cause as Error).message}`, { symbol, version: v.version, file, cause });
  }
  const expected = v.columns.map((_, i) => fileColumn(i));
  const names = table.columnNames();
  if (names.join(",") !== expected.join(",") || table.numRows() !== v.rows) {
    throw new ExportDirectoryError(
      `'${symbol}' version ${v.version}: ${v.file} holds ${table.numRows()} rows of columns [${names.join(", ")}]; the manifest lists ${v.rows} rows of [${expected.join(", ")}]`,
      { symbol, version: v.version, file },
    );
  }
  const data: Record<string, unknown> = {};
  v.columns.forEach((c, i) => (data[c.name] = fromParquetColumn(c.type, rawColumn(table, fileColumn(i)))));
  return data;
}

/**
 * Restores a directory {@link exportLibrary} wrote: each exported version becomes a version of its
 * symbol, in order, with the same values, column types and metadata. When the export holds every version
 * (`allVersions`) and a symbol is new to the library, its version numbers are the exported ones too
 * (versions deleted before the export are made and deleted again, so the numbers match). Creation times
 * are those of the import; the manifest keeps the original ones.
 *
 * Everything is checked before anything is stored: the manifest, every file it names (read in full), and
 * (with mode "refuse") that no symbol exists in the library.
 * @throws ExportDirectoryError naming the manifest or file that is missing or does not match;
 *   SymbolExistsError naming the first symbol the library already has (mode "refuse"). Nothing is stored then.
 * @example await importLibrary(arctic, "/tmp/prices-export", { library: "prices_copy" })
 */
export async function importLibrary(arctic: Arctic, dir: string, options: LibraryImportOptions = {}): Promise<LibraryImportResult> {
  const mode = options.mode ?? "refuse";
  const manifest: ExportManifest = readManifest(dir);
  const name = options.library ?? manifest.library;
  const library: Library | null = (await arctic.hasLibrary(name)) ? await arctic.getLibrary(name) : null;
  const existing = new Set<string>();
  if (library) for (const s of manifest.symbols) if (await library.hasSymbol(s.symbol)) existing.add(s.symbol);
  if (mode === "refuse" && existing.size > 0) {
    const first = manifest.symbols.find((s) => existing.has(s.symbol))!.symbol;
    throw new SymbolExistsError(
      `import: library '${name}' already has '${first}'${existing.size > 1 ? ` (and ${existing.size - 1} more of the export's symbols)` : ""}; nothing was imported. Use mode "replace" or "append-versions", or another library`,
      { library: name, symbol: first },
    );
  }
  for (const s of manifest.symbols) for (const v of s.versions) await readVersion(dir, s.symbol, v);

  const target = library ?? (await arctic.getLibrary(name, { createIfMissing: true }));
  const keepNumbers = manifest.selection.kind === "all-versions";
  const total = manifest.symbols.reduce((n, s) => n + s.versions.length, 0);
  const result: LibraryImportResult = { library: name, symbols: [], rows: 0 };
  let done = 0;
  for (const s of manifest.symbols) {
    const before = existing.has(s.symbol) ? (await target.listVersions(s.symbol)).filter((v) => !v.deleted).map((v) => v.version) : [];
    const fillers: number[] = [];
    const stored: number[] = [];
    for (const v of s.versions) {
      const data = await readVersion(dir, s.symbol, v);
      const write = () => target.write(s.symbol, data, v.metadata === undefined ? {} : { metadata: v.metadata });
      let item = await write();
      while (keepNumbers && !existing.has(s.symbol) && item.version < v.version) {
        fillers.push(item.version);
        item = await write();
      }
      stored.push(item.version);
      result.rows += v.rows;
      done++;
      options.onProgress?.({ symbol: s.symbol, version: v.version, done, total });
    }
    if (fillers.length > 0) await target.delete(s.symbol, { versions: fillers });
    if (mode === "replace" && before.length > 0) await target.delete(s.symbol, { versions: before });
    result.symbols.push({ symbol: s.symbol, exported: s.versions.map((v) => v.version), stored });
  }
  return result;
}
