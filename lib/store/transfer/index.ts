/** Getting a library out of the store as Parquet files with a manifest, and back in. */
export { exportLibrary } from "./exportLibrary";
export type { LibraryExportOptions, LibraryExportResult } from "./exportLibrary";
export { importLibrary } from "./importLibrary";
export type { LibraryImportMode, LibraryImportOptions, LibraryImportResult, ImportedSymbol } from "./importLibrary";
export { MANIFEST_FILE } from "./manifest";
export type { ExportManifest, ManifestVersion } from "./manifest";
