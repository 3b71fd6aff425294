import * as fs from "fs";
import * as path from "path";
import { COLUMN_TYPES, ColumnType } from "../../frame";
import { ExportDirectoryError } from "../../errors";

/** The name of the manifest file in an export directory. */
export const MANIFEST_FILE = "manifest.json";

/** Identifies a manifest this store wrote, and the layout it describes. */
export const MANIFEST_FORMAT = "quantlab-store-export";
export const MANIFEST_FORMAT_VERSION = 1;

/** One exported version of a symbol: its Parquet file and what it held. */
export interface ManifestVersion {
  /** The version number in the exporting library. */
  version: number;
  /** When the version was created there (ISO-8601, UTC). */
  created: string;
  /** The Parquet file, relative to the directory. */
  file: string;
  rows: number;
  /** The version's columns in order, with their store types; column i is `c_i` in the file. */
  columns: { name: string; type: ColumnType }[];
  /** The version's user metadata; absent when it had none. */
  metadata?: unknown;
}

/** What an export directory holds; the file `manifest.json` of the directory. */
export interface ExportManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  /** The library exported. */
  library: string;
  /** What was exported: each symbol's latest version, the versions of a snapshot, or every live version. */
  selection: { kind: "latest" } | { kind: "snapshot"; snapshot: string } | { kind: "all-versions" };
  exportedAt: string;
  /** The symbols, each with its versions oldest first. */
  symbols: { symbol: string; versions: ManifestVersion[] }[];
}

/** The name of column `i` in an exported Parquet file (user names live in the manifest). */
export const fileColumn = (i: number) => `c_${i}`;

/**
 * Reads and checks the manifest of `dir`, and that every file it names exists.
 * @throws ExportDirectoryError naming the manifest or the missing file.
 */
export function readManifest(dir: string): ExportManifest {
  const file = path.join(dir, MANIFEST_FILE);
  const fail = (message: string, details: { symbol?: string; file?: string; version?: number } = {}) =>
    new ExportDirectoryError(message, { file, ...details });
  if (!fs.existsSync(file)) throw fail(`'${dir}' holds no ${MANIFEST_FILE}: it is not a directory 'quantlab store export' wrote (or the export did not finish)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ExportDirectoryError(`${file} is not JSON: ${(cause as Error).message}`, { file, cause });
  }
  const m = parsed as ExportManifest;
  if (typeof m !== "object" || m === null || m.format !== MANIFEST_FORMAT) throw fail(`${file} is not a quantlab store export manifest (no format "${MANIFEST_FORMAT}")`);
  if (m.formatVersion !== MANIFEST_FORMAT_VERSION) throw fail(`${file} has format version ${String(m.formatVersion)}; this quantlab reads version ${MANIFEST_FORMAT_VERSION}`);
  if (typeof m.library !== "string" || !Array.isArray(m.symbols)) throw fail(`${file} lacks its library or symbols`);
  for (const s of m.symbols) {
    if (typeof s?.symbol !== "string" || !Array.isArray(s.versions)) throw fail(`${file}: an entry of symbols lacks its symbol or versions`);
    for (const v of s.versions) {
      const ok =
        Number.isInteger(v?.version) &&
        typeof v.file === "string" &&
        Number.isInteger(v.rows) &&
        Array.isArray(v.columns) &&
        v.columns.every((c) => typeof c?.name === "string" && COLUMN_TYPES.includes(c.type));
      if (!ok) throw fail(`${file}: a version of '${s.symbol}' lacks its version, file, rows or columns (with types ${COLUMN_TYPES.join(", ")})`, { symbol: s.symbol });
      const target = path.resolve(dir, v.file);
      if (path.relative(path.resolve(dir), target).startsWith("..") || path.isAbsolute(v.file)) {
        throw fail(`${file}: '${s.symbol}' version ${v.version} names '${v.file}', outside the directory`, { symbol: s.symbol, version: v.version });
      }
      if (!fs.existsSync(target)) {
        throw new ExportDirectoryError(`'${s.symbol}' version ${v.version}: ${MANIFEST_FILE} names ${v.file}, which is missing from '${dir}'`, {
          symbol: s.symbol,
          version: v.version,
          file: target,
        });
      }
    }
  }
  return m;
}
